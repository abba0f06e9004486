using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Scams;

namespace SupportBot.Chain.Lookup;

/// <summary>
/// A token whose balance an address lookup always reads on its network; its metadata needs no request. The contract
/// is kept as configured (EIP-55 in content).
/// </summary>
public sealed record KnownToken(string Contract, string Symbol, int Decimals)
{
    /// <summary>The contract in lower case, as logs and receipts carry it.</summary>
    public string Key { get; } = Contract.ToLowerInvariant();
}

/// <summary>One EVM network the lookup asks, with its endpoints in fail-over order and its known tokens.</summary>
public sealed record ChainTarget(NetworkDefinition Network, IReadOnlyList<Uri> Endpoints, IReadOnlyList<KnownToken> Tokens)
{
    public string Key => Network.Key;

    public long ChainId => Network.ChainId!.Value;

    public KnownToken? Known(string contract) => Tokens.FirstOrDefault(t => t.Key == contract.ToLowerInvariant());

    /// <summary>The known token that <paramref name="contract"/> copies by symbol or name, if it does (see <see cref="FakeTokenDetector"/>).</summary>
    public ImitatedToken? Imitated(string contract, string? symbol, string? name) =>
        FakeTokenDetector.Imitated([.. Tokens.Select(t => (t.Contract, t.Symbol))], contract, symbol, name);
}

/// <summary>
/// The networks to ask, their endpoints and known tokens: the registry in content, with configuration overrides applied.
/// Endpoints found to serve another chain are dropped here; endpoints whose chain id was confirmed are remembered.
/// </summary>
public sealed class ChainEndpoints
{
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<(string Network, Uri Endpoint), bool> verified = new();
    private readonly ConcurrentDictionary<string, string> dropped = new(StringComparer.Ordinal);
    private IReadOnlyList<ChainTarget> targets;

    public ChainEndpoints(ContentCatalog content, IOptions<ChainOptions> options)
    {
        var settings = options.Value;
        targets = [.. content.Networks.Values
            .Where(n => n.Active && n.ChainId is not null)
            .Where(n => settings.Networks is null || settings.Networks.Contains(n.Key))
            .Select(n => new ChainTarget(n,
                [.. (settings.Endpoints.GetValueOrDefault(n.Key) ?? [.. n.Rpc]).Select(u => new Uri(u))],
                settings.Tokens.TryGetValue(n.Key, out var configured)
                    ? [.. configured.Select(t => new KnownToken(t.Contract!, t.Symbol!, t.Decimals))]
                    : [.. n.Tokens.Select(t => new KnownToken(t.Contract, t.Symbol, t.Decimals))]))
            .Where(t => t.Endpoints.Count > 0)];
    }

    public IReadOnlyList<ChainTarget> Targets
    {
        get
        {
            lock (gate)
            {
                return targets;
            }
        }
    }

    /// <summary>The network as it is now (endpoints may have been dropped since a lookup began).</summary>
    public ChainTarget? Target(string network) => Targets.FirstOrDefault(t => t.Key == network);

    /// <summary>True once the endpoint has reported the network's chain id.</summary>
    public bool IsVerified(string network, Uri endpoint) => verified.ContainsKey((network, endpoint));

    public void MarkVerified(string network, Uri endpoint) => verified[(network, endpoint)] = true;

    /// <summary>Why endpoints of a network were dropped, when any were.</summary>
    public string? DroppedReason(string network) => dropped.GetValueOrDefault(network);

    /// <summary>Stops using an endpoint (it reported another chain id).</summary>
    public void Remove(string network, Uri endpoint, string reason)
    {
        lock (gate)
        {
            targets = [.. targets.Select(t => t.Key == network ? t with { Endpoints = [.. t.Endpoints.Where(e => e != endpoint)] } : t)];
        }

        dropped[network] = reason;
    }
}
