using StackExchange.Redis;
using SupportBot.Core.Channels;

namespace SupportBot.Storage.Redis;

/// <summary>
/// <see cref="ILeaseStore"/> in Redis: a hash per lease (<c>lease:{name}</c>: holder, until). Expiry is decided by the
/// bot's clock passed to each script, so every instance (and a test clock) agrees on it; the Redis TTL, with a margin,
/// only collects leases nobody takes any more.
/// </summary>
public sealed class RedisLeaseStore(RedisConnection connection, TimeProvider time) : ILeaseStore
{
    /// <summary>How long Redis keeps a lease after it expired by the bot's clock: room for clocks that disagree.</summary>
    private static readonly TimeSpan CollectAfter = TimeSpan.FromMinutes(1);

    // ARGV: holder, now (ms), duration (ms), collect after (ms).
    private const string AcquireScript = """
        local row = redis.call('HMGET', KEYS[1], 'holder', 'until')
        if row[1] and row[1] ~= ARGV[1] and tonumber(row[2]) > tonumber(ARGV[2]) then return 0 end
        redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'until', tonumber(ARGV[2]) + tonumber(ARGV[3]))
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + tonumber(ARGV[4]))
        return 1
        """;

    private const string ReleaseScript = """
        if redis.call('HGET', KEYS[1], 'holder') == ARGV[1] then redis.call('DEL', KEYS[1]) end
        return 1
        """;

    /// <inheritdoc />
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var acquired = await db.ScriptEvaluateAsync(AcquireScript, [Key(name)],
            [holder, time.GetUtcNow().ToUnixTimeMilliseconds(), (long)duration.TotalMilliseconds, (long)CollectAfter.TotalMilliseconds])
            .ConfigureAwait(false);
        return (long)acquired == 1;
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(holder);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        await db.ScriptEvaluateAsync(ReleaseScript, [Key(name)], [holder]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string?> HolderAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.HashGetAsync(Key(name), ["holder", "until"]).ConfigureAwait(false);
        return row[0].IsNull || row[1].IsNull || (long)row[1] <= time.GetUtcNow().ToUnixTimeMilliseconds() ? null : (string?)row[0];
    }

    private RedisKey Key(string name) => connection.Key("lease:" + name);
}
