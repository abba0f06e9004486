using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;
using SupportBot.Core.Tickets;

namespace SupportBot.Storage.Redis;

/// <summary>
/// <see cref="ITicketMessages"/> in Redis: each line as JSON under a sequence number (hash <c>ticket-lines</c>), an
/// ordered set of each ticket's lines and one of all lines by time (for retention), and the source ids seen, so a
/// platform message handled twice is one line. Texts are stored as given (redacted by the desk).
/// </summary>
public sealed class RedisTicketMessages(RedisConnection connection) : ITicketMessages
{
    private const int PurgeBatch = 500;

    private const string AddScript = """
        if redis.call('HSETNX', KEYS[3], ARGV[1], '') == 0 then return 0 end
        local id = string.format('%016d', redis.call('INCR', KEYS[1]))
        redis.call('HSET', KEYS[3], ARGV[1], id)
        redis.call('HSET', KEYS[2], id, ARGV[2])
        redis.call('ZADD', KEYS[4], ARGV[3], id)
        redis.call('ZADD', KEYS[5], ARGV[3], id)
        return 1
        """;

    private const string PurgeScript = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
        for _, id in ipairs(ids) do
            local json = redis.call('HGET', KEYS[2], id)
            if json then
                local line = cjson.decode(json)
                redis.call('HDEL', KEYS[3], line.source)
                redis.call('ZREM', ARGV[2] .. line.ticket, id)
                redis.call('HDEL', KEYS[2], id)
            end
            redis.call('ZREM', KEYS[1], id)
        end
        return #ids
        """;

    public async Task<bool> AddAsync(TicketMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.SourceId);
        var json = JsonSerializer.Serialize(StoredLine.From(message), Json);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var added = await db.ScriptEvaluateAsync(AddScript, [SeqKey, LinesKey, SourcesKey, TicketKey(message.TicketId), ByTimeKey],
            [message.SourceId, json, message.At.ToUnixTimeMilliseconds()]).ConfigureAwait(false);
        return (long)added == 1;
    }

    public async Task<IReadOnlyList<TicketMessage>> ListAsync(long ticketId, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var ids = await db.SortedSetRangeByRankAsync(TicketKey(ticketId)).ConfigureAwait(false);
        if (ids.Length == 0)
            return [];
        // A line purged between the two reads is simply not there.
        var found = await db.HashGetAsync(LinesKey, ids).ConfigureAwait(false);
        return [.. found.Where(json => !json.IsNull).Select(json => JsonSerializer.Deserialize<StoredLine>((string)json!, Json)!.ToMessage())];
    }

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var total = 0;
        // In batches, so one purge never blocks Redis for long.
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var removed = (int)await db.ScriptEvaluateAsync(PurgeScript, [ByTimeKey, LinesKey, SourcesKey],
                [before.ToUnixTimeMilliseconds(), connection.Prefix + TicketPrefix, PurgeBatch]).ConfigureAwait(false);
            total += removed;
            if (removed < PurgeBatch)
                return total;
        }
    }

    private const string TicketPrefix = "ticket-lines:ticket:";

    private RedisKey SeqKey => connection.Key("ticket-lines:seq");

    private RedisKey LinesKey => connection.Key("ticket-lines");

    private RedisKey SourcesKey => connection.Key("ticket-lines:sources");

    private RedisKey ByTimeKey => connection.Key("ticket-lines:by-time");

    private RedisKey TicketKey(long ticketId) => connection.Key(TicketPrefix + ticketId);

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    // The ticket id as a string: the purge script reads it, and a Lua number would round large ids.
    private sealed record StoredLine(
        [property: JsonPropertyName("ticket")] string Ticket,
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("at")] DateTimeOffset At,
        [property: JsonPropertyName("author")] TicketAuthor Author,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("text")] string Text)
    {
        public static StoredLine From(TicketMessage m) =>
            new(m.TicketId.ToString(System.Globalization.CultureInfo.InvariantCulture), m.SourceId, m.At, m.Author, m.AuthorName, m.Text);

        public TicketMessage ToMessage() =>
            new(long.Parse(Ticket, System.Globalization.CultureInfo.InvariantCulture), Source, At, Author, Name, Text);
    }
}
