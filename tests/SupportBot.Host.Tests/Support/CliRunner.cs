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
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = await CliApp.RunAsync(args, stdin, stdout, stderr, configuration);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>One configuration override, e.g. <c>Setting("Storage:SqlitePath", path)</c>.</summary>
    public static KeyValuePair<string, string?>[] Setting(string key, string? value) => [new(key, value)];
}
