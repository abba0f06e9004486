using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Core.Figures;

namespace SupportBot.Host.Cli;

/// <summary>The <c>stats</c> verb: the support figures of a period, from the events the conversations recorded.</summary>
internal static class StatsCommand
{
    /// <summary>The period when <c>--from</c> is not given.</summary>
    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    /// <summary>Said instead of ticket figures until the bot opens tickets: no figure is better than a made-up zero.</summary>
    private const string TicketsUnavailable = "not yet available";

    public static async Task<int> RunAsync(IConversationEvents events, TimeProvider time, string? from, string? to, bool json,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!TryParse(from, out var fromTime) || !TryParse(to, out var toTime))
        {
            await error.WriteLineAsync($"--from and --to take a date or time such as 2030-01-31 or 2030-01-31T18:00 (UTC unless an offset is given), not '{(TryParse(from, out _) ? to : from)}'.");
            return 1;
        }

        var end = toTime ?? time.GetUtcNow();
        var start = fromTime ?? end - DefaultPeriod;
        if (start >= end)
        {
            await error.WriteLineAsync($"--from ({Format(start)}) must be before --to ({Format(end)}).");
            return 1;
        }

        var figures = SupportFigures.Compute(start, end, await events.ReadAsync(start, end, cancellationToken));
        await output.WriteLineAsync(json ? Json(figures) : Table(figures));
        return 0;
    }

    /// <summary>A date or time from the command line; one without an offset is UTC, whatever this machine's time zone.</summary>
    private static bool TryParse(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private static string Format(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Json(SupportFigures f) => new JsonObject
    {
        ["from"] = f.From.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        ["to"] = f.To.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        ["conversations"] = f.Conversations,
        ["scenarios"] = Counts(f.Scenarios),
        ["intents"] = Counts(f.Intents),
        ["finalAdvice"] = f.FinalAdvice,
        ["solved"] = f.Solved,
        ["unsolved"] = f.Unsolved,
        ["tickets"] = TicketsUnavailable,
        ["notUnderstood"] = f.NotUnderstood,
        ["topNotUnderstood"] = new JsonArray([.. f.TopNotUnderstood.Select(c => (JsonNode)new JsonObject { ["text"] = c.Name, ["count"] = c.Count })]),
    }.ToJsonString();

    private static JsonObject Counts(IReadOnlyList<FigureCount> counts)
    {
        var json = new JsonObject();
        foreach (var count in counts)
        {
            json[count.Name] = count.Count;
        }

        return json;
    }

    private static string Table(SupportFigures f)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Support figures {Format(f.From)} – {Format(f.To)}");
        Line("conversations", f.Conversations);
        Line("reached final advice", f.FinalAdvice);
        Line("solved (said yes)", f.Solved);
        Line("not solved (said no)", f.Unsolved);
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"tickets",-24}{TicketsUnavailable}");
        Line("not understood", f.NotUnderstood);
        Section("Conversations per scenario", f.Scenarios);
        Section("Conversations per intent", f.Intents);
        Section("Most frequent messages not understood", f.TopNotUnderstood);
        return text.ToString().TrimEnd();

        void Line(string name, int count) => text.AppendLine(CultureInfo.InvariantCulture, $"  {name,-24}{count,6}");

        void Section(string title, IReadOnlyList<FigureCount> counts)
        {
            text.AppendLine().AppendLine(title);
            if (counts.Count == 0)
            {
                text.AppendLine("  (none)");
            }

            foreach (var count in counts)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {count.Count,6}  {count.Name}");
            }
        }
    }
}
