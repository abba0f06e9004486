using SupportBot.Host.Cli;

namespace SupportBot.Host.Tests.Support;

/// <summary>What one run of the command line returned and printed. Line ends are <c>\n</c>.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error);

/// <summary>Runs <see cref="CliApp"/> in-process with a scripted stdin and captured stdout/stderr.</summary>
internal static class CliRunner
{
    public static async Task<CliRun> RunAsync(string[] args, string input = "",
        IEnumerable<KeyValuePair<string, string?>>? configuration = null)
    {
        using var stdin = new StringReader(input);
        return await RunAsync(args, stdin, configuration);
    }

    /// <summary>Runs with this stdin (a reader that behaves like a terminal, say).</summary>
    public static async Task<CliRun> RunAsync(string[] args, TextReader stdin, IEnumerable<KeyValuePair<string, string?>>? configuration = null)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = await CliApp.RunAsync(args, stdin, stdout, stderr, WithOffline(configuration), TestClock.Instance);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Every network's RPC endpoint is a loopback port that refuses connections, so runs never reach outside this
    /// machine and lookups answer "could not check" at once. Tests' own settings come after and win.
    /// </summary>
    internal static readonly KeyValuePair<string, string?>[] Offline =
        [.. new[] { "bsc", "opbnb", "ethereum", "polygon", "arbitrum", "optimism", "base", "avalanche", "linea" }
            .Select(n => new KeyValuePair<string, string?>($"Chain:Endpoints:{n}:0", "http://127.0.0.1:9")),
         new("Chain:Retries", "0"),
         new("Scams:PhishingListUrl", ""), // the shipped snapshot: no download
         // One trained intent model for every test process on this machine (it is named by its examples' hash),
         // so a bot started in a fresh folder loads it instead of training again.
         new("Storage:ModelCache", SupportBot.Core.Intents.IntentModelCache.DefaultDirectory)];

    /// <summary>The offline settings with a test's own on top: a key the test sets replaces the offline one.</summary>
    public static KeyValuePair<string, string?>[] WithOffline(IEnumerable<KeyValuePair<string, string?>>? settings)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in Offline.Concat(settings ?? []))
        {
            merged[key] = value;
        }

        return [.. merged];
    }

    /// <summary>One configuration override, e.g. <c>Setting("Storage:SqlitePath", path)</c>.</summary>
    public static KeyValuePair<string, string?>[] Setting(string key, string? value) => [new(key, value)];
}
