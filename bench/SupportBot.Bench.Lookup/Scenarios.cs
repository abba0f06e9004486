using System.Diagnostics;
using SupportBot.Chain.Tests.Fixtures;
using SupportBot.Core.Content;
using SupportBot.Core.Lookup;
using static System.FormattableString;

namespace SupportBot.Bench.Lookup;

/// <summary>One assignment of injected latencies to the networks.</summary>
/// <param name="Id">A or B.</param>
/// <param name="Home">The network the transaction is on.</param>
/// <param name="HomeRank">Where the home network's latency ranks: "slowest", "fastest", or "no latency".</param>
/// <param name="LatencyMs">
/// Per network key, in milliseconds: the proxy waits this long before forwarding each request, so it is what one HTTP
/// round trip to that network costs on top of anvil's own time.
/// </param>
internal sealed record Layout(string Id, string Home, string HomeRank, IReadOnlyDictionary<string, int> LatencyMs)
{
    /// <summary>False for the layout without injected latency: it shows local processing only and has no target.</summary>
    public bool Judged => LatencyMs.Values.Any(ms => ms > 0);

    public string Name => Judged
        ? Invariant($"{Id}: transaction on {Home} at {LatencyMs[Home]} ms (the {HomeRank}), the others {Others.Min()}–{Others.Max()} ms")
        : Invariant($"{Id}: transaction on {Home}, no injected latency: anvil, proxy and client processing only (no target)");

    private IEnumerable<int> Others => LatencyMs.Where(p => p.Key != Home).Select(p => p.Value);
}

/// <summary>One network timed alone, with the calls the lookup makes there.</summary>
internal sealed record ChainFloor(BenchChain Chain, int LatencyMs, int RoundTrips, Stats Alone)
{
    public int TheoreticalMs => RoundTrips * LatencyMs;
}

internal sealed record LayoutResult(
    Layout Layout,
    IReadOnlyList<ChainFloor> Chains,
    Stats Ours,
    Stats Cold,
    Stats Script,
    Stats SequentialBatched,
    IReadOnlyCollection<int> RequestsPerLookup,
    int Warnings)
{
    /// <summary>max over networks of (round trips that network needs × its latency).</summary>
    public int TheoreticalFloorMs => Chains.Max(c => c.TheoreticalMs);

    /// <summary>The network that is slowest on its own, measured.</summary>
    public ChainFloor Slowest => Chains.MaxBy(c => c.Alone.Median)!;

    public double FloorMs => Slowest.Alone.Median;
}

/// <summary>A network whose first endpoint hangs and whose second answers, with the product's default timings.</summary>
internal sealed record FailoverResult(string Network, TimeSpan Deadline, TimeSpan FailoverAfter, TimeSpan AttemptTimeout, int Retries, double FirstMs, Stats Wall,
    int Connections)
{
    /// <summary>"With room to spare": the answer must come within half the deadline.</summary>
    public const double Target = 0.5;

    public double Worst => Math.Max(FirstMs, Wall.Max);

    public bool Pass => Worst <= Target * Deadline.TotalMilliseconds;
}

internal sealed record HangingResult(
    string Network,
    TimeSpan Deadline,
    TimeSpan AttemptTimeout,
    int Retries,
    double FirstMs,
    Stats Wall,
    string Reason,
    int Connections);

/// <summary>The measurements: latency layouts (floor, ours, references) and the hanging endpoint.</summary>
internal sealed class Scenarios(ContentCatalog content, Testbed testbed, PlainRpc plain, Settings settings)
{
    /// <summary>BNB Smart Chain: the transactions exist there and nowhere else.</summary>
    public const long HomeChainId = 56;

    /// <summary>Ethereum: the network whose endpoint hangs in the deadline case.</summary>
    public const long HangingChainId = 1;

    public static readonly TimeSpan HangingDeadline = TimeSpan.FromSeconds(1.5);

    /// <summary>Longer than the deadline, so only the deadline can end the wait.</summary>
    public static readonly TimeSpan HangingAttemptTimeout = TimeSpan.FromSeconds(3);

    /// <summary>20 to 200 ms in eight equal steps.</summary>
    private static readonly int[] Latencies = [20, 42, 65, 87, 110, 132, 155, 177, 200];

    /// <summary>
    /// A: the transaction's network is the slowest (200 ms, one round trip: it sets the 200 ms floor).
    /// B: the transaction's network is the fastest (the 200 ms network's single round trip sets a 200 ms floor).
    /// The other networks take the remaining latencies in registry order.
    /// 0: no latency at all, to show what the local processing costs; it has no target.
    /// </summary>
    public static IEnumerable<Layout> Layouts(Testbed testbed)
    {
        var others = testbed.Chains.Where(c => c != testbed.Home).Select(c => c.Key).ToList();
        if (others.Count != Latencies.Length - 1)
        {
            throw new InvalidOperationException(Invariant($"Expected {Latencies.Length} active networks, the registry has {others.Count + 1}."));
        }

        var home = testbed.Home.Key;
        yield return new Layout("A", home, "slowest", Assign(home, Latencies[^1], others, Latencies[..^1]));
        yield return new Layout("B", home, "fastest", Assign(home, Latencies[0], others, Latencies[1..]));
        yield return new Layout("0", home, "no latency", Assign(home, 0, others, new int[others.Count]));
    }

    private static Dictionary<string, int> Assign(string home, int homeMs, IReadOnlyList<string> others, IReadOnlyList<int> othersMs)
    {
        var latency = new Dictionary<string, int>(StringComparer.Ordinal) { [home] = homeMs };
        for (var i = 0; i < others.Count; i++)
        {
            latency[others[i]] = othersMs[i];
        }

        return latency;
    }

    public async Task<LayoutResult> MeasureLayoutAsync(Layout layout, CancellationToken cancellationToken)
    {
        foreach (var chain in testbed.Chains)
        {
            chain.Proxy.Delay = TimeSpan.FromMilliseconds(layout.LatencyMs[chain.Key]);
        }

        Console.WriteLine();
        Console.WriteLine("Layout " + layout.Name);
        Console.WriteLine("  latency  " + string.Join(", ", testbed.Chains.Select(c => Invariant($"{c.Key} {layout.LatencyMs[c.Key]} ms"))));
        var endpoints = testbed.Chains.Select(c => (c.Key, c.Proxy.Url)).ToList();
        using var composition = new LookupComposition(content, endpoints);

        Console.WriteLine(Invariant($"  warming up ({settings.Warmups} lookups) …"));
        for (var i = 0; i < settings.Warmups; i++)
        {
            var hash = await testbed.SendTransferAsync().ConfigureAwait(false);
            Check(await composition.Lookup.FindTransactionAsync(hash, cancellationToken).ConfigureAwait(false), null);
            foreach (var chain in testbed.Chains)
            {
                await plain.AsProductAsync(chain.Proxy.Url, hash, cancellationToken).ConfigureAwait(false);
            }
        }

        // Each repetition: a fresh transaction (so the lookup cache, keyed by hash, can never answer), every network
        // timed alone with the lookup's own calls, then the lookup itself.
        Console.WriteLine(Invariant($"  timing {settings.Repetitions} lookups, each next to every network timed alone …"));
        var alone = testbed.Chains.ToDictionary(c => c.Key, _ => new List<double>());
        var roundTrips = new Dictionary<string, int>();
        var ours = new List<double>();
        var requests = new SortedSet<int>();
        var warningsBefore = composition.Warnings.Count;
        for (var i = 0; i < settings.Repetitions; i++)
        {
            var hash = await testbed.SendTransferAsync().ConfigureAwait(false);
            foreach (var chain in testbed.Chains)
            {
                var single = Stopwatch.StartNew();
                roundTrips[chain.Key] = await plain.AsProductAsync(chain.Proxy.Url, hash, cancellationToken).ConfigureAwait(false);
                alone[chain.Key].Add(single.Elapsed.TotalMilliseconds);
            }

            var forwarded = testbed.ForwardedRequests;
            var lookup = Stopwatch.StartNew();
            var result = await composition.Lookup.FindTransactionAsync(hash, cancellationToken).ConfigureAwait(false);
            ours.Add(lookup.Elapsed.TotalMilliseconds);
            requests.Add(testbed.ForwardedRequests - forwarded);
            Check(result, null);
        }

        Console.WriteLine(Invariant($"  references: {settings.ReferenceRepetitions} × sequential script, sequential batched, cold lookup …"));
        var script = new List<double>();
        var batched = new List<double>();
        var cold = new List<double>();
        for (var i = 0; i < settings.ReferenceRepetitions; i++)
        {
            var hash = await testbed.SendTransferAsync().ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            foreach (var chain in testbed.Chains)
            {
                await plain.OneCallPerRequestAsync(chain.Proxy.Url, hash, cancellationToken).ConfigureAwait(false);
            }

            script.Add(clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            foreach (var chain in testbed.Chains)
            {
                await plain.AsProductAsync(chain.Proxy.Url, hash, cancellationToken).ConfigureAwait(false);
            }

            batched.Add(clock.Elapsed.TotalMilliseconds);

            // A new service provider: new HttpClient handler, new connections, new resilience pipelines, options bound.
            using var fresh = new LookupComposition(content, endpoints);
            clock.Restart();
            var result = await fresh.Lookup.FindTransactionAsync(hash, cancellationToken).ConfigureAwait(false);
            cold.Add(clock.Elapsed.TotalMilliseconds);
            Check(result, null);
        }

        var floors = testbed.Chains.Select(c => new ChainFloor(c, layout.LatencyMs[c.Key], roundTrips[c.Key], Stats.Of(alone[c.Key]))).ToList();
        var measured = new LayoutResult(layout, floors, Stats.Of(ours), Stats.Of(cold), Stats.Of(script), Stats.Of(batched), requests,
            composition.Warnings.Count - warningsBefore);
        Report.Layout(measured);
        return measured;
    }

    public async Task<HangingResult> MeasureHangingAsync(CancellationToken cancellationToken)
    {
        var layout = Layouts(testbed).First();
        foreach (var chain in testbed.Chains)
        {
            chain.Proxy.Delay = TimeSpan.FromMilliseconds(layout.LatencyMs[chain.Key]);
        }

        await using var hanging = new HangingEndpoint();
        var victim = testbed.Chains.Single(c => c.ChainId == HangingChainId);
        var endpoints = testbed.Chains.Select(c => (c.Key, c == victim ? hanging.Url : c.Proxy.Url)).ToList();
        using var composition = new LookupComposition(content, endpoints, HangingDeadline, HangingAttemptTimeout);
        var options = composition.Options;

        Console.WriteLine();
        Console.WriteLine(Invariant($"Hanging endpoint: {victim.Key} accepts connections and never answers; other networks as in layout A"));
        Console.WriteLine(Invariant($"  Chain:LookupDeadline {options.LookupDeadline.TotalSeconds:0.0##} s, Chain:AttemptTimeout {options.AttemptTimeout.TotalSeconds:0.0##} s, Chain:Retries {options.Retries} (product default)"));
        Console.WriteLine(Invariant($"  timing 1 first lookup + {settings.ReferenceRepetitions} lookups …"));

        var first = 0.0;
        var walls = new List<double>();
        var reason = "";
        for (var i = 0; i <= settings.ReferenceRepetitions; i++)
        {
            var hash = await testbed.SendTransferAsync().ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var result = await composition.Lookup.FindTransactionAsync(hash, cancellationToken).ConfigureAwait(false);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            Check(result, victim.Key);
            reason = result.Unreachable[0].Reason;
            if (i == 0)
            {
                first = elapsed;
            }
            else
            {
                walls.Add(elapsed);
            }
        }

        var measured = new HangingResult(victim.Key, options.LookupDeadline, options.AttemptTimeout, options.Retries, first, Stats.Of(walls), reason,
            hanging.ConnectionCount);
        Report.Hanging(measured);
        return measured;
    }

    /// <summary>
    /// Ethereum's first endpoint hangs and its second is the proxy; everything else as in layout A and every timing the
    /// product default (deadline 8 s, attempt timeout 3 s, 1 retry, fail-over after 1.5 s).
    /// </summary>
    public async Task<FailoverResult> MeasureFailoverAsync(CancellationToken cancellationToken)
    {
        var layout = Layouts(testbed).First();
        foreach (var chain in testbed.Chains)
        {
            chain.Proxy.Delay = TimeSpan.FromMilliseconds(layout.LatencyMs[chain.Key]);
        }

        await using var hanging = new HangingEndpoint();
        var victim = testbed.Chains.Single(c => c.ChainId == HangingChainId);
        var endpoints = testbed.Chains.SelectMany(c => c == victim ? new[] { (c.Key, hanging.Url), (c.Key, c.Proxy.Url) } : [(c.Key, c.Proxy.Url)]).ToList();
        using var composition = new LookupComposition(content, endpoints);
        var options = composition.Options;

        Console.WriteLine();
        Console.WriteLine(Invariant($"Hanging first endpoint: {victim.Key}'s first endpoint never answers, its second is the proxy ({layout.LatencyMs[victim.Key]} ms); other networks as in layout A"));
        Console.WriteLine(Invariant($"  product defaults: Chain:LookupDeadline {options.LookupDeadline.TotalSeconds:0.0##} s, Chain:AttemptTimeout {options.AttemptTimeout.TotalSeconds:0.0##} s, Chain:Retries {options.Retries}, Chain:FailoverAfter {options.FailoverAfter.TotalSeconds:0.0##} s"));
        Console.WriteLine(Invariant($"  timing 1 first lookup + {settings.ReferenceRepetitions} lookups …"));
        var first = 0.0;
        var walls = new List<double>();
        for (var i = 0; i <= settings.ReferenceRepetitions; i++)
        {
            var hash = await testbed.SendTransferAsync().ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var result = await composition.Lookup.FindTransactionAsync(hash, cancellationToken).ConfigureAwait(false);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            Check(result, null);
            if (i == 0)
            {
                first = elapsed;
            }
            else
            {
                walls.Add(elapsed);
            }
        }

        var measured = new FailoverResult(victim.Key, options.LookupDeadline, options.FailoverAfter, options.AttemptTimeout, options.Retries, first, Stats.Of(walls),
            hanging.ConnectionCount);
        Report.Failover(measured);
        return measured;
    }

    /// <summary>The lookup must find the transaction on the home network only, and report every other network right.</summary>
    private void Check(TransactionLookup result, string? unreachable)
    {
        var home = testbed.Home.Key;
        var expectedNotFound = testbed.Chains.Count - 1 - (unreachable is null ? 0 : 1);
        var ok = result.Found is [{ } found] && found.Network == home && found.Status == TransactionStatus.Success && !found.ToIsContract
                 && result.NotFoundOn.Count == expectedNotFound && !result.NotFoundOn.Contains(home)
                 && (unreachable is null ? result.Unreachable.Count == 0 : result.Unreachable is [{ } failure] && failure.Network == unreachable);
        if (!ok)
        {
            throw new InvalidOperationException(
                $"Unexpected lookup result for {result.Hash}: found on [{string.Join(", ", result.Found.Select(f => $"{f.Network} {f.Status}"))}], "
                + $"not found on [{string.Join(", ", result.NotFoundOn)}], unreachable [{string.Join("; ", result.Unreachable.Select(u => $"{u.Network}: {u.Reason}"))}]");
        }
    }
}
