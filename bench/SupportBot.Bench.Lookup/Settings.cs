using System.Globalization;

namespace SupportBot.Bench.Lookup;

/// <summary>How many times each figure is measured.</summary>
/// <param name="Repetitions">Timed lookups per latency layout (and timed single-chain runs for the floor).</param>
/// <param name="Warmups">Untimed lookups first, per layout: JIT, connection pools, resilience pipelines.</param>
/// <param name="ReferenceRepetitions">Runs of the slow references: sequential baselines, cold lookups, the hanging case.</param>
internal sealed record Settings(int Repetitions, int Warmups, int ReferenceRepetitions)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/SupportBot.Bench.Lookup [-- [--quick] [--repetitions N]]
          --quick           5 timed lookups per layout, 2 warm-ups, 3 runs of each reference (default 30, 5, 5)
          --repetitions N   N timed lookups per layout (1..1000)
        """;

    public static Settings? Parse(IReadOnlyList<string> args)
    {
        var settings = new Settings(30, 5, 5);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    settings = settings with { Repetitions = 5, Warmups = 2, ReferenceRepetitions = 3 };
                    break;
                case "--repetitions" when i + 1 < args.Count
                                          && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000:
                    settings = settings with { Repetitions = n };
                    i++;
                    break;
                default:
                    return null;
            }
        }

        return settings;
    }
}
