using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Telegram.Updates;

namespace SupportBot.Telegram;

/// <summary>
/// Telegram's part of <c>/readyz</c>. Ready once the bot registered with Telegram (getMe, commands, the webhook set or
/// removed) and until Telegram rejects the token. In polling mode an instance on standby (another holds the polling
/// lease) is ready too: it serves no traffic, and taking it out of rotation would only hide that it is there to take over.
/// </summary>
public sealed class TelegramChannelHealth(IOptions<TelegramOptions> options, TelegramPollingLease pollingLease) : IChannelHealth
{
    private volatile string? failure;
    private volatile bool registered;

    /// <inheritdoc />
    public string Channel => TelegramUpdateHandler.Channel;

    /// <inheritdoc />
    public ChannelReadiness Check()
    {
        if (failure is { } reason)
        {
            return new ChannelReadiness(false, reason);
        }

        if (!registered)
        {
            return new ChannelReadiness(false, "registering with Telegram");
        }

        if (options.Value.Mode == TelegramMode.Webhook)
        {
            return new ChannelReadiness(true, "webhook set");
        }

        return pollingLease.Held
            ? new ChannelReadiness(true, "polling")
            : new ChannelReadiness(true, $"standby: another instance polls; this one takes over within {TelegramPollingLease.Duration.TotalSeconds:0} s of it stopping");
    }

    /// <summary>Registered with Telegram: updates can come.</summary>
    internal void Registered()
    {
        registered = true;
        failure = null;
    }

    /// <summary>Telegram refused the bot for good (a revoked token): nothing works until an operator acts.</summary>
    internal void Failed(string reason) => failure = reason;

    /// <summary>A call succeeded again after <see cref="Failed"/>.</summary>
    internal void Recovered() => failure = null;
}
