namespace SupportBot.Core.Channels;

/// <summary>An <see cref="IUpdateInbox"/> in process memory, for tests. The host uses the SQLite one.</summary>
public sealed class InMemoryUpdateInbox(TimeProvider time) : IUpdateInbox
{
    private readonly SortedDictionary<(string Channel, long Id), Row> rows = [];

    public Task<bool> TryAddAsync(string channel, long updateId, string payload, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            return Task.FromResult(rows.TryAdd((channel, updateId), new Row(payload, time.GetUtcNow())));
        }
    }

    public Task<IReadOnlyList<InboxItem>> PendingAsync(string channel, int limit, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            IReadOnlyList<InboxItem> pending = [.. rows.Where(r => r.Key.Channel == channel && r.Value.State == State.Pending).Take(limit)
                .Select(r => new InboxItem(channel, r.Key.Id, r.Value.Payload, r.Value.Attempts))];
            return Task.FromResult(pending);
        }
    }

    public Task MarkDoneAsync(string channel, long updateId, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            if (rows.TryGetValue((channel, updateId), out var row))
            {
                row.State = State.Done;
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> MarkFailedAsync(string channel, long updateId, string reason, int maxAttempts, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            if (!rows.TryGetValue((channel, updateId), out var row))
            {
                return Task.FromResult(false);
            }

            row.Attempts++;
            row.Reason = reason;
            if (row.Attempts >= maxAttempts)
            {
                row.State = State.GivenUp;
            }

            return Task.FromResult(row.State == State.GivenUp);
        }
    }

    public Task<long?> LastUpdateIdAsync(string channel, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            var ids = rows.Keys.Where(k => k.Channel == channel).Select(k => k.Id).ToList();
            return Task.FromResult(ids.Count == 0 ? (long?)null : ids.Max());
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            var newest = rows.Keys.GroupBy(k => k.Channel).ToDictionary(g => g.Key, g => g.Max(k => k.Id));
            var old = rows.Where(r => r.Value.State != State.Pending && r.Value.Received < before && r.Key.Id < newest[r.Key.Channel])
                .Select(r => r.Key).ToList();
            old.ForEach(k => rows.Remove(k));
            return Task.FromResult(old.Count);
        }
    }

    private enum State
    {
        Pending,
        Done,
        GivenUp,
    }

    private sealed class Row(string payload, DateTimeOffset received)
    {
        public string Payload { get; } = payload;

        public DateTimeOffset Received { get; } = received;

        public State State { get; set; }

        public int Attempts { get; set; }

        public string? Reason { get; set; }
    }
}
