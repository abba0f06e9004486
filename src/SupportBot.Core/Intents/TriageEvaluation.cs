using System.Globalization;
using System.Text;
using System.Text.Json;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Intents;

/// <summary>One message of an evaluation set, with what the bot should make of it.</summary>
public sealed record LabelledMessage(string Text, string Language, string Intent, string Scenario, IReadOnlyList<string> Networks)
{
    /// <summary>
    /// Reads JSON Lines (<c>{"text","language","intent","scenario","networks"}</c> per line); blank lines are skipped.
    /// </summary>
    /// <exception cref="FormatException">A line is not such an object; the message names the line.</exception>
    public static IReadOnlyList<LabelledMessage> ReadJsonLines(TextReader reader)
    {
        var messages = new List<LabelledMessage>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var root = JsonDocument.Parse(line).RootElement;
                messages.Add(new LabelledMessage(
                    root.GetProperty("text").GetString() ?? "",
                    root.TryGetProperty("language", out var language) ? language.GetString() ?? "" : "",
                    root.GetProperty("intent").GetString() ?? "",
                    root.TryGetProperty("scenario", out var scenario) ? scenario.GetString() ?? "" : "",
                    root.TryGetProperty("networks", out var networks) ? [.. networks.EnumerateArray().Select(n => n.GetString() ?? "")] : []));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException($"line {number}: expected {{\"text\", \"intent\", …}} ({ex.Message})", ex);
            }
        }

        return messages;
    }
}

/// <summary>
/// How triage does on a labelled set: intent and scenario accuracy per language and per intent, the confusion
/// between intents, how often it asks, and how often it routes confidently to the wrong place.
/// </summary>
public sealed class TriageEvaluation
{
    private readonly List<(LabelledMessage Expected, TriageResult Actual)> rows = [];

    /// <summary>Runs <paramref name="triage"/> over <paramref name="messages"/>.</summary>
    public static TriageEvaluation Run(TriageService triage, IEnumerable<LabelledMessage> messages)
    {
        var evaluation = new TriageEvaluation();
        foreach (var message in messages)
        {
            evaluation.rows.Add((message, triage.Analyze(message.Text)));
        }

        return evaluation;
    }

    public int Count => rows.Count;

    /// <summary>Share whose best intent is the labelled one.</summary>
    public double IntentAccuracy => Share(r => r.Actual.Intent == r.Expected.Intent);

    /// <summary>
    /// Share routed to the right scenario: confidently, or by a clarifying question that offers the right intent.
    /// </summary>
    public double ScenarioRight => Share(ScenarioRightFor);

    /// <summary>Share routed without asking to a scenario other than the labelled one.</summary>
    public double ConfidentlyWrong => Share(r => !r.Actual.Clarify && r.Actual.Scenario != r.Expected.Scenario);

    /// <summary>Share where the bot would ask.</summary>
    public double Clarifying => Share(r => r.Actual.Clarify);

    /// <summary>Share whose networks are exactly the labelled ones, in order.</summary>
    public double NetworksExact => Share(r => r.Actual.Networks.SequenceEqual(r.Expected.Networks));

    /// <summary>The misrouted messages (confidently wrong), for reading.</summary>
    public IEnumerable<(LabelledMessage Expected, TriageResult Actual)> ConfidentMistakes =>
        rows.Where(r => !r.Actual.Clarify && r.Actual.Scenario != r.Expected.Scenario);

    /// <summary>A readable report: totals, per language, per intent, and the confusion between intents.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"messages {Count}: scenario right {ScenarioRight:P1}, confidently wrong {ConfidentlyWrong:P1}, clarifying {Clarifying:P1}, intent accuracy {IntentAccuracy:P1}, networks exact {NetworksExact:P1}");
        sb.AppendLine("by language:");
        foreach (var group in rows.GroupBy(r => r.Expected.Language).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var part = From(group);
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key,-8} {part.Count,4}  scenario {part.ScenarioRight,7:P1}  wrong {part.ConfidentlyWrong,6:P1}  clarify {part.Clarifying,6:P1}  intent {part.IntentAccuracy,7:P1}");
        }

        sb.AppendLine("by intent:");
        foreach (var group in rows.GroupBy(r => r.Expected.Intent).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var part = From(group);
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key,-24} {part.Count,4}  scenario {part.ScenarioRight,7:P1}  wrong {part.ConfidentlyWrong,6:P1}  clarify {part.Clarifying,6:P1}  intent {part.IntentAccuracy,7:P1}");
        }

        sb.AppendLine("confusion (labelled → predicted, count):");
        foreach (var pair in rows.Where(r => r.Actual.Intent != r.Expected.Intent)
                     .GroupBy(r => (r.Expected.Intent, r.Actual.Intent)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Item1, StringComparer.Ordinal))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {pair.Key.Item1} → {pair.Key.Item2}: {pair.Count()}");
        }

        return sb.ToString();
    }

    private static TriageEvaluation From(IEnumerable<(LabelledMessage, TriageResult)> part)
    {
        var evaluation = new TriageEvaluation();
        evaluation.rows.AddRange(part);
        return evaluation;
    }

    private static bool ScenarioRightFor((LabelledMessage Expected, TriageResult Actual) r) =>
        r.Actual.Clarify
            ? r.Actual.Intent == r.Expected.Intent || r.Actual.Alternatives.Any(a => a.Intent == r.Expected.Intent)
            : r.Actual.Scenario == r.Expected.Scenario;

    private double Share(Func<(LabelledMessage Expected, TriageResult Actual), bool> predicate) =>
        rows.Count == 0 ? 0 : (double)rows.Count(predicate) / rows.Count;
}
