namespace SupportBot.Telegram.Sending;

/// <summary>A token bucket: up to <c>burst</c> sends at once, then one per <c>interval</c>.</summary>
internal sealed class RateGate(int burst, TimeSpan interval, TimeProvider time)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private double tokens = burst;
    private DateTimeOffset last = time.GetUtcNow();

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                tokens = Math.Min(burst, tokens + (now - last) / interval);
                last = now;
                if (tokens >= 1)
                {
                    tokens -= 1;
                    return;
                }

                await Task.Delay(interval * (1 - tokens), time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Telegram said "retry after": nothing goes out before then.</summary>
    public void Pause(TimeSpan duration)
    {
        tokens = -duration / interval;
        last = time.GetUtcNow();
    }
}
