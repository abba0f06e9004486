using Microsoft.Extensions.Options;
using SupportBot.Core.Content;

namespace SupportBot.Chain.Lookup;

/// <summary>One EVM network the lookup asks, with its endpoints in fail-over order.</summary>
public sealed record ChainTarget(NetworkDefinition Network, IReadOnlyList<Uri> Endpoints)
{
    public string Key => Network.Key;

    public long ChainId => Network.ChainId!.Value;
}

/// <summary>
/// The networks to ask and their endpoints: the registry in content, with configuration overrides applied.
/// Endpoints found to serve another chain at start-up are dropped here.
/// </summary>
public sealed class ChainEndpoints
{
    private readonly Lock gate = new();
    private IReadOnlyList<ChainTarget> targets;

    public ChainEndpoints(ContentCatalog content, IOptions<ChainOptions> options)
    {
        var settings = options.Value;
        targets = [.. content.Networks.Values
            .Where(n => n.Active && n.ChainId is not null)
            .Where(n => settings.Networks is null || settings.Networks.Contains(n.Key))
            .Select(n => new ChainTarget(n, [.. (settings.Endpoints.GetValueOrDefault(n.Key) ?? [.. n.Rpc]).Select(u => new Uri(u))]))
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

    /// <summary>Stops using an endpoint (it reported another chain id).</summary>
    public void Remove(string network, Uri endpoint)
    {
        lock (gate)
        {
            targets = [.. targets.Select(t => t.Key == network ? t with { Endpoints = [.. t.Endpoints.Where(e => e != endpoint)] } : t)];
        }
    }
}
