using System.Text.RegularExpressions;
using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary>
/// Time comes from one injected <see cref="TimeProvider"/>: the product reads the system clock only where it composes
/// its services, and no test reads it at all, so no result depends on the day the tests run.
/// </summary>
public sealed partial class ClockDisciplineTests
{
    // Composition roots: where the product chooses the real clock for everything it builds.
    private static readonly string[] ProductClockRoots =
    [
        "src/SupportBot.Host/Composition/ServiceSetup.cs",
        "src/SupportBot.Discord/Rest/DiscordRestSetup.cs",
    ];

    [Fact]
    public void Tests_NeverReadTheWallClock()
    {
        var offenders = WallClockReads("tests").ToList();

        Assert.True(offenders.Count == 0, "tests read the wall clock (use TestClock or FakeTimeProvider):\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Product_ReadsTheSystemClockOnlyWhereItComposesServices()
    {
        var offenders = WallClockReads("src").Where(hit => !ProductClockRoots.Any(root => hit.StartsWith(root + ":", StringComparison.Ordinal))).ToList();

        Assert.True(offenders.Count == 0, "the product reads the clock outside its composition roots (inject TimeProvider):\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Scanner_RecognisesEveryWayOfReadingTheClock()
    {
        foreach (var line in new[] { "var now = DateTime.UtcNow;", "DateTimeOffset.Now.AddDays(1)", "x = DateTime.Today", "services.AddSingleton(TimeProvider.System);" })
        {
            Assert.Matches(WallClock(), line);
        }

        Assert.DoesNotMatch(WallClock(), "var now = time.GetUtcNow(); // not DateTime, not UtcNow");
    }

    private static IEnumerable<string> WallClockReads(string folder)
    {
        var root = Repository.Root;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal) || relative.EndsWith("/ClockDisciplineTests.cs", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (WallClock().IsMatch(lines[i]) && !lines[i].TrimStart().StartsWith("///", StringComparison.Ordinal))
                {
                    yield return $"{relative}:{i + 1}: {lines[i].Trim()}";
                }
            }
        }
    }

    [GeneratedRegex(@"\b(DateTime|DateTimeOffset)\s*\.\s*(UtcNow|Now|Today)\b|\bTimeProvider\s*\.\s*System\b")]
    private static partial Regex WallClock();
}
