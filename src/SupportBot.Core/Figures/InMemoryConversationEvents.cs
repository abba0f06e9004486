namespace SupportBot.Core.Figures;

/// <summary><see cref="IConversationEvents"/> for tests and single-process runs without a database.</summary>
public sealed class InMemoryConversationEvents : IConversationEvents
{
    private readonly List<ConversationEvent> events = [];
    private readonly Lock gate = new();

    public Task RecordAsync(IReadOnlyList<ConversationEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (gate)
        {
            this.events.AddRange(events);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ConversationEvent>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<ConversationEvent>>([.. events.Where(e => e.At >= from && e.At < to).OrderBy(e => e.At)]);
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(events.RemoveAll(e => e.At < before));
        }
    }
}
