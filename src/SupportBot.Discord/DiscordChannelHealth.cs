using System.Globalization;
using SupportBot.Core.Channels;

namespace SupportBot.Discord;

/// <summary>
/// Discord's answer to the readiness probe: ready while every gateway shard of this process has a live session (READY
/// or RESUMED), or, with <c>Discord:Gateway</c> false, while the HTTP interactions endpoint serves, or while it stands by
/// holding no shard because the other processes run them all; not ready while a shard connects or reconnects, nor after
/// a fatal error.
/// </summary>
public sealed class DiscordChannelHealth(DiscordChannelStatus status) : IChannelHealth
{
    /// <inheritdoc />
    public string Channel => "discord";

    /// <inheritdoc />
    public ChannelReadiness Check()
    {
        if (status.FatalError is { } error)
        {
            return new ChannelReadiness(false, "stopped: " + error);
        }

        if (status.HttpOnly)
        {
            return new ChannelReadiness(true, "HTTP interactions endpoint (no gateway)");
        }

        var shards = status.Shards;
        if (shards.Count == 0 && status.IsStandby)
        {
            return new ChannelReadiness(true, $"standby: other instances run every shard; this one takes over a shard within {ShardClaims.Duration.TotalSeconds:0} s of its instance stopping");
        }

        if (shards.Count == 0)
        {
            return new ChannelReadiness(false, "gateway connecting");
        }

        var waiting = shards.Where(s => !s.Ready).Select(s => s.ShardId.ToString(CultureInfo.InvariantCulture)).ToList();
        var all = string.Join(", ", shards.Select(s => s.ShardId.ToString(CultureInfo.InvariantCulture)));
        return waiting.Count == 0
            ? new ChannelReadiness(true, $"gateway connected (shards {all})")
            : new ChannelReadiness(false, $"gateway connecting or reconnecting (shards {string.Join(", ", waiting)} of {all})");
    }
}
