using SupportBot.Core.Messages;

namespace SupportBot.Core.Tickets;

/// <summary>
/// What a platform does for tickets: where staff work on one (a Discord private thread, a Telegram forum topic) and how
/// the user is reached. The <see cref="TicketDesk"/> decides when; a channel only carries it out, so every platform
/// follows the same ticket rules. Staff checks stay with the channel: only it knows roles and chat members.
/// </summary>
public interface ITicketChannel
{
    /// <summary>The channel's name, as in <see cref="Ticket.Channel"/>: <c>telegram</c>, <c>discord</c>.</summary>
    string Name { get; }

    /// <summary>Tickets are set up on this platform (a staff chat or a ticket channel is configured).</summary>
    bool Enabled { get; }

    /// <summary>Creates the ticket's place with <paramref name="opening"/> (the transcript so far) as its first message; returns the place's id.</summary>
    Task<string> CreatePlaceAsync(Ticket ticket, string opening, CancellationToken cancellationToken);

    /// <summary>How the user is pointed to the place in the "ticket opened" message (a thread mention), or null where the user stays in the private chat.</summary>
    string? PlaceReference(Ticket ticket);

    /// <summary>A notice from the bot in the ticket's place (claimed, inactive, closed), for staff.</summary>
    Task PostToPlaceAsync(Ticket ticket, string text, CancellationToken cancellationToken);

    /// <summary>A message to the ticket's user, already in their language (notices, the rating question).</summary>
    Task SendToUserAsync(Ticket ticket, OutboundMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Closes the place (archives the thread, closes the topic) and files the transcript: in the log channel/chat when
    /// one is configured, and to the user where the platform lets the bot write to them.
    /// </summary>
    Task ClosePlaceAsync(Ticket ticket, TicketTranscript transcript, CancellationToken cancellationToken);

    /// <summary>Opens the place again for a reopened ticket.</summary>
    Task ReopenPlaceAsync(Ticket ticket, CancellationToken cancellationToken);
}
