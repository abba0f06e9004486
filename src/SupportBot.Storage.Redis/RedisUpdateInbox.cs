using System.Globalization;
using StackExchange.Redis;
using SupportBot.Core.Channels;

namespace SupportBot.Storage.Redis;

/// <summary>
/// <see cref="IUpdateInbox"/> in Redis. Per channel: a hash per update (<c>inbox:{channel}:{id}</c>: payload, state,
/// attempts, reason, receipt time), an ordered set of the pending ones, one of the handled ones by receipt time (for
/// the purge) and the highest id ever stored. Every change is one Lua script, so instances sharing the Redis add an
/// update delivered twice once, and never see it half-changed.
/// </summary>
/// <remarks>
/// Ids are stored as 20-digit strings ordered like the numbers (Discord's snowflakes do not fit a Redis score, nor a
/// Lua number): the pending set has every score 0 and so orders them by that string.
/// </remarks>
public sealed class RedisUpdateInbox(RedisConnection connection, TimeProvider time) : IUpdateInbox
{
    // The state field holds 0 pending, 1 done, 2 given up, as in the SQLite store.
    private const int PurgeBatch = 500;

    private const string AddScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'payload', ARGV[1], 'state', 0, 'attempts', 0, 'received', ARGV[2])
        redis.call('ZADD', KEYS[2], 0, ARGV[3])
        local last = redis.call('GET', KEYS[3])
        if not last or last < ARGV[3] then redis.call('SET', KEYS[3], ARGV[3]) end
        redis.call('SADD', KEYS[4], ARGV[4])
        return 1
        """;

    private const string PendingScript = """
        local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
        local items = {}
        for _, id in ipairs(ids) do
            local row = redis.call('HMGET', ARGV[1] .. id, 'payload', 'attempts')
            if row[1] then
                table.insert(items, id)
                table.insert(items, row[1])
                table.insert(items, row[2])
            end
        end
        return items
        """;

    /// <summary>Marks an update done (KEYS: its hash, the pending set, the handled set; ARGV: its id); shared with the outbound log.</summary>
    internal const string MarkDoneLua = """
        local state = redis.call('HGET', KEYS[1], 'state')
        if state then
            redis.call('HSET', KEYS[1], 'state', 1)
            if state == '0' then
                redis.call('ZREM', KEYS[2], ARGV[1])
                redis.call('ZADD', KEYS[3], redis.call('HGET', KEYS[1], 'received'), ARGV[1])
            end
        end
        """;

    private const string MarkDoneScript = MarkDoneLua + "\nreturn 1";

    // Each concurrent failure counts; an update given up stays given up and keeps reporting it.
    private const string MarkFailedScript = """
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state then return 0 end
        local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
        redis.call('HSET', KEYS[1], 'reason', ARGV[2])
        if attempts >= tonumber(ARGV[3]) then
            redis.call('HSET', KEYS[1], 'state', 2)
            if state == '0' then
                redis.call('ZREM', KEYS[2], ARGV[1])
                redis.call('ZADD', KEYS[3], redis.call('HGET', KEYS[1], 'received'), ARGV[1])
            end
            return 1
        end
        if state == '2' then return 1 end
        return 0
        """;

    // The channel's newest update stays whatever its age: polling resumes after it.
    private const string PurgeScript = """
        local last = redis.call('GET', KEYS[2])
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
        local removed = 0
        for _, id in ipairs(ids) do
            if id ~= last then
                redis.call('DEL', ARGV[1] .. id)
                redis.call('ZREM', KEYS[1], id)
                removed = removed + 1
            end
        end
        return {#ids, removed}
        """;

    public async Task<bool> TryAddAsync(string channel, long updateId, string payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(payload);
        var keys = new InboxKeys(connection, channel);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var added = await db.ScriptEvaluateAsync(AddScript, [keys.Update(updateId), keys.Pending, keys.Last, keys.Channels],
            [payload, time.GetUtcNow().ToUnixTimeMilliseconds(), SortableId.Format(updateId), channel]).ConfigureAwait(false);
        return (long)added == 1;
    }

    public async Task<IReadOnlyList<InboxItem>> PendingAsync(string channel, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        cancellationToken.ThrowIfCancellationRequested();
        if (limit <= 0)
            return [];
        var keys = new InboxKeys(connection, channel);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var flat = (RedisResult[])(await db.ScriptEvaluateAsync(PendingScript, [keys.Pending], [keys.UpdatePrefix, limit]).ConfigureAwait(false))!;
        var items = new List<InboxItem>(flat.Length / 3);
        for (var i = 0; i < flat.Length; i += 3)
            items.Add(new InboxItem(channel, SortableId.Parse((string)flat[i]!), (string)flat[i + 1]!, (int)flat[i + 2]));
        return items;
    }

    public async Task MarkDoneAsync(string channel, long updateId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var keys = new InboxKeys(connection, channel);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        await db.ScriptEvaluateAsync(MarkDoneScript, [keys.Update(updateId), keys.Pending, keys.Handled], [SortableId.Format(updateId)])
            .ConfigureAwait(false);
    }

    public async Task<bool> MarkFailedAsync(string channel, long updateId, string reason, int maxAttempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(reason);
        var keys = new InboxKeys(connection, channel);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var givenUp = await db.ScriptEvaluateAsync(MarkFailedScript, [keys.Update(updateId), keys.Pending, keys.Handled],
            [SortableId.Format(updateId), reason, maxAttempts]).ConfigureAwait(false);
        return (long)givenUp == 1;
    }

    public async Task<long?> LastUpdateIdAsync(string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var last = await db.StringGetAsync(new InboxKeys(connection, channel).Last).ConfigureAwait(false);
        return last.IsNull ? null : SortableId.Parse((string)last!);
    }

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var total = 0;
        foreach (var channel in await db.SetMembersAsync(InboxKeys.ChannelsKey(connection)).ConfigureAwait(false))
        {
            var keys = new InboxKeys(connection, (string)channel!);
            // In batches, so one purge never blocks Redis for long.
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = (RedisResult[])(await db.ScriptEvaluateAsync(PurgeScript, [keys.Handled, keys.Last],
                    [keys.UpdatePrefix, before.ToUnixTimeMilliseconds(), PurgeBatch]).ConfigureAwait(false))!;
                total += (int)result[1];
                if ((int)result[0] < PurgeBatch || (int)result[1] == 0)
                    break;
            }
        }

        return total;
    }

    /// <summary>Reads what the interface does not return, for tests: the reason of the last failure.</summary>
    internal async Task<string?> ReasonAsync(string channel, long updateId)
    {
        var db = await connection.DatabaseAsync(CancellationToken.None).ConfigureAwait(false);
        return await db.HashGetAsync(new InboxKeys(connection, channel).Update(updateId), "reason").ConfigureAwait(false);
    }
}

/// <summary>The keys of one channel's inbox.</summary>
internal readonly struct InboxKeys(RedisConnection connection, string channel)
{
    public static RedisKey ChannelsKey(RedisConnection connection) => connection.Key("inbox:channels");

    public string UpdatePrefix => connection.Prefix + "inbox:" + channel + ":";

    public RedisKey Update(long updateId) => UpdatePrefix + SortableId.Format(updateId);

    public RedisKey Pending => connection.Key("inbox-pending:" + channel);

    public RedisKey Handled => connection.Key("inbox-handled:" + channel);

    public RedisKey Last => connection.Key("inbox-last:" + channel);

    public RedisKey Channels => ChannelsKey(connection);
}

/// <summary>A long as a fixed-width string that sorts like the number, negative ones first.</summary>
internal static class SortableId
{
    private const ulong SignBit = 0x8000_0000_0000_0000;

    public static string Format(long id) => ((ulong)id ^ SignBit).ToString("D20", CultureInfo.InvariantCulture);

    public static long Parse(string text) => (long)(ulong.Parse(text, CultureInfo.InvariantCulture) ^ SignBit);
}
