using SupportBot.Core.Tickets;

namespace SupportBot.Core.Figures;

/// <summary>
/// The tickets opened in a period, as they stood at its end: how many were closed and how many answered by then, how
/// long the first staff answer and the closing took, and how users rated them. Times are medians, so one ticket
/// forgotten over a weekend does not hide the usual wait. A ticket opened before the period counts in the period it was
/// opened in, never twice. A ticket whose place could not be created (closed at once, the user asked to try again)
/// never reached staff and is not counted.
/// </summary>
/// <param name="Opened">Tickets opened in the period.</param>
/// <param name="Closed">Of those, closed by the end of the period (a reopened ticket counts once its last round is closed).</param>
/// <param name="StillOpen">Of those, open or claimed at the end of the period.</param>
/// <param name="Answered">Of those, answered by staff by the end of the period.</param>
/// <param name="MedianToFirstAnswer">From opening to the first staff answer, over <see cref="Answered"/>; null when none was answered.</param>
/// <param name="MedianToClose">From opening to closing, over <see cref="Closed"/>; null when none was closed.</param>
/// <param name="Ratings">The ratings of the closed ones.</param>
public sealed record TicketFigures(int Opened, int Closed, int StillOpen, int Answered, TimeSpan? MedianToFirstAnswer, TimeSpan? MedianToClose,
    TicketRatings Ratings)
{
    /// <summary>The figures of <paramref name="opened"/>, the tickets opened in a period ending at <paramref name="to"/> (excluded).</summary>
    public static TicketFigures Compute(DateTimeOffset to, IReadOnlyList<Ticket> opened)
    {
        ArgumentNullException.ThrowIfNull(opened);
        var reached = opened.Where(t => t.Place is not null || t.State != TicketState.Closed).ToList();
        var closed = reached.Where(t => t.ClosedAt < to).ToList();
        var answered = reached.Where(t => t.FirstAnsweredAt < to).ToList();
        return new TicketFigures(reached.Count, closed.Count, reached.Count - closed.Count, answered.Count,
            Median([.. answered.Select(t => t.FirstAnsweredAt!.Value - t.OpenedAt)]),
            Median([.. closed.Select(t => t.ClosedAt!.Value - t.OpenedAt)]),
            TicketRatings.Compute(closed));
    }

    /// <summary>The middle duration; with an even count, halfway between the two middle ones.</summary>
    public static TimeSpan? Median(IReadOnlyList<TimeSpan> durations)
    {
        ArgumentNullException.ThrowIfNull(durations);
        if (durations.Count == 0)
            return null;
        var sorted = durations.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : TimeSpan.FromTicks((sorted[middle - 1].Ticks + sorted[middle].Ticks) / 2);
    }
}

/// <summary>Users' ratings of tickets, 1 to 5.</summary>
/// <param name="Count">How many tickets were rated.</param>
/// <param name="Average">Their mean rating; null when none was rated.</param>
/// <param name="Distribution">How many got each rating: index 0 is 1, index 4 is 5.</param>
/// <param name="Comments">How many ratings came with a comment.</param>
public sealed record TicketRatings(int Count, double? Average, IReadOnlyList<int> Distribution, int Comments)
{
    public static TicketRatings Compute(IEnumerable<Ticket> tickets)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        var rated = tickets.Where(t => t.Rating is not null).ToList();
        var distribution = new int[TicketRules.HighestRating - TicketRules.LowestRating + 1];
        rated.ForEach(t => distribution[t.Rating!.Value - TicketRules.LowestRating]++);
        return new TicketRatings(rated.Count, rated.Count == 0 ? null : rated.Average(t => t.Rating!.Value), distribution,
            rated.Count(t => !string.IsNullOrWhiteSpace(t.RatingComment)));
    }
}
