namespace SupportBot.Core.Channels;

/// <summary>An <see cref="IOutboundLog"/> in process memory, for tests, over an inbox in memory too. The host uses the SQLite one.</summary>
public sealed class InMemoryOutboundLog(IUpdateInbox inbox) : IOutboundLog
{
    private readonly SortedDictionary<long, OutboundItem> items = [];
    private long nextId = 1;

    public async Task CommitTurnAsync(string channel, long updateId, IReadOnlyList<OutboundEntry> calls, CancellationToken cancellationToken)
    {
        lock (items)
        {
            foreach (var call in calls)
            {
                var id = nextId++;
                items[id] = new OutboundItem(id, channel, call.Chat, updateId, call.Payload, 0);
            }
        }

        // Not atomic with the line above, but nothing in memory survives a crash anyway.
        await inbox.MarkDoneAsync(channel, updateId, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<OutboundItem>> PendingAsync(string channel, string? chat, int limit, CancellationToken cancellationToken)
    {
        lock (items)
        {
            IReadOnlyList<OutboundItem> pending = [.. items.Values.Where(i => i.Channel == channel && (chat is null || i.Chat == chat)).Take(limit)];
            return Task.FromResult(pending);
        }
    }

    public Task MarkSentAsync(long id, CancellationToken cancellationToken)
    {
        lock (items)
        {
            items.Remove(id);
        }

        return Task.CompletedTask;
    }

    public Task<bool> MarkFailedAsync(long id, int maxAttempts, CancellationToken cancellationToken)
    {
        lock (items)
        {
            if (!items.TryGetValue(id, out var item))
            {
                return Task.FromResult(false);
            }

            if (item.Attempts + 1 >= maxAttempts)
            {
                items.Remove(id);
                return Task.FromResult(true);
            }

            items[id] = item with { Attempts = item.Attempts + 1 };
            return Task.FromResult(false);
        }
    }
}
