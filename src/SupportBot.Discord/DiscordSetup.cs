using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Tickets;
using SupportBot.Discord.Channel;
using SupportBot.Discord.Gateway;
using SupportBot.Discord.Interactions;
using SupportBot.Discord.Rest;

namespace SupportBot.Discord;

/// <summary>Registers the Discord channel. Options are always bound and validated; the channel runs only with a token.</summary>
public static class DiscordSetup
{
    public static IServiceCollection AddDiscordOptions(this IServiceCollection services)
    {
        services.AddOptions<DiscordOptions>().BindConfiguration(DiscordOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>();
        return services;
    }

    public static IServiceCollection AddDiscordChannel(this IServiceCollection services)
    {
        services.AddDiscordRest();
        services.AddSingleton<DiscordTicketChannel>();
        services.AddSingleton<ITicketChannel>(sp => sp.GetRequiredService<DiscordTicketChannel>());
        services.AddSingleton<DiscordTickets>();
        services.AddSingleton<DiscordGuilds>();
        services.AddSingleton<DiscordScams>();
        services.AddSingleton<DiscordBot>();
        services.AddSingleton<IInteractionHandler>(sp => sp.GetRequiredService<DiscordBot>());
        services.AddSingleton<DiscordChannelStatus>();
        services.AddSingleton<IChannelHealth, DiscordChannelHealth>();
        services.AddHostedService<DiscordChannelService>();

        // A graceful stop waits for interactions already answered with "thinking…", as for gateway events already received.
        services.AddSingleton<DeferredInteractions>();
        services.AddHostedService(sp => sp.GetRequiredService<DeferredInteractions>());
        return services;
    }
}

/// <summary>Checks the Discord settings at start-up; every message names the key to fix.</summary>
public sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.InteractionsOverHttp && (options.PublicKey is not { Length: 64 } key || !key.All(char.IsAsciiHexDigit)))
        {
            errors.Add("Discord:PublicKey must be the application's public key (64 hex characters) when Discord:InteractionsOverHttp is true");
        }

        if (!options.Gateway && !options.InteractionsOverHttp)
        {
            errors.Add("Discord:Gateway can be false only with Discord:InteractionsOverHttp true: without either, nothing reaches the bot");
        }

        if (options.ShardCount < 0)
        {
            errors.Add("Discord:ShardCount must be the bot's total number of shards, or 0 for the number Discord recommends");
        }
        else if (options.ShardIds is not null && options.ShardId is not null)
        {
            errors.Add("Discord:ShardId and Discord:ShardIds are both set: keep Discord:ShardIds alone (e.g. \"0,1\")");
        }
        else if (options.ShardIdList() is { } listed && listed.Any(id => id is not >= 0))
        {
            errors.Add($"Discord:ShardIds must be shard numbers separated by commas (e.g. \"0,1\"), not \"{options.ShardIds}\"");
        }
        else if (options.ShardCount > 0)
        {
            try
            {
                options.ShardsToRun(options.ShardCount);
            }
            catch (ArgumentException ex)
            {
                errors.Add(ex.Message);
            }
        }

        if (options.TicketChannelId is not null)
        {
            if (options.StaffRoleId is not > 0)
            {
                errors.Add("Discord:StaffRoleId must be the staff role's id when Discord:TicketChannelId is set: only its members may answer tickets");
            }

            if (!options.Gateway || !options.MessageContentIntent)
            {
                errors.Add("Discord:TicketChannelId needs Discord:Gateway and Discord:MessageContentIntent true: staff replies in ticket threads are read from the gateway");
            }
        }

        if (options.GuildMembersIntent && !options.Gateway)
        {
            errors.Add("Discord:GuildMembersIntent needs Discord:Gateway true: joins arrive only over the gateway");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out _))
        {
            errors.Add("Discord:ApiBaseUrl must be an absolute URL");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>
/// Runs the Discord channel for as long as the host runs: registers the slash commands through REST when interactions
/// come over HTTP (there is no READY to do it then), and keeps the gateway connected unless switched off. A fatal
/// error (bad token, intents not enabled) stops the host, recorded in <see cref="DiscordChannelStatus"/> so the process
/// exits with an error instead of reconnecting forever.
/// </summary>
public sealed class DiscordChannelService(
    IOptions<DiscordOptions> options,
    IDiscordRest rest,
    DiscordBot bot,
    DiscordChannelStatus status,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers,
    ILeaseStore? leases = null) : BackgroundService
{
    private readonly ILogger logger = loggers.CreateLogger<DiscordChannelService>();

    // Fires when the host's shutdown timeout runs out: until then, events already received are still handled.
    private readonly CancellationTokenSource abort = new();

    /// <summary>
    /// Graceful stop (SIGTERM): the gateway connections close at once, so no new event arrives, while the events
    /// already received are handled to the end, within the host's shutdown timeout.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(abort.Cancel);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var delay = TimeSpan.FromSeconds(1); !stoppingToken.IsCancellationRequested; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks)))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is GatewayFatalException or DiscordRestException { Failure: DiscordRestFailure.TokenRejected })
            {
                logger.LogCritical("Discord stopped: {Reason}", ex.Message);
                status.Fail(ex.Message);
                lifetime.StopApplication();
                return;
            }
            catch (Exception ex)
            {
                // Discord unreachable (network, an outage): wait it out; the gateway client handles drops once connected.
                logger.LogWarning("Discord is not reachable ({Error}); retrying in {Seconds} s", ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Gateway)
        {
            // The endpoint serves interactions from the start; registering the commands does not change that.
            status.RunHttpOnly();
        }

        if (settings.InteractionsOverHttp)
        {
            try
            {
                await bot.RegisterCommandsAsync(stoppingToken);
            }
            catch (DiscordRestException ex) when (ex is { Failure: DiscordRestFailure.HttpError, StatusCode: HttpStatusCode.BadRequest or HttpStatusCode.Forbidden })
            {
                // Refused, not unreachable: trying again won't help, and the rest of the bot (DMs, buttons) still works.
                logger.LogError(ex, "Discord refused the slash commands; the ones registered before stay");
            }
        }

        if (!settings.Gateway)
        {
            logger.LogInformation("Discord runs on its HTTP interactions endpoint alone (Discord:Gateway is false)");
            return;
        }

        if (!settings.MessageContentIntent)
        {
            logger.LogWarning("Discord:MessageContentIntent is off: server messages arrive empty, so the secret guard and the scam checks see nothing in servers (DMs and /check still work)");
        }
        else if (!settings.GuildMembersIntent)
        {
            logger.LogInformation("Discord:GuildMembersIntent is off: joins are not seen, so a member's name is checked for impersonation on their first message");
        }

        await new DiscordShards(settings, rest, bot, status, time, loggers, leases).RunAsync(stoppingToken, abort.Token);
    }
}
