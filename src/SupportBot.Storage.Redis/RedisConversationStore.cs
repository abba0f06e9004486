using System.Text.Json;
using StackExchange.Redis;
using SupportBot.Core.Conversations;

namespace SupportBot.Storage.Redis;

/// <summary>
/// <see cref="IConversationStore"/> in Redis: one hash per conversation (<c>conversation:{key}</c>: version, state,
/// expiry) and an ordered set of expiries for the purge. The compare-and-set of <see cref="TrySaveAsync"/> is one Lua
/// script, so instances sharing the Redis never overwrite each other's turns.
/// </summary>
/// <remarks>
/// Expiry is decided by the injected clock, from the time stored with the state, as in the SQLite store. The key's
/// Redis TTL (its own clock, with a margin) only collects what nobody loads or purges any more.
/// </remarks>
public sealed class RedisConversationStore(RedisConnection connection, TimeProvider time) : IConversationStore
{
    /// <summary>How long Redis keeps a state after it expired by the bot's clock: room for clocks that disagree.</summary>
    internal static readonly TimeSpan CollectAfter = TimeSpan.FromHours(1);

    private const int PurgeBatch = 500;

    // Written only over the version the caller read: a missing or expired state counts as version 0, so a turn read
    // before the conversation was deleted or expired never brings it back (the other stores' rule).
    private const string SaveScript = """
        local row = redis.call('HMGET', KEYS[1], 'version', 'expires')
        local current = '0'
        if row[1] and tonumber(row[2]) > tonumber(ARGV[5]) then current = row[1] end
        if current ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', ARGV[3], 'expires', ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[7])
        return 1
        """;

    private const string DeleteScript = """
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        return 1
        """;

    // Only that exact row: another writer may have replaced it since it was read.
    private const string DeleteIfUnchangedScript = """
        local row = redis.call('HMGET', KEYS[1], 'version', 'state')
        if row[1] ~= ARGV[2] or row[2] ~= ARGV[3] then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        return 1
        """;

    // The set's score is the expiry of the last save, so a member at or before now names an expired state, or one Redis
    // already collected (not counted).
    private const string PurgeScript = """
        local keys = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
        local removed = 0
        for _, key in ipairs(keys) do
            removed = removed + redis.call('DEL', ARGV[2] .. key)
            redis.call('ZREM', KEYS[1], key)
        end
        return {#keys, removed}
        """;

    private RedisKey Expiries => connection.Key("conversations:expiry");

    public async Task<ConversationState?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.HashGetAsync(StateKey(key), ["version", "state", "expires"]).ConfigureAwait(false);
        if (row[0].IsNull || row[1].IsNull || (long)row[2] <= time.GetUtcNow().ToUnixTimeMilliseconds())
            return null;
        var version = (long)row[0];
        var json = (string)row[1]!;
        try
        {
            return ConversationStateSerializer.Deserialize(json) with { Version = version };
        }
        catch (JsonException)
        {
            // Corrupted or an older format: the conversation starts over rather than failing every turn.
            await db.ScriptEvaluateAsync(DeleteIfUnchangedScript, [StateKey(key), Expiries], [key, version, json]).ConfigureAwait(false);
            return null;
        }
    }

    public async Task<bool> TrySaveAsync(ConversationState state, long expectedVersion, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(state.Key);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var version = expectedVersion + 1;
        var json = ConversationStateSerializer.Serialize(state with { Version = version });
        var now = time.GetUtcNow();
        var keepFor = (expiresAt > now ? expiresAt - now : TimeSpan.Zero) + CollectAfter;
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var saved = await db.ScriptEvaluateAsync(SaveScript, [StateKey(state.Key), Expiries],
            [expectedVersion, version, json, expiresAt.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), (long)keepFor.TotalMilliseconds, state.Key])
            .ConfigureAwait(false);
        return (long)saved == 1;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        await db.ScriptEvaluateAsync(DeleteScript, [StateKey(key), Expiries], [key]).ConfigureAwait(false);
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var total = 0;
        // In batches, so one purge never blocks Redis for long.
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(PurgeScript, [Expiries],
                [now.ToUnixTimeMilliseconds(), connection.Prefix + StatePrefix, PurgeBatch]).ConfigureAwait(false))!;
            total += (int)result[1];
            if ((int)result[0] < PurgeBatch)
                return total;
        }
    }

    private const string StatePrefix = "conversation:";

    private RedisKey StateKey(string key) => connection.Key(StatePrefix + key);
}
