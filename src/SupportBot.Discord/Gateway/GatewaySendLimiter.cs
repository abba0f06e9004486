namespace SupportBot.Discord.Gateway;

/// <summary>
/// The gateway's outbound limit for one connection: at most <c>limit</c> payloads in any <c>window</c>. Each send takes
/// a token that comes back one window later, so no window of that length ever holds more than <c>limit</c> sends.
/// Ordinary sends may use only <c>limit − reserved</c> tokens; priority sends (heartbeats, Identify, Resume) may use all.
/// </summary>
internal sealed class GatewaySendLimiter
{
    /// <summary>Discord: 120 events per 60 s per connection.</summary>
    public const int DiscordLimit = 120;

    /// <summary>60 s plus a margin for the time a payload spends between this clock and Discord's.</summary>
    public static readonly TimeSpan DiscordWindow = TimeSpan.FromSeconds(61);

    private readonly Lock gate = new();
    private readonly Queue<DateTimeOffset> sent = new();
    private readonly int limit;
    private readonly TimeSpan window;
    private readonly TimeProvider time;
    private int reserved;

    public GatewaySendLimiter(int limit, TimeSpan window, int reserved, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 2);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        this.limit = limit;
        this.window = window;
        this.time = time;
        Reserved = reserved;
    }

    /// <summary>Tokens kept for priority sends; at least 0 and below the limit.</summary>
    public int Reserved
    {
        get
        {
            lock (gate)
            {
                return reserved;
            }
        }

        set
        {
            lock (gate)
            {
                reserved = Math.Clamp(value, 0, limit - 1);
            }
        }
    }

    /// <summary>Tokens to keep for heartbeats: the most heartbeats one window can hold, plus one a server may ask for.</summary>
    public static int HeartbeatReserveFor(TimeSpan heartbeatInterval, TimeSpan window)
    {
        if (heartbeatInterval <= TimeSpan.Zero)
        {
            return 10;
        }

        var perWindow = Math.Ceiling(window / heartbeatInterval) + 1;
        return (int)Math.Clamp(perWindow, 2, 10);
    }

    /// <summary>Waits for a token and takes it.</summary>
    public async ValueTask AcquireAsync(bool priority, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (gate)
            {
                var now = time.GetUtcNow();
                while (sent.Count > 0 && now - sent.Peek() >= window)
                {
                    sent.Dequeue();
                }

                var capacity = priority ? limit : limit - reserved;
                if (sent.Count < capacity)
                {
                    sent.Enqueue(now);
                    return;
                }

                // Enough of the oldest tokens must come back to leave one free: the (count − capacity)-th in age order.
                wait = sent.ElementAt(sent.Count - capacity) + window - now;
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
