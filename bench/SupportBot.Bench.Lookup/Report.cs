using static System.FormattableString;

namespace SupportBot.Bench.Lookup;

/// <summary>Prints the figures and the verdicts against the issue's targets.</summary>
internal static class Report
{
    /// <summary>Our median wall time may be at most this multiple of the floor.</summary>
    public const double FloorTarget = 1.3;

    /// <summary>With one endpoint hanging, every lookup may take at most the deadline plus this share of it.</summary>
    public const double DeadlineSlack = 0.1;

    public static void Layout(LayoutResult r)
    {
        Console.WriteLine(Invariant($"  each network alone — the lookup's calls over a plain HttpClient, median of {r.Ours.Count}:"));
        Console.WriteLine("    network       chain id  latency  round trips   ideal     alone   above ideal");
        foreach (var c in r.Chains)
        {
            Console.WriteLine(Invariant($"    {c.Chain.Key,-12} {c.Chain.ChainId,9} {c.LatencyMs,5} ms {c.RoundTrips,8}   {c.TheoreticalMs,6} ms {c.Alone.Median,7:0.0} ms  {c.Alone.Median - c.TheoreticalMs,+6:+0.0;-0.0} ms"));
        }

        var slowest = r.Slowest;
        var ideal = r.Chains.MaxBy(c => c.TheoreticalMs)!;
        Console.WriteLine(Invariant($"  floor, ideal        {r.TheoreticalFloorMs,7:0.0} ms   ({ideal.Chain.Key}: {ideal.RoundTrips} × {ideal.LatencyMs} ms)"));
        Console.WriteLine(Invariant($"  floor, measured     {r.FloorMs,7:0.0} ms   ({slowest.Chain.Key} alone, median; p90 {slowest.Alone.P90:0.0}, max {slowest.Alone.Max:0.0})"));
        Console.WriteLine(Invariant($"  ours, warm          {r.Ours}"));
        Console.WriteLine(Invariant($"                      → median {r.Ours.Median / r.FloorMs:0.00}× floor (p90 {r.Ours.P90 / r.FloorMs:0.00}×, max {r.Ours.Max / r.FloorMs:0.00}×), {Verdict(r)}"));
        Console.WriteLine(Invariant($"  ours, cold provider {r.Cold}   (first lookup of a new service provider)"));
        Console.WriteLine(Invariant($"  sequential script   {r.Script}   → {r.Script.Median / r.Ours.Median:0.0}× ours (each call its own request, network after network)"));
        Console.WriteLine(Invariant($"  sequential batched  {r.SequentialBatched}   → {r.SequentialBatched.Median / r.Ours.Median:0.0}× ours (our calls, network after network)"));
        Console.WriteLine(Invariant($"  HTTP requests per lookup: {string.Join(" / ", r.RequestsPerLookup)} (expected {r.Chains.Sum(c => c.RoundTrips)}); warnings logged by the product: {r.Warnings}"));
    }

    public static void Hanging(HangingResult r)
    {
        Console.WriteLine(Invariant($"  first lookup        {r.FirstMs,7:0.0} ms   (new service provider)"));
        Console.WriteLine(Invariant($"  then                {r.Wall}"));
        Console.WriteLine(Invariant($"  → max {Max(r):0.0} ms = {Max(r) / r.Deadline.TotalMilliseconds:0.000}× the deadline, limit {Limit(r):0} ms: {Verdict(r)}"));
        Console.WriteLine(Invariant($"  every result: found on the home network, {r.Network} unreachable (\"{r.Reason}\"); the hanging endpoint saw {r.Connections} connections"));
    }

    public static void Token(TokenResult r)
    {
        Console.WriteLine(Invariant($"    ours        {r.Ours}"));
        Console.WriteLine(Invariant($"    slowest network's round trip, alone: {r.SlowestRoundTrip.Median:0.0} ms ({r.SlowestNetwork}, median; p90 {r.SlowestRoundTrip.P90:0.0})"));
        Console.WriteLine(Invariant($"    → {r.Ratio:0.00}× that round trip (p90 {r.Ours.P90 / r.SlowestRoundTrip.Median:0.00}×): {(r.Pass ? "PASS" : "MISS")} (target ≤ {r.Case.Target:0.0}×)"));
        Console.WriteLine(Invariant($"    HTTP requests per lookup: {string.Join(" / ", r.RequestsPerLookup)} (expected {r.ExpectedRequests}); warnings logged by the product: {r.Warnings}"));
    }

    public static void Failover(FailoverResult r)
    {
        Console.WriteLine(Invariant($"  first lookup        {r.FirstMs,7:0.0} ms   (new service provider)"));
        Console.WriteLine(Invariant($"  then                {r.Wall}"));
        Console.WriteLine(Invariant($"  → worst {r.Worst:0.0} ms = {r.Worst / r.Deadline.TotalMilliseconds:0.00}× the {r.Deadline.TotalSeconds:0} s deadline: {(r.Pass ? "PASS" : "MISS")} (target ≤ {FailoverResult.Target:0.0}×); the hanging endpoint saw {r.Connections} connections"));
    }

    public static void Summary(IReadOnlyList<LayoutResult> layouts, HangingResult hanging, FailoverResult failover, IReadOnlyList<TokenResult> tokens)
    {
        Console.WriteLine();
        Console.WriteLine("Summary (verdicts are printed only; they never change the exit code)");
        Console.WriteLine("  layout                      floor ideal  floor meas.  ours median  ours p90   ratio   sequential script   verdict");
        foreach (var r in layouts)
        {
            var label = Invariant($"{r.Layout.Id}: tx on {r.Layout.Home} ({r.Layout.HomeRank})");
            Console.WriteLine(Invariant($"  {label,-28}{r.TheoreticalFloorMs,8} ms  {r.FloorMs,8:0.0} ms  {r.Ours.Median,8:0.0} ms  {r.Ours.P90,6:0.0} ms  {r.Ours.Median / r.FloorMs,5:0.00}×  {r.Script.Median,9:0} ms ({r.Script.Median / r.Ours.Median:0.0}×)   {Verdict(r)}"));
        }

        Console.WriteLine(Invariant($"  hanging {hanging.Network}: max {Max(hanging):0.0} ms (median {hanging.Wall.Median:0.0}) vs deadline {hanging.Deadline.TotalMilliseconds:0} ms + {DeadlineSlack:0%} = {Limit(hanging):0} ms: {Verdict(hanging)}; reported unreachable: yes"));
        Console.WriteLine(Invariant($"  hanging first endpoint of {failover.Network}, second answers: worst {failover.Worst:0.0} ms (median {failover.Wall.Median:0.0}) = {failover.Worst / failover.Deadline.TotalMilliseconds:0.00}× the deadline: {(failover.Pass ? "PASS" : "MISS")} (target ≤ {FailoverResult.Target:0.0}×)"));
        Console.WriteLine("  round trips of token lookups, as a multiple of the slowest network's single round trip (layout A):");
        foreach (var r in tokens)
        {
            Console.WriteLine(Invariant($"    {r.Case.Id,-11} {r.Case.Description,-45} median {r.Ours.Median,6:0.0} ms / {r.SlowestRoundTrip.Median,5:0.0} ms = {r.Ratio:0.00}×   {(r.Pass ? "PASS" : "MISS")} (target ≤ {r.Case.Target:0.0}×)  requests {string.Join("/", r.RequestsPerLookup)}"));
        }
    }

    private static string Verdict(LayoutResult r) =>
        !r.Layout.Judged ? "no target" : Invariant($"{(r.Ours.Median <= FloorTarget * r.FloorMs ? "PASS" : "MISS")} (target ≤ {FloorTarget:0.0#}×)");

    private static double Max(HangingResult r) => Math.Max(r.FirstMs, r.Wall.Max);

    private static double Limit(HangingResult r) => r.Deadline.TotalMilliseconds * (1 + DeadlineSlack);

    private static string Verdict(HangingResult r) => Max(r) <= Limit(r) ? "PASS" : "MISS";
}
