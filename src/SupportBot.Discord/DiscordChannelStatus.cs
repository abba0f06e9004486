using SupportBot.Discord.Gateway;

namespace SupportBot.Discord;

/// <summary>
/// What the Discord channel is doing: the gateway shards it runs, or the HTTP endpoint alone, and whether it stopped for
/// good (bad token, intents not enabled). The readiness probe reads it while the host runs; the host reads
/// <see cref="FatalError"/> after it stops, to exit with an error code rather than 0.
/// </summary>
public sealed class DiscordChannelStatus
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<int, DiscordGatewayClient> shards = [];
    private volatile string? fatalError;
    private volatile bool httpOnly;
    private volatile bool standby;

    /// <summary>Why the channel stopped; null while it runs or after a normal shutdown.</summary>
    public string? FatalError => fatalError;

    /// <summary>The channel runs on its HTTP interactions endpoint alone (no gateway).</summary>
    public bool HttpOnly => httpOnly;

    /// <summary>
    /// Shards are claimed through the shared store and this process holds none: the other processes run them all, and
    /// this one takes over a shard whose process stops.
    /// </summary>
    public bool IsStandby => standby;

    /// <summary>The shards this process runs and whether each has a live session (READY or RESUMED) now.</summary>
    public IReadOnlyList<(int ShardId, bool Ready)> Shards
    {
        get
        {
            lock (gate)
            {
                return [.. shards.Select(s => (s.Key, s.Value.IsReady))];
            }
        }
    }

    internal void Fail(string reason) => fatalError = reason;

    internal void RunHttpOnly() => httpOnly = true;

    internal void Standby(bool holdsNone) => standby = holdsNone;

    internal void Track(int shardId, DiscordGatewayClient client)
    {
        lock (gate)
        {
            shards[shardId] = client;
        }
    }

    /// <summary>The shard is no longer run here (its lease was lost or given up), unless a newer client runs it already.</summary>
    internal void Forget(int shardId, DiscordGatewayClient client)
    {
        lock (gate)
        {
            if (shards.TryGetValue(shardId, out var tracked) && tracked == client)
            {
                shards.Remove(shardId);
            }
        }
    }
}
