using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Core.Triage;

namespace SupportBot.Host.Cli;

/// <summary>
/// <c>triage --stdin</c>: one message per input line, one JSON object per output line (JSON Lines), written and flushed
/// as soon as its line is read. Blank lines are skipped; every object carries the number of the line it answers.
/// </summary>
internal static class TriageBatch
{
    /// <summary>Longer lines are not triaged (no chat channel carries a message this long).</summary>
    public const int MaxLineLength = 16 * 1024;

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task RunAsync(TriageService triage, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var lines = new BoundedLineReader(input, MaxLineLength);
        var number = 0;
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (line.TooLong)
            {
                // The line is neither triaged nor echoed: it may hold a secret the guard never saw.
                await output.WriteLineAsync(TooLong(number));
            }
            else if (!string.IsNullOrWhiteSpace(line.Text))
            {
                await output.WriteLineAsync(TriageJson.Write(triage.Analyze(line.Text), number));
            }
            else
            {
                continue;
            }

            await output.FlushAsync(cancellationToken);
        }
    }

    private static string TooLong(int line) => new JsonObject
    {
        ["line"] = line,
        ["error"] = string.Create(CultureInfo.InvariantCulture, $"longer than {MaxLineLength} characters; not triaged"),
    }.ToJsonString(Options);
}
