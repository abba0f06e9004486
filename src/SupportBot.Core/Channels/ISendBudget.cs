namespace SupportBot.Core.Channels;

/// <summary>
/// A sending budget shared by every instance: at most <c>limit</c> sends per bucket in any rolling <c>window</c>
/// (Telegram's 30 messages a second for the bot, 20 a minute per group; Discord's global limit). Each instance still
/// paces itself; this keeps the instances together under the platform's limit.
/// </summary>
public interface ISendBudget
{
    /// <summary>Takes one send from the bucket if the window has room.</summary>
    /// <returns>Zero when taken; otherwise how long until the window has room again (nothing was taken).</returns>
    Task<TimeSpan> TryTakeAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken);
}

/// <summary><see cref="ISendBudget"/> in process memory: one instance, or tests.</summary>
public sealed class InMemorySendBudget(TimeProvider time) : ISendBudget
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> buckets = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <inheritdoc />
    public Task<TimeSpan> TryTakeAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (!buckets.TryGetValue(bucket, out var taken))
            {
                buckets[bucket] = taken = new Queue<DateTimeOffset>();
            }

            while (taken.Count > 0 && taken.Peek() + window <= now)
            {
                taken.Dequeue();
            }

            if (taken.Count < limit)
            {
                taken.Enqueue(now);
                return Task.FromResult(TimeSpan.Zero);
            }

            return Task.FromResult(taken.Peek() + window - now);
        }
    }
}
