using SupportBot.Core.Tickets;

namespace SupportBot.Core.Figures;

/// <summary>
/// The figures a support team runs on, over a period: how many conversations, where they went, how many the bot
/// solved (the user said so) and how many went to a person, what it did not understand — the list of content to write
/// next — and how the tickets went. Counts are of conversations, not of turns: a user who presses "solved" twice was
/// helped once.
/// </summary>
public sealed record SupportFigures(
    DateTimeOffset From,
    DateTimeOffset To,
    int Conversations,
    IReadOnlyList<FigureCount> Scenarios,
    IReadOnlyList<FigureCount> Intents,
    int FinalAdvice,
    int Solved,
    int Unsolved,
    int Escalated,
    int NotUnderstood,
    IReadOnlyList<FigureCount> TopNotUnderstood,
    TicketFigures Tickets)
{
    /// <summary>How many not-understood messages are listed.</summary>
    public const int TopCount = 20;

    /// <summary>The figures of a period from its events and the tickets opened in it (none when not given).</summary>
    public static SupportFigures Compute(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<ConversationEvent> events, IReadOnlyList<Ticket>? tickets = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        int Conversations(ConversationEventKind kind) => events.Where(e => e.Kind == kind).Select(e => e.ConversationKey).Distinct(StringComparer.Ordinal).Count();

        List<FigureCount> PerValue(ConversationEventKind kind, bool distinctConversations) =>
        [
            .. events.Where(e => e.Kind == kind && e.Value is not null)
                .GroupBy(e => e.Value!, StringComparer.Ordinal)
                .Select(g => new FigureCount(g.Key, distinctConversations ? g.Select(e => e.ConversationKey).Distinct(StringComparer.Ordinal).Count() : g.Count()))
                .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal),
        ];

        return new SupportFigures(from, to,
            Conversations(ConversationEventKind.Started),
            PerValue(ConversationEventKind.ScenarioEntered, distinctConversations: true),
            PerValue(ConversationEventKind.IntentFollowed, distinctConversations: true),
            Conversations(ConversationEventKind.FinalAdvice),
            Conversations(ConversationEventKind.Solved),
            Conversations(ConversationEventKind.Unsolved),
            Conversations(ConversationEventKind.Escalated),
            events.Count(e => e.Kind == ConversationEventKind.NotUnderstood),
            [.. PerValue(ConversationEventKind.NotUnderstood, distinctConversations: false).Take(TopCount)],
            TicketFigures.Compute(to, tickets ?? []));
    }
}

/// <summary>A name (scenario, intent, message) and how many times it counted.</summary>
public sealed record FigureCount(string Name, int Count);
