namespace SupportBot.Core.Tickets;

/// <summary><see cref="ITicketStore"/> for tests and single-process runs without a database; one lock keeps the one-open-per-user rule.</summary>
public sealed class InMemoryTicketStore(TimeProvider clock) : ITicketStore
{
    private readonly Dictionary<long, Ticket> tickets = [];
    private readonly Lock gate = new();
    private long lastId;

    public Task<TicketResult> OpenAsync(TicketRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (gate)
        {
            if (OpenFor(request.Channel, request.UserId) is { } existing)
                return Task.FromResult(new TicketResult(TicketOutcome.UserHasOpenTicket, existing));
            var ticket = TicketRules.New(request, lastId + 1, clock.GetUtcNow());
            lastId = ticket.Id;
            tickets[ticket.Id] = ticket;
            return Task.FromResult(new TicketResult(TicketOutcome.Done, ticket));
        }
    }

    public Task<Ticket?> GetAsync(long id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(tickets.GetValueOrDefault(id));
        }
    }

    public Task<Ticket?> GetOpenForUserAsync(string channel, string userId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(OpenFor(channel, userId));
        }
    }

    public Task<Ticket?> GetByPlaceAsync(string channel, string place, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(tickets.Values.FirstOrDefault(t => t.Channel == channel && t.Place == place));
        }
    }

    public Task<TicketResult> SetPlaceAsync(long id, string place, CancellationToken cancellationToken) => Change(id, t => TicketRules.SetPlace(t, place));

    public Task<TicketResult> ClaimAsync(long id, string staffId, CancellationToken cancellationToken) =>
        Change(id, t => TicketRules.Claim(t, staffId, clock.GetUtcNow()));

    public Task<TicketResult> CloseAsync(long id, string reason, CancellationToken cancellationToken) =>
        Change(id, t => TicketRules.Close(t, reason, clock.GetUtcNow()));

    public Task<TicketResult> ReopenAsync(long id, CancellationToken cancellationToken) =>
        Change(id, t => OpenFor(t.Channel, t.UserId) is { } other && other.Id != t.Id
            ? new TicketResult(TicketOutcome.UserHasOpenTicket, other)
            : TicketRules.Reopen(t));

    public Task<TicketResult> RateAsync(long id, int rating, string? comment, CancellationToken cancellationToken) =>
        Change(id, t => TicketRules.Rate(t, rating, comment));

    public Task<TicketResult> TouchAsync(long id, bool staffAnswer, CancellationToken cancellationToken) =>
        Change(id, t => TicketRules.Touch(t, staffAnswer, clock.GetUtcNow()));

    public Task<TicketResult> MarkWarnedAsync(long id, CancellationToken cancellationToken) => Change(id, t => TicketRules.Warn(t, clock.GetUtcNow()));

    public Task<IReadOnlyList<Ticket>> ListActiveAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<Ticket>>([.. tickets.Values.Where(t => t.State != TicketState.Closed).OrderBy(t => t.Id)]);
        }
    }

    public Task<int> ScrubClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var old = tickets.Values.Where(t => t.State == TicketState.Closed && t.ClosedAt < before && TicketRules.Scrub(t) != t).ToList();
            old.ForEach(t => tickets[t.Id] = TicketRules.Scrub(t));
            return Task.FromResult(old.Count);
        }
    }

    public Task<IReadOnlyList<Ticket>> ListOpenedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<Ticket>>([.. tickets.Values.Where(t => t.OpenedAt >= from && t.OpenedAt < to).OrderBy(t => t.OpenedAt).ThenBy(t => t.Id)]);
        }
    }

    private Ticket? OpenFor(string channel, string userId) =>
        tickets.Values.FirstOrDefault(t => t.Channel == channel && t.UserId == userId && t.State != TicketState.Closed);

    private Task<TicketResult> Change(long id, Func<Ticket, TicketResult> rule)
    {
        lock (gate)
        {
            if (!tickets.TryGetValue(id, out var ticket))
                return Task.FromResult(TicketResult.NotFound);
            var result = rule(ticket);
            if (result.Succeeded && result.Ticket is { } changed)
                tickets[id] = changed;
            return Task.FromResult(result);
        }
    }
}
