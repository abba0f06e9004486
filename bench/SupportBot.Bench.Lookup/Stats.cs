using System.Globalization;

namespace SupportBot.Bench.Lookup;

/// <summary>Order statistics of a set of timings, in milliseconds.</summary>
internal sealed record Stats(int Count, double Median, double P90, double Min, double Max)
{
    public static Stats Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            throw new ArgumentException("No samples.", nameof(milliseconds));
        }

        var sorted = milliseconds.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        // Nearest rank: the smallest sample with at least 90 % of the samples at or below it.
        var p90 = sorted[(int)Math.Ceiling(0.9 * sorted.Length) - 1];
        return new Stats(sorted.Length, median, p90, sorted[0], sorted[^1]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"median {Median,7:0.0} ms  p90 {P90,7:0.0}  min {Min,7:0.0}  max {Max,7:0.0}  (n={Count})");
}
