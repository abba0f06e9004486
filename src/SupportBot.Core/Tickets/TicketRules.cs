namespace SupportBot.Core.Tickets;

/// <summary>
/// The state changes of a ticket, shared by every <see cref="ITicketStore"/> so they cannot disagree. Each returns the
/// changed ticket, or the refusal with the ticket unchanged. The one-open-per-user rule needs the store's view of the
/// other tickets, so stores check it themselves.
/// </summary>
public static class TicketRules
{
    public const int LowestRating = 1;
    public const int HighestRating = 5;

    /// <summary>
    /// An open ticket is claimed by the staff member; claiming it again as the same one is a harmless repeat (a double
    /// click). A ticket claimed by someone else is refused, so two people never answer the same user at once: a hand-over
    /// between staff is done by them, not by a race of buttons. Closed tickets cannot be claimed.
    /// </summary>
    public static TicketResult Claim(Ticket ticket, string staffId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentException.ThrowIfNullOrWhiteSpace(staffId);
        return ticket.State switch
        {
            TicketState.Open => Done(ticket with { State = TicketState.Claimed, ClaimedBy = staffId, ClaimedAt = now }),
            TicketState.Claimed when ticket.ClaimedBy == staffId => Done(ticket),
            TicketState.Claimed => new(TicketOutcome.ClaimedByAnother, ticket),
            _ => new(TicketOutcome.WrongState, ticket),
        };
    }

    /// <summary>An open or claimed ticket is closed with a reason (by staff, the user, or inactivity; the caller says which in it).</summary>
    public static TicketResult Close(Ticket ticket, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return ticket.State == TicketState.Closed
            ? new(TicketOutcome.WrongState, ticket)
            : Done(ticket with { State = TicketState.Closed, ClosedAt = now, CloseReason = reason });
    }

    /// <summary>
    /// A closed ticket is open again, waiting for staff as a new one would: the claim, closing and rating of its previous
    /// round are cleared (the rating belonged to that round). Its place is kept so the channel reuses the thread/topic.
    /// </summary>
    public static TicketResult Reopen(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket.State != TicketState.Closed
            ? new(TicketOutcome.WrongState, ticket)
            : Done(ticket with
            {
                State = TicketState.Open, ClaimedBy = null, ClaimedAt = null, ClosedAt = null, CloseReason = null, Rating = null, RatingComment = null,
                WarnedAt = null,
            });
    }

    /// <summary>Only a closed ticket is rated, 1 to 5 with an optional comment; rating again replaces the previous rating.</summary>
    public static TicketResult Rate(Ticket ticket, int rating, string? comment)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (rating is < LowestRating or > HighestRating)
            return new(TicketOutcome.RatingOutOfRange, ticket);
        return ticket.State != TicketState.Closed
            ? new(TicketOutcome.WrongState, ticket)
            : Done(ticket with { Rating = rating, RatingComment = string.IsNullOrWhiteSpace(comment) ? null : comment });
    }

    /// <summary>The place is a channel detail, recorded whatever the state.</summary>
    public static TicketResult SetPlace(Ticket ticket, string place)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentException.ThrowIfNullOrWhiteSpace(place);
        return Done(ticket with { Place = place });
    }

    /// <summary>
    /// The user or staff wrote in a ticket that is not closed: inactivity counts from now and any warning is void. The
    /// first staff answer is remembered for the figures ("time to first answer"), also across reopening.
    /// </summary>
    public static TicketResult Touch(Ticket ticket, bool staffAnswer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket.State == TicketState.Closed
            ? new(TicketOutcome.WrongState, ticket)
            : Done(ticket with { LastActivityAt = now, WarnedAt = null, FirstAnsweredAt = staffAnswer ? ticket.FirstAnsweredAt ?? now : ticket.FirstAnsweredAt });
    }

    /// <summary>The inactivity warning went out for a ticket that is not closed.</summary>
    public static TicketResult Warn(Ticket ticket, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket.State == TicketState.Closed ? new(TicketOutcome.WrongState, ticket) : Done(ticket with { WarnedAt = now });
    }

    /// <summary>
    /// Retention: a closed ticket keeps its times, states and rating for the figures, but none of the user's words — the
    /// form, the conversation, the close reason and the comment are cleared.
    /// </summary>
    public static Ticket Scrub(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket with { Form = new TicketForm("", ticket.Form.Network, null), Context = null, CloseReason = ticket.CloseReason is null ? null : "", RatingComment = null };
    }

    /// <summary>A new open ticket, with the id the store gives it.</summary>
    public static Ticket New(TicketRequest request, long id, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.UserId);
        ArgumentNullException.ThrowIfNull(request.Form);
        return new(id, request.ConversationKey, request.Channel, request.UserId, TicketState.Open, request.Form, Place: null, OpenedAt: now,
            Language: request.Language, Context: request.Context, LastActivityAt: now);
    }

    private static TicketResult Done(Ticket ticket) => new(TicketOutcome.Done, ticket);
}
