using StackExchange.Redis;
using SupportBot.Core.Channels;

namespace SupportBot.Storage.Redis;

/// <summary>
/// <see cref="IOutboundLog"/> in Redis: a hash per call (<c>outbound:item:{id}</c>), ids from one counter so they keep
/// the commit order and are never reused, and ordered sets of the calls owed per channel and per chat. A turn's calls
/// are stored by the same Lua script that marks its update done in the <see cref="RedisUpdateInbox"/>, so either both
/// happen or neither. A confirmed call is deleted at once.
/// </summary>
public sealed class RedisOutboundLog(RedisConnection connection) : IOutboundLog
{
    private const string CommitScript = """
        local count = tonumber(ARGV[5])
        for i = 0, count - 1 do
            local chat = ARGV[6 + 2 * i]
            local id = redis.call('INCR', KEYS[5])
            redis.call('HSET', ARGV[1] .. 'outbound:item:' .. id,
                'channel', ARGV[2], 'chat', chat, 'update', ARGV[3], 'payload', ARGV[7 + 2 * i], 'attempts', 0)
            redis.call('ZADD', KEYS[4], id, id)
            redis.call('ZADD', ARGV[1] .. 'outbound:chat:' .. ARGV[2] .. ':' .. chat, id, id)
        end
        -- The inbox's lines below take the update's id as ARGV[1].
        ARGV[1] = ARGV[4]
        """ + "\n" + RedisUpdateInbox.MarkDoneLua + "\nreturn 1";

    private const string PendingScript = """
        local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
        local items = {}
        for _, id in ipairs(ids) do
            local row = redis.call('HMGET', ARGV[1] .. id, 'chat', 'update', 'payload', 'attempts')
            if row[1] then
                table.insert(items, id)
                for _, value in ipairs(row) do table.insert(items, value) end
            end
        end
        return items
        """;

    private const string DeleteLua = """
        local function forget(item, row)
            redis.call('DEL', item)
            redis.call('ZREM', ARGV[1] .. 'outbound:channel:' .. row[1], ARGV[2])
            redis.call('ZREM', ARGV[1] .. 'outbound:chat:' .. row[1] .. ':' .. row[2], ARGV[2])
        end
        local row = redis.call('HMGET', KEYS[1], 'channel', 'chat', 'attempts')
        if not row[1] then return 0 end
        """;

    private const string MarkSentScript = DeleteLua + "\nforget(KEYS[1], row)\nreturn 1";

    private const string MarkFailedScript = DeleteLua + """

        if tonumber(row[3]) + 1 >= tonumber(ARGV[3]) then
            forget(KEYS[1], row)
            return 1
        end
        redis.call('HINCRBY', KEYS[1], 'attempts', 1)
        return 0
        """;

    public async Task CommitTurnAsync(string channel, long updateId, IReadOnlyList<OutboundEntry> calls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(calls);
        // Checked before anything is sent: a script that failed halfway would leave its first writes behind.
        var values = new List<RedisValue> { connection.Prefix, channel, updateId, SortableId.Format(updateId), calls.Count };
        foreach (var call in calls)
        {
            ArgumentNullException.ThrowIfNull(call.Chat, nameof(calls));
            ArgumentNullException.ThrowIfNull(call.Payload, nameof(calls));
            values.Add(call.Chat);
            values.Add(call.Payload);
        }

        var inbox = new InboxKeys(connection, channel);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        await db.ScriptEvaluateAsync(CommitScript, [inbox.Update(updateId), inbox.Pending, inbox.Handled, ChannelKey(channel), connection.Key("outbound:seq")],
            [.. values]).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboundItem>> PendingAsync(string channel, string? chat, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        cancellationToken.ThrowIfCancellationRequested();
        if (limit <= 0)
            return [];
        var queue = chat is null ? ChannelKey(channel) : connection.Key("outbound:chat:" + channel + ":" + chat);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var flat = (RedisResult[])(await db.ScriptEvaluateAsync(PendingScript, [queue], [ItemPrefix, limit]).ConfigureAwait(false))!;
        var items = new List<OutboundItem>(flat.Length / 5);
        for (var i = 0; i < flat.Length; i += 5)
            items.Add(new OutboundItem((long)flat[i], channel, (string)flat[i + 1]!, (long)flat[i + 2], (string)flat[i + 3]!, (int)flat[i + 4]));
        return items;
    }

    public async Task MarkSentAsync(long id, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        await db.ScriptEvaluateAsync(MarkSentScript, [ItemKey(id)], [connection.Prefix, id]).ConfigureAwait(false);
    }

    public async Task<bool> MarkFailedAsync(long id, int maxAttempts, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        return (long)await db.ScriptEvaluateAsync(MarkFailedScript, [ItemKey(id)], [connection.Prefix, id, maxAttempts]).ConfigureAwait(false) == 1;
    }

    private string ItemPrefix => connection.Prefix + "outbound:item:";

    private RedisKey ItemKey(long id) => ItemPrefix + id;

    private RedisKey ChannelKey(string channel) => connection.Key("outbound:channel:" + channel);
}
