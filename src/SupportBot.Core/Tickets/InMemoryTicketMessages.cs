namespace SupportBot.Core.Tickets;

/// <summary><see cref="ITicketMessages"/> in process memory, for tests and runs without a database.</summary>
public sealed class InMemoryTicketMessages : ITicketMessages
{
    private readonly List<TicketMessage> lines = [];
    private readonly HashSet<string> sources = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public Task<bool> AddAsync(TicketMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (gate)
        {
            if (!sources.Add(message.SourceId))
                return Task.FromResult(false);
            lines.Add(message);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<TicketMessage>> ListAsync(long ticketId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<TicketMessage>>([.. lines.Where(l => l.TicketId == ticketId).OrderBy(l => l.At)]);
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var old = lines.Where(l => l.At < before).ToList();
            lines.RemoveAll(l => l.At < before);
            old.ForEach(l => sources.Remove(l.SourceId));
            return Task.FromResult(old.Count);
        }
    }
}
