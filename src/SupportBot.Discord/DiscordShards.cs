using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Channels;
using SupportBot.Discord.Gateway;
using SupportBot.Discord.Rest;

namespace SupportBot.Discord;

/// <summary>
/// Runs the gateway shards of this process, each on its own connection, all handing their events to one handler: the
/// shards <c>Discord:ShardIds</c> names, or, when it is unset and the bot runs as several processes on one shared
/// <see cref="ILeaseStore"/>, the shards this process holds the lease of (<see cref="ShardClaims"/>), so that a dead
/// process's shards are taken over; alone (an in-memory store), every shard of <c>Discord:ShardCount</c>. They share the
/// day's Identify budget (<c>session_start_limit</c>) and an Identify queue: through the shared store when there are
/// several processes, so no two shards of one rate-limit bucket identify within 5 s whichever process runs them.
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
    private long nextClaimRoundTicks;

    /// <summary>Adjusts each shard's client options (tests: no reconnect pause, a fixed jitter).</summary>
    internal Func<GatewayClientOptions, GatewayClientOptions>? Configure { get; init; }

    /// <summary>This process's name on the shard leases: machine, process id and a random part (two hosts in one process differ).</summary>
    public string Holder { get; internal init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>When the next round of shard claims is due, once a round is done (tests wait for it before moving the clock on).</summary>
    internal DateTimeOffset NextClaimRound => new(Interlocked.Read(ref nextClaimRoundTicks), TimeSpan.Zero);

    /// <summary>
    /// Shards are claimed through leases: none is named for this process, and the store is shared. An
    /// <see cref="InMemoryLeaseStore"/> lives in this process alone (SQLite storage: one instance), which then runs every shard.
    /// </summary>
    private bool ClaimsShards => leases is not null and not InMemoryLeaseStore && settings.ShardIdList() is null && settings.ShardId is null;

    /// <summary>Runs every shard until <paramref name="stoppingToken"/> fires or one of them stops for good.</summary>
    /// <param name="stoppingToken">Stop taking new work: the connections close, then the shard leases are released.</param>
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

        using var oneFailed = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var runs = new List<Task>();
        RunningShard Start(int shardId)
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
            var stop = CancellationTokenSource.CreateLinkedTokenSource(oneFailed.Token);
            var run = RunShardAsync(client, stop.Token, oneFailed, abortToken);
            runs.Add(run);
            return new RunningShard(shardId, client, stop, run);
        }

        try
        {
            if (ClaimsShards)
            {
                logger.LogInformation("Claiming Discord shards of {ShardCount} through the shared store as {Holder} (max_concurrency {MaxConcurrency}, {Remaining} Identifies left today)",
                    shardCount, Holder, maxConcurrency, budget.Remaining);
                await RunClaimedAsync(new ShardClaims(leases!, Holder, shardCount, time, logger), Start, oneFailed).ConfigureAwait(false);
            }
            else
            {
                logger.LogInformation("Running Discord shards {Shards} of {ShardCount} (max_concurrency {MaxConcurrency}, {Remaining} Identifies left today)",
                    string.Join(", ", shardIds), shardCount, maxConcurrency, budget.Remaining);
                var shards = shardIds.Select(Start).ToList();
                try
                {
                    await Task.WhenAll(runs).ConfigureAwait(false);
                }
                finally
                {
                    shards.ForEach(s => s.Stop.Dispose());
                }
            }
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
    private static async Task RunShardAsync(DiscordGatewayClient client, CancellationToken stopToken, CancellationTokenSource all, CancellationToken abortToken)
    {
        try
        {
            await client.RunAsync(stopToken, abortToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await all.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs the shards this process holds the lease of, round after round: starts those it took, closes those it lost or
    /// gave up (releasing the latter once closed). On the way out the connections close first, then every lease is
    /// released, so another process takes the shards at once after a graceful stop.
    /// </summary>
    private async Task RunClaimedAsync(ShardClaims claims, Func<int, RunningShard> start, CancellationTokenSource oneFailed)
    {
        var running = new Dictionary<int, RunningShard>();
        var stopping = new List<Task>();
        try
        {
            for (var first = true; ; first = false)
            {
                var (run, giveUp) = await claims.RoundAsync(claim: !first, oneFailed.Token).ConfigureAwait(false);
                foreach (var shard in running.Values.Where(s => !run.Contains(s.Id)).ToList())
                {
                    running.Remove(shard.Id);
                    stopping.Add(StopShardAsync(shard, giveUp.Contains(shard.Id) ? claims : null));
                }

                foreach (var shardId in run.Where(id => !running.ContainsKey(id)))
                {
                    running[shardId] = start(shardId);
                }

                // Holding none after claiming: every shard is run by another process; this one stands by to take over.
                status.Standby(!first && running.Count == 0);
                // Waits until a fixed time, not for a span: what NextClaimRound says is when the round runs.
                var due = time.GetUtcNow() + ShardClaims.RenewEvery;
                Interlocked.Exchange(ref nextClaimRoundTicks, due.UtcTicks);
                while (time.GetUtcNow() is var now && now < due)
                {
                    await Task.Delay(due - now, time, oneFailed.Token).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Reached only by cancellation (a graceful stop, or a shard failed): every connection closes before any lease goes.
            await oneFailed.CancelAsync().ConfigureAwait(false);
            stopping.AddRange(running.Values.Select(shard => StopShardAsync(shard, null)));
            await Task.WhenAll(stopping).ConfigureAwait(false);
            await claims.ReleaseAllAsync(CancellationToken.None).ConfigureAwait(false);
            status.Standby(false);
        }
    }

    /// <summary>Closes a shard's connection (1000, as on a graceful stop); when it was given up, then releases its lease.</summary>
    private async Task StopShardAsync(RunningShard shard, ShardClaims? release)
    {
        status.Forget(shard.Id, shard.Client);
        await shard.Stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await shard.Run.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A failure is the run's to report (it stopped every shard); a cancellation is this stop.
            logger.LogDebug("Discord shard {ShardId} stopped: {Reason}", shard.Id, ex.Message);
        }
        finally
        {
            shard.Stop.Dispose();
        }

        if (release is not null)
        {
            await release.ReleaseAsync(shard.Id, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A shard this process runs: its client, what stops it alone, and its run.</summary>
    private sealed record RunningShard(int Id, DiscordGatewayClient Client, CancellationTokenSource Stop, Task Run);
}
