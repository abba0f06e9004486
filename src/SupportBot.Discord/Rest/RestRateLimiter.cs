namespace SupportBot.Discord.Rest;

/// <summary>
/// Discord's rate limits on the client side, in the manner of <c>@discordjs/rest</c>'s sequential handler:
/// <list type="bullet">
/// <item>one FIFO queue per route and major parameter, with one request in flight at a time;</item>
/// <item>bucket state (remaining, reset) shared by every route Discord puts in the same bucket (<c>X-RateLimit-Bucket</c>),
/// per major parameter; a route uses its own state until its first answer names its bucket;</item>
/// <item>a global pause after a global 429, and a self-imposed per-second limit on bot-authorized routes;</item>
/// <item>the count of invalid answers (401/403/429) in the last 10 minutes, and whether the bot token was rejected.</item>
/// </list>
/// All state sits behind one lock; waits happen outside it. Times are offsets from the limiter's creation on its
/// <see cref="TimeProvider"/>.
/// </summary>
internal sealed class RestRateLimiter
{
    private static readonly TimeSpan GlobalWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan InvalidRequestWindow = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(5);

    // After a window's reset the bucket is assumed full again; if that allowance is used up before an answer reports
    // the new window, wait for one (briefly), and forget the bucket if none comes.
    private static readonly TimeSpan AwaitAnswerDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan StaleAfterReset = TimeSpan.FromSeconds(2);

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly long origin;
    private readonly int globalPerSecond;
    private readonly int invalidRequestLimit;
    private readonly Dictionary<string, string> bucketOfRoute = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RouteQueue> queues = new(StringComparer.Ordinal);
    private readonly Queue<TimeSpan> recentSends = new();
    private readonly Queue<TimeSpan> invalidAnswers = new();
    private TimeSpan globalPauseEnd;
    private TimeSpan lastSweep;
    private bool tokenRejected;

    public RestRateLimiter(TimeProvider time, int globalPerSecond, int invalidRequestLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(globalPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(invalidRequestLimit, 1);
        this.time = time;
        this.globalPerSecond = globalPerSecond;
        this.invalidRequestLimit = invalidRequestLimit;
        origin = time.GetTimestamp();
    }

    public TimeSpan Now => time.GetElapsedTime(origin);

    /// <summary>Whether a global 429 is being waited out (for tests).</summary>
    internal bool GloballyPaused
    {
        get
        {
            lock (gate)
            {
                return globalPauseEnd > Now;
            }
        }
    }

    /// <summary>Number of route queues held (for tests of the sweep).</summary>
    internal int QueueCount
    {
        get
        {
            lock (gate)
            {
                return queues.Count;
            }
        }
    }

    /// <summary>
    /// Joins the route's queue at once (so calls made in order are sent in order) and completes when every request
    /// ahead is done. Dispose the slot when the request is finished, successful or not.
    /// </summary>
    public Task<IDisposable> EnterQueueAsync(RestRoute route, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task ahead;
        RouteQueue queue;
        lock (gate)
        {
            SweepIfDue();
            if (!queues.TryGetValue(route.QueueKey, out var existing))
            {
                existing = new RouteQueue();
                queues[route.QueueKey] = existing;
            }

            queue = existing;
            ahead = queue.Tail;
            queue.Tail = done.Task;
            queue.Pending++;
        }

        return WaitForTurnAsync(ahead, new QueueSlot(this, queue, done), cancellationToken);
    }

    /// <summary>Throws instead of sending when the token was rejected or the invalid-request budget is spent.</summary>
    public void ThrowIfBlocked(RestRoute route)
    {
        lock (gate)
        {
            if (route.UsesBotToken && tokenRejected)
            {
                throw new DiscordRestException(DiscordRestFailure.TokenRejected, route.RouteKey,
                    "not sent: Discord rejected the bot token (401) earlier; fix the token and restart.");
            }

            PruneInvalidAnswers(Now);
            if (invalidAnswers.Count >= invalidRequestLimit)
            {
                throw new DiscordRestException(DiscordRestFailure.InvalidRequestLimit, route.RouteKey,
                    $"not sent: {invalidAnswers.Count} answers of 401/403/429 in the last 10 minutes; Discord bans the IP address at 10,000.");
            }
        }
    }

    /// <summary>Waits until the route's bucket, a global pause and the per-second limit all allow one more request, and takes it.</summary>
    public async Task WaitToSendAsync(RestRoute route, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (gate)
            {
                var now = Now;
                wait = GlobalPauseLeft(route, now);
                if (wait <= TimeSpan.Zero)
                {
                    wait = BucketOf(route).Take(now);
                    if (wait <= TimeSpan.Zero)
                    {
                        break;
                    }
                }
            }

            await DelayAsync(wait, cancellationToken).ConfigureAwait(false);
        }

        if (!route.GloballyLimited)
        {
            return;
        }

        while (true)
        {
            TimeSpan wait;
            lock (gate)
            {
                var now = Now;
                wait = GlobalPauseLeft(route, now);
                if (wait <= TimeSpan.Zero)
                {
                    while (recentSends.Count > 0 && now - recentSends.Peek() >= GlobalWindow)
                    {
                        recentSends.Dequeue();
                    }

                    if (recentSends.Count < globalPerSecond)
                    {
                        recentSends.Enqueue(now);
                        return;
                    }

                    wait = recentSends.Peek() + GlobalWindow - now;
                }
            }

            await DelayAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Learns the route's bucket and its state from an answer's headers.</summary>
    public void Update(RestRoute route, RateLimitHeaders headers)
    {
        lock (gate)
        {
            if (!string.IsNullOrEmpty(headers.Bucket))
            {
                bucketOfRoute[route.RouteKey] = headers.Bucket;
            }

            if (headers.Remaining is { } remaining && headers.ResetAfter is { } resetAfter)
            {
                BucketOf(route).Learn(headers.Limit, remaining, Now + resetAfter);
            }
        }
    }

    /// <summary>A 429 for an exhausted bucket: nothing more goes to it (from any route sharing it) for <paramref name="retryAfter"/>.</summary>
    public void HoldBucket(RestRoute route, TimeSpan retryAfter)
    {
        lock (gate)
        {
            BucketOf(route).Hold(Now + retryAfter);
        }
    }

    /// <summary>A global 429: every bot-authorized route waits <paramref name="retryAfter"/>.</summary>
    public void PauseGlobally(TimeSpan retryAfter)
    {
        lock (gate)
        {
            var end = Now + retryAfter;
            if (end > globalPauseEnd)
            {
                globalPauseEnd = end;
            }
        }
    }

    /// <summary>Counts a 401, 403 or 429 answer toward the invalid-request budget.</summary>
    public void CountInvalidAnswer()
    {
        lock (gate)
        {
            invalidAnswers.Enqueue(Now);
        }
    }

    /// <summary>After a 401 on a bot-authorized route: no more requests with the token.</summary>
    public void RejectToken()
    {
        lock (gate)
        {
            tokenRejected = true;
        }
    }

    /// <summary>Waits at least <paramref name="delay"/> by this limiter's clock (timers may fire a little early).</summary>
    public async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var end = Now + delay;
        for (var left = delay; left > TimeSpan.Zero; left = end - Now)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<IDisposable> WaitForTurnAsync(Task ahead, QueueSlot slot, CancellationToken cancellationToken)
    {
        try
        {
            await ahead.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Give up the place in line only once the request ahead is done, so the one behind never overtakes it.
            _ = ahead.ContinueWith(_ => slot.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }

        return slot;
    }

    private TimeSpan GlobalPauseLeft(RestRoute route, TimeSpan now) =>
        route.GloballyLimited && globalPauseEnd > now ? globalPauseEnd - now : TimeSpan.Zero;

    /// <summary>The bucket state the route uses now. Call under the lock.</summary>
    private Bucket BucketOf(RestRoute route)
    {
        var bucket = bucketOfRoute.TryGetValue(route.RouteKey, out var hash) ? hash : "route:" + route.RouteKey;
        var key = bucket + " " + route.MajorParameter;
        if (!buckets.TryGetValue(key, out var state))
        {
            state = new Bucket();
            buckets[key] = state;
        }

        state.LastUsed = Now;
        return state;
    }

    private void PruneInvalidAnswers(TimeSpan now)
    {
        while (invalidAnswers.Count > 0 && now - invalidAnswers.Peek() >= InvalidRequestWindow)
        {
            invalidAnswers.Dequeue();
        }
    }

    /// <summary>Drops idle queues and bucket states (interaction routes make new ones for every interaction). Call under the lock.</summary>
    private void SweepIfDue()
    {
        var now = Now;
        if (now - lastSweep < SweepInterval)
        {
            return;
        }

        lastSweep = now;
        foreach (var (key, queue) in queues.ToList())
        {
            if (queue.Pending == 0 && now - queue.LastUsed >= IdleLifetime)
            {
                queues.Remove(key);
            }
        }

        foreach (var (key, bucket) in buckets.ToList())
        {
            if (now >= bucket.ResetAt && now - bucket.LastUsed >= IdleLifetime)
            {
                buckets.Remove(key);
            }
        }
    }

    private void Leave(RouteQueue queue)
    {
        lock (gate)
        {
            queue.Pending--;
            queue.LastUsed = Now;
        }
    }

    private sealed class RouteQueue
    {
        public Task Tail { get; set; } = Task.CompletedTask;

        public int Pending { get; set; }

        public TimeSpan LastUsed { get; set; }
    }

    private sealed class QueueSlot(RestRateLimiter limiter, RouteQueue queue, TaskCompletionSource done) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                limiter.Leave(queue);
                done.TrySetResult();
            }
        }
    }

    /// <summary>What is known of one bucket (for one major parameter).</summary>
    private sealed class Bucket
    {
        private bool known;
        private int limit;
        private int remaining;
        private TimeSpan refilledAt = TimeSpan.MinValue;

        public TimeSpan ResetAt { get; private set; }

        public TimeSpan LastUsed { get; set; }

        /// <summary>Takes one request from the bucket, or says how long to wait before asking again.</summary>
        public TimeSpan Take(TimeSpan now)
        {
            if (!known)
            {
                return TimeSpan.Zero;
            }

            if (now >= ResetAt && refilledAt != ResetAt)
            {
                refilledAt = ResetAt;
                remaining = limit;
            }

            if (remaining > 0)
            {
                remaining--;
                return TimeSpan.Zero;
            }

            if (now < ResetAt)
            {
                return ResetAt - now;
            }

            if (now - ResetAt >= StaleAfterReset)
            {
                known = false;
                return TimeSpan.Zero;
            }

            return AwaitAnswerDelay;
        }

        public void Learn(int? newLimit, int newRemaining, TimeSpan resetAt)
        {
            known = true;
            limit = Math.Max(1, newLimit ?? Math.Max(limit, newRemaining + 1));
            remaining = Math.Max(0, newRemaining);
            ResetAt = resetAt;
        }

        public void Hold(TimeSpan until)
        {
            if (!known)
            {
                known = true;
                limit = 1;
            }

            remaining = 0;
            if (until > ResetAt)
            {
                ResetAt = until;
            }
        }
    }
}
