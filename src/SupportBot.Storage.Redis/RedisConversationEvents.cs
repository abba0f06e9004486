using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;
using SupportBot.Core.Figures;

namespace SupportBot.Storage.Redis;

/// <summary>
/// <see cref="IConversationEvents"/> in Redis: one ordered set scored by time (unix milliseconds), each member a
/// sequence number (so equal times keep the recording order, and equal events stay distinct) and the event as JSON.
/// Kinds are stored by name; a kind this build does not know is skipped when read.
/// </summary>
public sealed class RedisConversationEvents(RedisConnection connection) : IConversationEvents
{
    // One turn's events together, or none of them.
    private const string RecordScript = """
        local count = tonumber(ARGV[1])
        local first = redis.call('INCRBY', KEYS[2], count) - count
        for i = 1, count do
            redis.call('ZADD', KEYS[1], ARGV[2 * i], string.format('%016d', first + i) .. '|' .. ARGV[2 * i + 1])
        end
        return count
        """;

    public async Task RecordAsync(IReadOnlyList<ConversationEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
            return;
        var values = new List<RedisValue>(1 + 2 * events.Count) { events.Count };
        foreach (var e in events)
        {
            values.Add(e.At.ToUnixTimeMilliseconds());
            values.Add(JsonSerializer.Serialize(new StoredEvent(e.ConversationKey, e.Kind.ToString(), e.Value), Json));
        }

        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        await db.ScriptEvaluateAsync(RecordScript, [EventsKey, connection.Key("events:seq")], [.. values]).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ConversationEvent>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var entries = await db.SortedSetRangeByScoreWithScoresAsync(EventsKey, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(),
            Exclude.Stop).ConfigureAwait(false);
        var events = new List<ConversationEvent>(entries.Length);
        foreach (var entry in entries)
        {
            var member = (string)entry.Element!;
            var stored = JsonSerializer.Deserialize<StoredEvent>(member.AsSpan(member.IndexOf('|', StringComparison.Ordinal) + 1), Json)!;
            // A kind this build does not know (written by a newer one) is skipped, not fatal.
            if (!Enum.TryParse<ConversationEventKind>(stored.Kind, out var kind))
                continue;
            events.Add(new ConversationEvent(DateTimeOffset.FromUnixTimeMilliseconds((long)entry.Score), stored.Conversation, kind, stored.Value));
        }

        return events;
    }

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        return (int)await db.SortedSetRemoveRangeByScoreAsync(EventsKey, double.NegativeInfinity, before.ToUnixTimeMilliseconds(), Exclude.Stop)
            .ConfigureAwait(false);
    }

    private RedisKey EventsKey => connection.Key("events");

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private sealed record StoredEvent(
        [property: JsonPropertyName("c")] string Conversation,
        [property: JsonPropertyName("k")] string Kind,
        [property: JsonPropertyName("v")] string? Value);
}
