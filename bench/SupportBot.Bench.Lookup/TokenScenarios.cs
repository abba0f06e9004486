using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using SupportBot.Core.Content;
using static System.FormattableString;

namespace SupportBot.Bench.Lookup;

/// <summary>One token case: a transaction or an address lookup, with a token on the known list or one never seen.</summary>
internal sealed record TokenCase(string Id, string Description, bool Address, bool Known)
{
    /// <summary>The issue's targets: one round trip when the token is known, two when it is not.</summary>
    public double Target => Known ? 1.2 : 2.2;

    /// <summary>One request per network, plus the home network's second one for a token never seen.</summary>
    public int ExpectedRequests(int networks) => networks + (Known ? 0 : 1);
}

/// <summary>One token case measured; <c>SlowestRoundTrip</c> is one plain batch request to the slowest network alone (the ratio's unit).</summary>
internal sealed record TokenResult(TokenCase Case, Stats Ours, Stats SlowestRoundTrip, string SlowestNetwork, IReadOnlyCollection<int> RequestsPerLookup,
    int ExpectedRequests, int Warnings)
{
    public double Ratio => Ours.Median / SlowestRoundTrip.Median;

    public bool Pass => Ratio <= Case.Target;
}

/// <summary>
/// Round trips of token lookups, against the slowest network's single round trip, in layout A (the home network is the
/// slowest, 200 ms): a token transfer and an address holding a token, each with a token on the network's known list
/// (configured as an environment would, <c>Chain:Tokens:bsc</c>) and with a token deployed just before, so neither its
/// metadata nor anything else about it can be cached.
/// </summary>
internal sealed class TokenScenarios(ContentCatalog content, Testbed testbed, PlainRpc plain, Settings settings)
{
    public static readonly TokenCase[] Cases =
    [
        new("tx-known", "token transfer, token on the known list", Address: false, Known: true),
        new("tx-new", "token transfer, token never seen before", Address: false, Known: false),
        new("addr-known", "address holding a token on the known list", Address: true, Known: true),
        new("addr-new", "address holding a token never seen before", Address: true, Known: false),
    ];

    private int recipients;

    public async Task<IReadOnlyList<TokenResult>> MeasureAsync(CancellationToken cancellationToken)
    {
        var layout = Scenarios.Layouts(testbed).First();
        foreach (var chain in testbed.Chains)
        {
            chain.Proxy.Delay = TimeSpan.FromMilliseconds(layout.LatencyMs[chain.Key]);
        }

        var known = await testbed.DeployTokenAsync("Tether USD", "USDT", 18).ConfigureAwait(false);
        var home = testbed.Home.Key;
        KeyValuePair<string, string?>[] tokens =
        [
            new($"Chain:Tokens:{home}:0:Contract", known), new($"Chain:Tokens:{home}:0:Symbol", "USDT"), new($"Chain:Tokens:{home}:0:Decimals", "18"),
        ];
        using var composition = new LookupComposition(content, testbed.Chains.Select(c => (c.Key, c.Proxy.Url)), extra: tokens);

        Console.WriteLine();
        Console.WriteLine(Invariant($"Token lookups, layout A ({home} the slowest at {layout.LatencyMs[home]} ms, the others {layout.LatencyMs.Values.Where(v => v < layout.LatencyMs[home]).Min()}–{layout.LatencyMs.Values.Where(v => v < layout.LatencyMs[home]).Max()} ms)"));
        Console.WriteLine(Invariant($"  known list on {home}: USDT {known} (Chain:Tokens:{home}); a new token is deployed before each lookup of the \"never seen\" cases"));
        var results = new List<TokenResult>();
        foreach (var tokenCase in Cases)
        {
            results.Add(await MeasureCaseAsync(tokenCase, composition, known, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<TokenResult> MeasureCaseAsync(TokenCase tokenCase, LookupComposition composition, string known, CancellationToken cancellationToken)
    {
        Console.WriteLine(Invariant($"  {tokenCase.Id}: {tokenCase.Description} — {settings.Warmups} warm-ups, {settings.Repetitions} timed lookups, each after every network's round trip timed alone …"));
        for (var i = 0; i < settings.Warmups; i++)
        {
            await RunOnceAsync(tokenCase, composition, known, cancellationToken).ConfigureAwait(false);
        }

        var alone = testbed.Chains.ToDictionary(c => c.Key, _ => new List<double>());
        var ours = new List<double>();
        var requests = new SortedSet<int>();
        var warningsBefore = composition.Warnings.Count;
        for (var i = 0; i < settings.Repetitions; i++)
        {
            var probe = NextRecipient();
            foreach (var chain in testbed.Chains)
            {
                var single = Stopwatch.StartNew();
                await plain.RoundTripAsync(chain.Proxy.Url, probe, cancellationToken).ConfigureAwait(false);
                alone[chain.Key].Add(single.Elapsed.TotalMilliseconds);
            }

            var (elapsed, forwarded) = await RunOnceAsync(tokenCase, composition, known, cancellationToken).ConfigureAwait(false);
            ours.Add(elapsed);
            requests.Add(forwarded);
        }

        var slowest = alone.MaxBy(a => Stats.Of(a.Value).Median);
        var result = new TokenResult(tokenCase, Stats.Of(ours), Stats.Of(slowest.Value), slowest.Key, requests, tokenCase.ExpectedRequests(testbed.Chains.Count),
            composition.Warnings.Count - warningsBefore);
        Report.Token(result);
        return result;
    }

    /// <summary>Prepares a fresh transfer (and token, when new), then times one lookup; checks its answer.</summary>
    /// <returns>The lookup's wall time in milliseconds and the HTTP requests the proxies forwarded during it.</returns>
    private async Task<(double Elapsed, int Forwarded)> RunOnceAsync(TokenCase tokenCase, LookupComposition composition, string known, CancellationToken cancellationToken)
    {
        var symbol = tokenCase.Known ? "USDT" : "BT" + (recipients + 1).ToString(CultureInfo.InvariantCulture);
        var token = tokenCase.Known ? known : await testbed.DeployTokenAsync("Bench Token", symbol, 6).ConfigureAwait(false);
        var recipient = NextRecipient();
        var amount = new BigInteger(42_000_001);
        var hash = await testbed.SendTokenAsync(token, recipient, amount).ConfigureAwait(false);

        var before = testbed.ForwardedRequests;
        var clock = Stopwatch.StartNew();
        if (tokenCase.Address)
        {
            var result = await composition.Lookup.FindAddressAsync(recipient, null, cancellationToken).ConfigureAwait(false);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var held = result.Networks.SelectMany(n => n.Tokens.Select(t => (n.Network, t))).ToList();
            if (held is not [var (network, balance)] || network != testbed.Home.Key || balance.Symbol != symbol || balance.Listed != tokenCase.Known
                || balance.RawAmount != amount || result.Unreachable.Count > 0)
            {
                throw new InvalidOperationException($"Unexpected address lookup for {recipient}: tokens [{string.Join(", ", held.Select(h => $"{h.Network} {h.t.AmountText} {h.t.Symbol}"))}], "
                                                    + $"unreachable [{string.Join("; ", result.Unreachable.Select(u => $"{u.Network}: {u.Reason}"))}]");
            }

            return (elapsed, testbed.ForwardedRequests - before);
        }
        else
        {
            var result = await composition.Lookup.FindTransactionAsync(hash, cancellationToken).ConfigureAwait(false);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (result.Found is not [{ } found] || found.Network != testbed.Home.Key || found.TokenTransfers is not [{ } transfer] || transfer.Symbol != symbol
                || transfer.RawAmount != amount || !found.ToIsContract || result.Unreachable.Count > 0)
            {
                throw new InvalidOperationException($"Unexpected transaction lookup for {hash}: found on [{string.Join(", ", result.Found.Select(f => f.Network))}], "
                                                    + $"unreachable [{string.Join("; ", result.Unreachable.Select(u => $"{u.Network}: {u.Reason}"))}]");
            }

            return (elapsed, testbed.ForwardedRequests - before);
        }
    }

    /// <summary>A fresh address with nothing on any network.</summary>
    private string NextRecipient() => "0x7e570000000000000000000000000000" + (++recipients).ToString("x8", CultureInfo.InvariantCulture);
}
