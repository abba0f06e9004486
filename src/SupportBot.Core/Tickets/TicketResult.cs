namespace SupportBot.Core.Tickets;

/// <summary>Why a ticket operation did or did not happen.</summary>
public enum TicketOutcome
{
    /// <summary>Done; <see cref="TicketResult.Ticket"/> is the ticket as it is now.</summary>
    Done,

    /// <summary>No ticket has that id; <see cref="TicketResult.Ticket"/> is null.</summary>
    NotFound,

    /// <summary>The user already has an open (or claimed) ticket; <see cref="TicketResult.Ticket"/> is that one.</summary>
    UserHasOpenTicket,

    /// <summary>Another staff member has claimed it; <see cref="TicketResult.Ticket"/> shows who.</summary>
    ClaimedByAnother,

    /// <summary>The ticket's state does not allow it (e.g. closing a closed ticket, rating an open one); the ticket is unchanged.</summary>
    WrongState,

    /// <summary>A rating outside 1–5; the ticket is unchanged.</summary>
    RatingOutOfRange,
}

/// <summary>The result of every <see cref="ITicketStore"/> change: what happened, and the ticket concerned when there is one.</summary>
public sealed record TicketResult(TicketOutcome Outcome, Ticket? Ticket)
{
    public bool Succeeded => Outcome == TicketOutcome.Done;

    public static TicketResult NotFound { get; } = new(TicketOutcome.NotFound, null);
}
