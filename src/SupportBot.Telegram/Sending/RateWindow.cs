namespace SupportBot.Telegram.Sending;

/// <summary>
/// At most <c>limit</c> calls in any rolling <c>window</c>, from the very first one (no initial burst). A call holds its
/// slot from the moment it starts until one window after Telegram answered it: however long a request travels,
/// Telegram never receives more than <c>limit</c> of them within one window.
/// </summary>
internal sealed class RateWindow(int limit, TimeSpan window, TimeProvider time)
{
    private readonly Lock sync = new();
    private readonly Queue<DateTimeOffset> answered = new(); // answer times still inside the window, oldest first
    private readonly SemaphoreSlim turnstile = new(1, 1);
    private int inFlight;
    private DateTimeOffset pausedUntil;
    private TaskCompletionSource nextAnswer = NewSignal();

    /// <summary>Until when a pause holds every call.</summary>
    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (sync)
            {
                return pausedUntil;
            }
        }
    }

    /// <summary>When the last call through here was answered; for forgetting idle windows.</summary>
    public DateTimeOffset LastUsed { get; private set; }

    /// <summary>Waits for a slot; the returned slot must be disposed once Telegram answered (or the call failed).</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        // One waiter at a time, the others queued in turn: a thousand chats waiting do not all wake at every tick.
        await turnstile.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                TimeSpan wait;
                Task answer;
                lock (sync)
                {
                    var now = time.GetUtcNow();
                    while (answered.Count > 0 && answered.Peek() + window <= now)
                    {
                        answered.Dequeue();
                    }

                    if (now < pausedUntil)
                    {
                        wait = pausedUntil - now;
                    }
                    else if (inFlight + answered.Count < limit)
                    {
                        inFlight++;
                        return new Slot(this);
                    }
                    else
                    {
                        // Every slot is taken. An answer frees none (the slot is held a window longer) but, when all
                        // are still in flight, the first answer tells when one will free up.
                        wait = answered.Count > 0 ? answered.Peek() + window - now : Timeout.InfiniteTimeSpan;
                    }

                    answer = nextAnswer.Task;
                }

                await (wait == Timeout.InfiniteTimeSpan ? answer.WaitAsync(cancellationToken) : Task.Delay(wait, time, cancellationToken)).ConfigureAwait(false);
            }
        }
        finally
        {
            turnstile.Release();
        }
    }

    /// <summary>Returns once no pause is in force, without taking a slot.</summary>
    public async Task WaitWhilePausedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (sync)
            {
                wait = pausedUntil - time.GetUtcNow();
            }

            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Nothing goes through before <paramref name="duration"/> from now (Telegram's retry_after).</summary>
    public void Pause(TimeSpan duration)
    {
        lock (sync)
        {
            var until = time.GetUtcNow() + duration;
            if (until > pausedUntil)
            {
                pausedUntil = until;
            }
        }
    }

    /// <summary>True when no call holds a slot and none was answered within the window.</summary>
    public bool IsIdle()
    {
        lock (sync)
        {
            return inFlight == 0 && LastUsed + window <= time.GetUtcNow() && pausedUntil <= time.GetUtcNow();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Release()
    {
        TaskCompletionSource signal;
        lock (sync)
        {
            inFlight--;
            LastUsed = time.GetUtcNow();
            answered.Enqueue(LastUsed);
            signal = nextAnswer;
            nextAnswer = NewSignal();
        }

        signal.TrySetResult();
    }

    private sealed class Slot(RateWindow owner) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
