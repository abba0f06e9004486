using SupportBot.Core.Channels;

namespace SupportBot.Storage.Redis;

/// <summary>
/// <see cref="ISendBudget"/> in Redis: a sorted set per bucket (<c>budget:{bucket}</c>) of the sends in the window,
/// scored by the time they were taken. Taking is one script, so instances never both take the last send; the time is
/// the bot's clock passed in, as for the other stores.
/// </summary>
public sealed class RedisSendBudget(RedisConnection connection, TimeProvider time) : ISendBudget
{
    // ARGV: now (ms), window (ms), limit, a unique member. Returns 0 when taken, else the wait in ms.
    private const string TakeScript = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
            redis.call('ZADD', KEYS[1], now, ARGV[4])
            redis.call('PEXPIRE', KEYS[1], window * 2)
            return 0
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        local wait = tonumber(oldest[2]) + window - now
        if wait < 1 then wait = 1 end
        if wait > window then wait = window end
        return wait
        """;

    /// <inheritdoc />
    public async Task<TimeSpan> TryTakeAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var wait = await db.ScriptEvaluateAsync(TakeScript, [connection.Key("budget:" + bucket)],
            [time.GetUtcNow().ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds, limit, Guid.NewGuid().ToString("N")])
            .ConfigureAwait(false);
        return TimeSpan.FromMilliseconds((long)wait);
    }
}
