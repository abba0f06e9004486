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

    /// <summary>Why the channel stopped; null while it runs or after a normal shutdown.</summary>
    public string? FatalError => fatalError;

    /// <summary>The channel runs on its HTTP interactions endpoint alone (no gateway).</summary>
    public bool HttpOnly => httpOnly;

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

    internal void Track(int shardId, DiscordGatewayClient client)
    {
        lock (gate)
        {
            shards[shardId] = client;
        }
    }
}
