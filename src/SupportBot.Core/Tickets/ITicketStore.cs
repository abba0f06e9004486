namespace SupportBot.Core.Tickets;

/// <summary>
/// Tickets of every channel. A user (channel + user id) has at most one ticket that is not closed, enforced by the store
/// even under concurrent opens. The rules of each change are <see cref="TicketRules"/>'s, the same for every store;
/// times come from the store's injected <see cref="TimeProvider"/>. Form texts, reasons and comments are stored as given:
/// callers redact them first.
/// </summary>
public interface ITicketStore
{
    /// <summary>Opens a ticket; <see cref="TicketOutcome.UserHasOpenTicket"/> with the existing one when the user already has one.</summary>
    Task<TicketResult> OpenAsync(TicketRequest request, CancellationToken cancellationToken);

    Task<Ticket?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>The user's ticket that is not closed (open or claimed), if any.</summary>
    Task<Ticket?> GetOpenForUserAsync(string channel, string userId, CancellationToken cancellationToken);

    /// <summary>The ticket a channel's thread or topic belongs to, if any.</summary>
    Task<Ticket?> GetByPlaceAsync(string channel, string place, CancellationToken cancellationToken);

    /// <summary>Records the channel's place (thread/topic id) once it has been created; any state.</summary>
    Task<TicketResult> SetPlaceAsync(long id, string place, CancellationToken cancellationToken);

    /// <summary>See <see cref="TicketRules.Claim"/>.</summary>
    Task<TicketResult> ClaimAsync(long id, string staffId, CancellationToken cancellationToken);

    /// <summary>See <see cref="TicketRules.Close"/>.</summary>
    Task<TicketResult> CloseAsync(long id, string reason, CancellationToken cancellationToken);

    /// <summary>See <see cref="TicketRules.Reopen"/>; refused with the other ticket when the user has opened a new one meanwhile.</summary>
    Task<TicketResult> ReopenAsync(long id, CancellationToken cancellationToken);

    /// <summary>See <see cref="TicketRules.Rate"/>.</summary>
    Task<TicketResult> RateAsync(long id, int rating, string? comment, CancellationToken cancellationToken);

    /// <summary>See <see cref="TicketRules.Touch"/>.</summary>
    Task<TicketResult> TouchAsync(long id, bool staffAnswer, CancellationToken cancellationToken);

    /// <summary>See <see cref="TicketRules.Warn"/>.</summary>
    Task<TicketResult> MarkWarnedAsync(long id, CancellationToken cancellationToken);

    /// <summary>Every ticket that is not closed, oldest first: what the inactivity check goes through.</summary>
    Task<IReadOnlyList<Ticket>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>Retention: <see cref="TicketRules.Scrub"/> on every ticket closed before <paramref name="before"/>; returns how many changed.</summary>
    Task<int> ScrubClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Tickets opened from <paramref name="from"/> (included) to <paramref name="to"/> (excluded), by opening time, for the figures.</summary>
    Task<IReadOnlyList<Ticket>> ListOpenedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
