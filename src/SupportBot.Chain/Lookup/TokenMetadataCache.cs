using System.Collections.Concurrent;

namespace SupportBot.Chain.Lookup;

/// <summary>What a token says about itself; null where it does not say (or the call reverted).</summary>
public sealed record TokenMetadata(string? Symbol, string? Name, int? Decimals);

/// <summary>
/// Token metadata without a request: the network's known tokens, then tokens read from the chain before. Only
/// metadata with decimals is remembered, so an answer spoiled by a rate limit or an outage is asked again next time
/// instead of showing raw amounts for as long as the process lives.
/// </summary>
public sealed class TokenMetadataCache
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<(string Network, string Contract), TokenMetadata> read = new();

    /// <summary>Known or remembered metadata, or null when the chain must be asked.</summary>
    public TokenMetadata? Get(ChainTarget target, string contract) =>
        target.Known(contract) is { } known
            ? new TokenMetadata(known.Symbol, null, known.Decimals)
            : read.GetValueOrDefault((target.Key, contract.ToLowerInvariant()));

    /// <summary>Remembers metadata read from the chain; returns false (and forgets nothing) when it is incomplete.</summary>
    public bool Remember(string network, string contract, TokenMetadata metadata)
    {
        if (metadata.Decimals is null)
        {
            return false;
        }

        if (read.Count >= MaxEntries)
        {
            read.Clear();
        }

        read[(network, contract.ToLowerInvariant())] = metadata;
        return true;
    }
}
