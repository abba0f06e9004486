using System.Diagnostics;

namespace SupportBot.Telegram.Tests.Fakes;

// Flood control (429 with retry_after), injected errors, and answers lost on the way back.
public sealed partial class FakeBotApi
{
    private readonly List<Fault> faults = [];
    private readonly List<Hang> hangs = [];
    private int hungResponses;
    private readonly Dictionary<long, TokenBucket> chatBuckets = [];
    private readonly Dictionary<long, TokenBucket> groupBuckets = [];
    private (double PerSecond, double Burst)? perChatLimit;
    private int? groupPerMinuteLimit;
    private TokenBucket? globalBucket;

    /// <summary>When each message the fake accepted arrived (timestamps of the fake's clock): the rate the bot sent at.</summary>
    private readonly List<long> messageArrivals = [];

    /// <summary>The calls that put a new message into a chat: what Telegram's "30 messages a second" counts.</summary>
    private static readonly HashSet<string> MessageMethods = new(StringComparer.OrdinalIgnoreCase) { "sendMessage", "copyMessage", "sendDocument" };

    /// <summary>Calls answered 429 so far (injected or from rate limits).</summary>
    public int TooManyRequestsAnswered
    {
        get
        {
            lock (gate)
            {
                return calls.Count(c => c.StatusCode == 429);
            }
        }
    }

    /// <summary>
    /// The most messages (sendMessage, copyMessage, sendDocument) the fake accepted within any <paramref name="window"/>
    /// of real time, measured on arrival: how fast the bot, all its instances together, really sent. Counts from the
    /// <paramref name="fromMessage"/>-th accepted message on (0: all).
    /// </summary>
    public int MostMessagesWithin(TimeSpan window, int fromMessage = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var arrivals = MessageArrivals(fromMessage);
        var most = 0;
        for (int first = 0, last = 0; last < arrivals.Length; last++)
        {
            while (options.TimeProvider.GetElapsedTime(arrivals[first], arrivals[last]) >= window)
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        return most;
    }

    /// <summary>
    /// The real time from the <paramref name="fromMessage"/>-th message the fake accepted to the last, and how many
    /// there were in it.
    /// </summary>
    public (int Messages, TimeSpan Span) MessagesAccepted(int fromMessage = 0)
    {
        var arrivals = MessageArrivals(fromMessage);
        return (arrivals.Length, arrivals.Length < 2 ? TimeSpan.Zero : options.TimeProvider.GetElapsedTime(arrivals[0], arrivals[^1]));
    }

    private long[] MessageArrivals(int fromMessage)
    {
        lock (gate)
        {
            return [.. messageArrivals.Skip(fromMessage)];
        }
    }

    /// <summary>
    /// Flood control per chat for sendMessage: at most <paramref name="perSecond"/> messages a second to one chat after a
    /// burst of <paramref name="burst"/> (default: one second's worth, at least 1). Excess calls get 429 with retry_after.
    /// </summary>
    public void LimitPerChat(double perSecond, int? burst = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        lock (gate)
        {
            perChatLimit = (perSecond, burst ?? Math.Max(1, Math.Floor(perSecond)));
            chatBuckets.Clear();
        }
    }

    /// <summary>Flood control over all chats for sendMessage (Telegram: about 30 a second).</summary>
    public void LimitGlobal(double perSecond, int? burst = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        lock (gate)
        {
            globalBucket = new TokenBucket(perSecond, burst ?? Math.Max(1, Math.Floor(perSecond)));
        }
    }

    /// <summary>Flood control per group or supergroup for sendMessage (Telegram: 20 a minute).</summary>
    public void LimitPerGroupChat(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        lock (gate)
        {
            groupPerMinuteLimit = perMinute;
            groupBuckets.Clear();
        }
    }

    /// <summary>Removes all rate limits (injected errors stay).</summary>
    public void ClearRateLimits()
    {
        lock (gate)
        {
            perChatLimit = null;
            groupPerMinuteLimit = null;
            globalBucket = null;
            chatBuckets.Clear();
            groupBuckets.Clear();
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> calls of <paramref name="method"/> (optionally only for one chat) answer
    /// 429 "Too Many Requests: retry after N" with <c>parameters.retry_after</c> = <paramref name="retryAfterSeconds"/>.
    /// </summary>
    public void InjectTooManyRequests(int count, int retryAfterSeconds, string method = "sendMessage", long? chatId = null) =>
        InjectError(method, 429, $"Too Many Requests: retry after {retryAfterSeconds}", count, chatId, retryAfterSeconds);

    /// <summary>
    /// The next <paramref name="count"/> calls of <paramref name="method"/> (optionally only for one chat) fail with
    /// this error, e.g. (403, "Forbidden: bot was blocked by the user") or (400, "Bad Request: message can't be deleted").
    /// Injected errors are checked before anything else, in the order they were injected.
    /// </summary>
    public void InjectError(string method, int errorCode, string description, int count = 1, long? chatId = null, int? retryAfterSeconds = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(description);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (gate)
        {
            faults.Add(new Fault(method, chatId, errorCode, description, retryAfterSeconds) { Remaining = count });
        }
    }

    /// <summary>
    /// After <paramref name="afterCalls"/> more successful calls of <paramref name="method"/> (optionally only for one
    /// chat), the next one is carried out as usual (a message is sent) but its answer never comes: the request stays
    /// open until the client gives up. This is how a bot sees Telegram when it is killed while a call is in flight.
    /// </summary>
    public void HangResponse(string method, long? chatId = null, int afterCalls = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentOutOfRangeException.ThrowIfNegative(afterCalls);
        lock (gate)
        {
            hangs.Add(new Hang(method, chatId) { Skip = afterCalls });
        }
    }

    /// <summary>Calls carried out whose answer was held back (<see cref="HangResponse"/>).</summary>
    public int HungResponses
    {
        get
        {
            lock (gate)
            {
                return hungResponses;
            }
        }
    }

    /// <summary>After a successful call: true when its answer is to be held back. Counts it as hung.</summary>
    private bool ShouldHang(string method, BotApiParameters parameters)
    {
        lock (gate)
        {
            var hang = hangs.FirstOrDefault(h => string.Equals(h.Method, method, StringComparison.OrdinalIgnoreCase)
                && (h.ChatId is null || h.ChatId == ChatIdOrNull(parameters)));
            if (hang is null)
            {
                return false;
            }

            if (hang.Skip-- > 0)
            {
                return false;
            }

            hangs.Remove(hang);
            hungResponses++;
            NotifyChanged();
            return true;
        }
    }

    private void ThrowIfFaultInjected(string method, BotApiParameters parameters)
    {
        lock (gate)
        {
            var fault = faults.FirstOrDefault(f => string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase)
                && (f.ChatId is null || f.ChatId == ChatIdOrNull(parameters)));
            if (fault is null)
            {
                return;
            }

            if (--fault.Remaining == 0)
            {
                faults.Remove(fault);
            }

            throw new BotApiException(fault.ErrorCode, fault.Description, fault.RetryAfter);
        }
    }

    private static long? ChatIdOrNull(BotApiParameters parameters)
    {
        try
        {
            return parameters.Has("chat_id") ? parameters.ChatId() : null;
        }
        catch (BotApiException)
        {
            return null;
        }
    }

    /// <summary>Takes a token from every bucket that applies to the chat, or answers 429 if one is empty. Under the lock.</summary>
    private void TakeRateLimitTokens(ChatState chat)
    {
        var buckets = new List<TokenBucket>(3);
        if (globalBucket is not null)
        {
            buckets.Add(globalBucket);
        }

        if (perChatLimit is { } limit)
        {
            if (!chatBuckets.TryGetValue(chat.Id, out var bucket))
            {
                chatBuckets[chat.Id] = bucket = new TokenBucket(limit.PerSecond, limit.Burst);
            }

            buckets.Add(bucket);
        }

        if (groupPerMinuteLimit is { } perMinute && chat.Type is "group" or "supergroup")
        {
            if (!groupBuckets.TryGetValue(chat.Id, out var bucket))
            {
                groupBuckets[chat.Id] = bucket = new TokenBucket(perMinute / 60.0, perMinute);
            }

            buckets.Add(bucket);
        }

        var wait = buckets.Count == 0 ? 0 : buckets.Max(b => b.SecondsUntilAvailable());
        if (wait > 0)
        {
            throw BotApiException.TooManyRequests(Math.Max(1, (int)Math.Ceiling(wait)));
        }

        foreach (var bucket in buckets)
        {
            bucket.Take();
        }
    }

    private sealed class Hang(string method, long? chatId)
    {
        public string Method { get; } = method;

        public long? ChatId { get; } = chatId;

        public int Skip { get; set; }
    }

    private sealed class Fault(string method, long? chatId, int errorCode, string description, int? retryAfter)
    {
        public string Method { get; } = method;

        public long? ChatId { get; } = chatId;

        public int ErrorCode { get; } = errorCode;

        public string Description { get; } = description;

        public int? RetryAfter { get; } = retryAfter;

        public int Remaining { get; set; }
    }

    /// <summary>Refills continuously at <c>perSecond</c> up to <c>capacity</c>, on real (monotonic) time.</summary>
    private sealed class TokenBucket(double perSecond, double capacity)
    {
        private readonly double capacity = capacity;
        private readonly double perSecond = perSecond;
        private double tokens = capacity;
        private long refilledAt = Stopwatch.GetTimestamp();

        public double SecondsUntilAvailable()
        {
            var now = Stopwatch.GetTimestamp();
            tokens = Math.Min(capacity, tokens + (Stopwatch.GetElapsedTime(refilledAt, now).TotalSeconds * perSecond));
            refilledAt = now;
            return tokens >= 1 ? 0 : (1 - tokens) / perSecond;
        }

        public void Take() => tokens -= 1;
    }
}
