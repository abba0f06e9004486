namespace SupportBot.Core.Conversations;

/// <summary>
/// A store in process memory for tests and benchmarks. It keeps states serialised, as a real store does, so tests
/// through it exercise the wire format. Not registered by the host: a bot must survive restarts.
/// </summary>
public sealed class InMemoryConversationStore(TimeProvider time) : IConversationStore
{
    private readonly Dictionary<string, (long Version, string Json, DateTimeOffset ExpiresAt)> rows = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (rows)
            {
                return rows.Count;
            }
        }
    }

    public Task<ConversationState?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            return Task.FromResult(rows.TryGetValue(key, out var row) && row.ExpiresAt > time.GetUtcNow()
                ? ConversationStateSerializer.Deserialize(row.Json) with { Version = row.Version }
                : null);
        }
    }

    public Task<bool> TrySaveAsync(ConversationState state, long expectedVersion, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            var current = rows.TryGetValue(state.Key, out var row) && row.ExpiresAt > time.GetUtcNow() ? row.Version : 0;
            if (current != expectedVersion)
            {
                return Task.FromResult(false);
            }

            rows[state.Key] = (expectedVersion + 1, ConversationStateSerializer.Serialize(state), expiresAt);
            return Task.FromResult(true);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            rows.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            var expired = rows.Where(r => r.Value.ExpiresAt <= now).Select(r => r.Key).ToList();
            expired.ForEach(k => rows.Remove(k));
            return Task.FromResult(expired.Count);
        }
    }
}
