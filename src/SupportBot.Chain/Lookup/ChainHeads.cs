using System.Collections.Concurrent;

namespace SupportBot.Chain.Lookup;

/// <summary>
/// The latest block each network reported, and when. Every lookup batch carries eth_blockNumber, so this stays fresh
/// while the bot is in use; an address lookup uses it to ask for recent transfer logs in its first batch, without
/// waiting for the head first.
/// </summary>
public sealed class ChainHeads(TimeProvider time)
{
    /// <summary>Older than this, a head is not trusted as the start of the search window.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (long Block, DateTimeOffset At)> heads = new(StringComparer.Ordinal);

    public void Observe(string network, long block)
    {
        var now = time.GetUtcNow();
        heads.AddOrUpdate(network, (block, now), (_, seen) => block >= seen.Block ? (block, now) : seen);
    }

    /// <summary>The network's head if it was seen within <see cref="MaxAge"/>.</summary>
    public long? Recent(string network) =>
        heads.TryGetValue(network, out var seen) && time.GetUtcNow() - seen.At <= MaxAge ? seen.Block : null;
}
