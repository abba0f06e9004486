using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Core.Figures;
using SupportBot.Core.Tickets;

namespace SupportBot.Host.Cli;

/// <summary>
/// The <c>stats</c> verb: the support figures of a period, from the events the conversations recorded and the tickets
/// opened in it.
/// </summary>
internal static class StatsCommand
{
    /// <summary>The period when <c>--from</c> is not given.</summary>
    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    /// <summary>Said for a median or average of nothing: no figure is better than a made-up zero.</summary>
    private const string NoValue = "—";

    public static async Task<int> RunAsync(IServiceProvider services, string? from, string? to, bool json, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        if (!TryParse(from, out var fromTime) || !TryParse(to, out var toTime))
        {
            await error.WriteLineAsync($"--from and --to take a date or time such as 2030-01-31 or 2030-01-31T18:00 (UTC unless an offset is given), not '{(TryParse(from, out _) ? to : from)}'.");
            return 1;
        }

        var end = toTime ?? services.GetRequiredService<TimeProvider>().GetUtcNow();
        var start = fromTime ?? end - DefaultPeriod;
        if (start >= end)
        {
            await error.WriteLineAsync($"--from ({Format(start)}) must be before --to ({Format(end)}).");
            return 1;
        }

        var events = await services.GetRequiredService<IConversationEvents>().ReadAsync(start, end, cancellationToken);
        var tickets = await services.GetRequiredService<ITicketStore>().ListOpenedAsync(start, end, cancellationToken);
        var figures = SupportFigures.Compute(start, end, events, tickets);
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

    /// <summary>A duration to the minute for people (<c>2d 3h</c>, <c>1h 05m</c>, <c>12m 30s</c>, <c>45s</c>); a dash for none.</summary>
    private static string Duration(TimeSpan? span) => span switch
    {
        null => NoValue,
        { TotalDays: >= 1 } d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalDays}d {d.Hours}h"),
        { TotalHours: >= 1 } h => string.Create(CultureInfo.InvariantCulture, $"{(int)h.TotalHours}h {h.Minutes:00}m"),
        { TotalMinutes: >= 1 } m => string.Create(CultureInfo.InvariantCulture, $"{(int)m.TotalMinutes}m {m.Seconds:00}s"),
        { } s => string.Create(CultureInfo.InvariantCulture, $"{(int)s.TotalSeconds}s"),
    };

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
        ["escalated"] = f.Escalated,
        ["tickets"] = Json(f.Tickets),
        ["notUnderstood"] = f.NotUnderstood,
        ["topNotUnderstood"] = new JsonArray([.. f.TopNotUnderstood.Select(c => (JsonNode)new JsonObject { ["text"] = c.Name, ["count"] = c.Count })]),
    }.ToJsonString();

    /// <summary>Durations in seconds; a median or average of nothing is null.</summary>
    private static JsonObject Json(TicketFigures t)
    {
        var distribution = new JsonObject();
        for (var i = 0; i < t.Ratings.Distribution.Count; i++)
        {
            distribution[(TicketRules.LowestRating + i).ToString(CultureInfo.InvariantCulture)] = t.Ratings.Distribution[i];
        }

        return new JsonObject
        {
            ["opened"] = t.Opened,
            ["closed"] = t.Closed,
            ["stillOpen"] = t.StillOpen,
            ["answered"] = t.Answered,
            ["medianToFirstAnswerSeconds"] = t.MedianToFirstAnswer?.TotalSeconds,
            ["medianToCloseSeconds"] = t.MedianToClose?.TotalSeconds,
            ["ratings"] = new JsonObject
            {
                ["count"] = t.Ratings.Count,
                ["average"] = t.Ratings.Average is { } average ? Math.Round(average, 2) : null,
                ["distribution"] = distribution,
                ["comments"] = t.Ratings.Comments,
            },
        };
    }

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
        Line("escalated to a person", f.Escalated);
        Line("not understood", f.NotUnderstood);
        TicketSection(f.Tickets);
        Section("Conversations per scenario", f.Scenarios);
        Section("Conversations per intent", f.Intents);
        Section("Most frequent messages not understood", f.TopNotUnderstood);
        return text.ToString().TrimEnd();

        void Line(string name, int count) => Value(name, count.ToString(CultureInfo.InvariantCulture));

        void Value(string name, string value) => text.AppendLine(CultureInfo.InvariantCulture, $"  {name,-24}{value,6}");

        void TicketSection(TicketFigures t)
        {
            text.AppendLine().AppendLine("Tickets opened in the period (closed and answered: by its end)");
            Line("opened", t.Opened);
            Line("closed", t.Closed);
            Line("still open", t.StillOpen);
            Line("answered by staff", t.Answered);
            Value("median to first answer", Duration(t.MedianToFirstAnswer));
            Value("median to close", Duration(t.MedianToClose));
            text.AppendLine().AppendLine("Ratings of those closed");
            Line("rated", t.Ratings.Count);
            Value("average", t.Ratings.Average is { } average ? average.ToString("0.0", CultureInfo.InvariantCulture) : NoValue);
            for (var i = t.Ratings.Distribution.Count - 1; i >= 0; i--)
            {
                Line(string.Create(CultureInfo.InvariantCulture, $"rated {TicketRules.LowestRating + i}"), t.Ratings.Distribution[i]);
            }

            Line("with a comment", t.Ratings.Comments);
        }

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
