using SupportBot.Core.Triage;

namespace SupportBot.Core.Tickets;

/// <summary>What a channel does with a message written while a ticket is involved.</summary>
public enum RelayKind
{
    /// <summary>No ticket concerns it: the user's message goes to the conversation as usual; a message in a chat place is ignored.</summary>
    NoTicket,

    /// <summary>Pass <see cref="RelayDecision.Text"/> on: the user's words into the place, or staff's to the user.</summary>
    Relay,

    /// <summary>Kept where it was written and in the transcript, passed on to nobody (an internal note, the user writing in the thread itself).</summary>
    Stays,

    /// <summary>
    /// It held a recovery phrase or private key: it is not passed on and not recorded; the channel deletes the original
    /// where it can and sends <see cref="RelayDecision.Warning"/> to its author.
    /// </summary>
    Blocked,

    /// <summary>The ticket is closed: nothing is passed on; staff can reopen it.</summary>
    Closed,

    /// <summary>The author may not write in the ticket (not staff, not its user): nothing is passed on.</summary>
    Refused,
}

/// <summary>The desk's answer about one message.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Ticket">The ticket concerned, when there is one.</param>
/// <param name="Text">For <see cref="RelayKind.Relay"/>: the redacted text, formatted for its reader (the team's answer for the user, the user's words for staff).</param>
/// <param name="Warning">For <see cref="RelayKind.Blocked"/> and <see cref="RelayKind.Refused"/>: what to tell the author.</param>
/// <param name="Secret">For <see cref="RelayKind.Blocked"/>: what was found.</param>
public sealed record RelayDecision(RelayKind Kind, Ticket? Ticket, string? Text = null, string? Warning = null, SecretKinds Secret = SecretKinds.None)
{
    public static RelayDecision None { get; } = new(RelayKind.NoTicket, null);
}

/// <summary>The outcome of a staff command (<c>claim</c>, <c>close</c>, <c>reopen</c>): what it did and the reply to the staff member.</summary>
public sealed record TicketCommandReply(TicketOutcome Outcome, Ticket? Ticket, string Reply)
{
    public bool Succeeded => Outcome == TicketOutcome.Done;
}

/// <summary>The outcome of a user's request for a ticket, with the message that tells the user.</summary>
public sealed record TicketOpening(TicketOpeningOutcome Outcome, Ticket? Ticket, string Message);

public enum TicketOpeningOutcome
{
    /// <summary>A new ticket is open and its place created.</summary>
    Opened,

    /// <summary>The user has a ticket that is not closed; it is the one shown.</summary>
    AlreadyOpen,

    /// <summary>Tickets are not set up on this channel.</summary>
    Unavailable,

    /// <summary>The platform refused to create the place; the ticket was closed again and the user asked to retry.</summary>
    Failed,
}
