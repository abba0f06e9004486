using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Channels;
using SupportBot.Discord.Gateway;
using SupportBot.Discord.Rest;

namespace SupportBot.Discord;

/// <summary>
/// Runs the gateway shards of this process (<c>Discord:ShardIds</c> of <c>Discord:ShardCount</c>), each on its own
/// connection, all handing their events to one handler. They share the day's Identify budget
/// (<c>session_start_limit</c>) and an Identify queue: through the shared <see cref="ILeaseStore"/> when the bot runs
/// as several processes, so no two shards of one rate-limit bucket identify within 5 s whichever process runs them.
/// </summary>
public sealed class DiscordShards(
    DiscordOptions settings,
    IDiscordRest rest,
    IGatewayEventHandler handler,
    DiscordChannelStatus status,
    TimeProvider time,
    ILoggerFactory loggers,
    ILeaseStore? leases = null)
{
    /// <summary>Discord's Identify window: one Identify per bucket per 5 s.</summary>
    public static readonly TimeSpan IdentifyWindow = TimeSpan.FromSeconds(5);

    /// <summary>Added to the Identify lease: connecting and the Hello come between taking the slot and identifying.</summary>
    public static readonly TimeSpan IdentifySlack = TimeSpan.FromSeconds(1);

    private readonly ILogger logger = loggers.CreateLogger<DiscordShards>();

    /// <summary>Adjusts each shard's client options (tests: no reconnect pause, a fixed jitter).</summary>
    internal Func<GatewayClientOptions, GatewayClientOptions>? Configure { get; init; }

    /// <summary>Runs every shard until <paramref name="stoppingToken"/> fires or one of them stops for good.</summary>
    /// <param name="stoppingToken">Stop taking new work: the connections close.</param>
    /// <param name="abortToken">Stop handling the events already received too.</param>
    /// <exception cref="GatewayFatalException">A shard cannot go on (bad token, intents, no Identify left, bad shard settings).</exception>
    public async Task RunAsync(CancellationToken stoppingToken, CancellationToken abortToken)
    {
        var info = await rest.GetGatewayBotAsync(stoppingToken).ConfigureAwait(false);
        var shardCount = settings.ShardCount > 0 ? settings.ShardCount : Math.Max(1, info.Shards);
        IReadOnlyList<int> shardIds;
        try
        {
            shardIds = settings.ShardsToRun(shardCount);
        }
        catch (ArgumentException ex)
        {
            throw new GatewayFatalException(null, ex.Message);
        }

        if (settings.ShardCount > 0 && info.Shards > settings.ShardCount)
        {
            logger.LogWarning("Discord recommends {Recommended} shards; Discord:ShardCount is {ShardCount}", info.Shards, settings.ShardCount);
        }

        var maxConcurrency = Math.Max(1, info.SessionStartLimit.MaxConcurrency);
        var budget = new SessionStartBudget(info.SessionStartLimit, time,
            async ct => (await rest.GetGatewayBotAsync(ct).ConfigureAwait(false)).SessionStartLimit);
        var queue = new IdentifyQueue(leases ?? new InMemoryLeaseStore(time), maxConcurrency, IdentifyWindow, IdentifySlack, time);
        logger.LogInformation("Running Discord shards {Shards} of {ShardCount} (max_concurrency {MaxConcurrency}, {Remaining} Identifies left today)",
            string.Join(", ", shardIds), shardCount, maxConcurrency, budget.Remaining);

        using var oneFailed = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var runs = shardIds.Select(shardId =>
        {
            var options = new GatewayClientOptions
            {
                Token = settings.Token!,
                Intents = GatewayIntents.ForSupportBot(settings.MessageContentIntent, settings.GuildMembersIntent),
                GatewayUrl = new Uri(settings.GatewayUrl ?? info.Url),
                Shard = shardCount > 1 ? (shardId, shardCount) : null,
                SessionStarts = budget,
                IdentifyQueue = queue,
                MaxConcurrency = maxConcurrency,
                IdentifyWindow = IdentifyWindow,
            };
            var client = new DiscordGatewayClient(Configure?.Invoke(options) ?? options, handler, time, loggers.CreateLogger<DiscordGatewayClient>());
            status.Track(shardId, client);
            return RunShardAsync(client, oneFailed, abortToken);
        }).ToList();
        try
        {
            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The shards stopped because one failed: that failure, not the others' cancellation, is the reason.
            var failures = runs.Where(r => r.IsFaulted).SelectMany(r => r.Exception!.InnerExceptions).ToList();
            if ((failures.OfType<GatewayFatalException>().FirstOrDefault() ?? failures.FirstOrDefault()) is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            throw;
        }
    }

    /// <summary>
    /// One shard; when it fails, the others stop too: for good after a fatal error (the process exits with it), or to
    /// start again together.
    /// </summary>
    private static async Task RunShardAsync(DiscordGatewayClient client, CancellationTokenSource all, CancellationToken abortToken)
    {
        try
        {
            await client.RunAsync(all.Token, abortToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await all.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
