using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;
using SupportBot.Core.Tickets;

namespace SupportBot.Storage.Redis;

/// <summary>
/// <see cref="ITicketStore"/> in Redis: each ticket as JSON under <c>ticket:{id}</c>, ids from one counter, and the
/// indexes the queries need — the open ticket of each user, the ticket of each place, the active ones by id, all by
/// opening time, the closed ones by closing time (for retention). Opening is one Lua script that checks the user has no
/// open ticket, so concurrent opens from several instances open one. Every other change reads the ticket, applies
/// <see cref="TicketRules"/> and writes it back in a transaction conditioned on the ticket being unchanged (and, for a
/// reopening, on the user having no other open ticket); a writer that lost the race reads again.
/// </summary>
public sealed class RedisTicketStore(RedisConnection connection, TimeProvider clock) : ITicketStore
{
    private const string OpenScript = """
        local existing = redis.call('HGET', KEYS[2], ARGV[1])
        if existing then
            local json = redis.call('GET', ARGV[4] .. existing)
            -- An entry naming a ticket that is gone or closed is stale: the user has no open ticket.
            if json and cjson.decode(json).State ~= 'Closed' then return {0, existing, json} end
        end
        local id = redis.call('INCR', KEYS[1])
        redis.call('SET', ARGV[4] .. id, ARGV[2])
        redis.call('HSET', KEYS[2], ARGV[1], id)
        redis.call('ZADD', KEYS[3], id, id)
        redis.call('ZADD', KEYS[4], ARGV[3], string.format('%016d', id))
        return {1, id}
        """;

    private const string TicketPrefix = "ticket:";

    public async Task<TicketResult> OpenAsync(TicketRequest request, CancellationToken cancellationToken)
    {
        var ticket = TicketRules.New(request, id: 0, clock.GetUtcNow());
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(OpenScript, [connection.Key("tickets:seq"), OpenKey, ActiveKey, OpenedKey],
            [UserField(ticket.Channel, ticket.UserId), Write(ticket), ticket.OpenedAt.ToUnixTimeMilliseconds(), connection.Prefix + TicketPrefix])
            .ConfigureAwait(false))!;
        var id = (long)result[1];
        return (long)result[0] == 1
            ? new(TicketOutcome.Done, ticket with { Id = id })
            : new(TicketOutcome.UserHasOpenTicket, Read(id, (string)result[2]!));
    }

    public async Task<Ticket?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await GetAsync(db, id).ConfigureAwait(false);
    }

    public async Task<Ticket?> GetOpenForUserAsync(string channel, string userId, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await OpenForAsync(db, channel, userId).ConfigureAwait(false);
    }

    public async Task<Ticket?> GetByPlaceAsync(string channel, string place, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var id = await db.HashGetAsync(PlaceKey, PlaceField(channel, place)).ConfigureAwait(false);
        // The index may still name a ticket that moved to another place since.
        return id.IsNull || await GetAsync(db, (long)id).ConfigureAwait(false) is not { } ticket || ticket.Channel != channel || ticket.Place != place
            ? null
            : ticket;
    }

    public Task<TicketResult> SetPlaceAsync(long id, string place, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, t, _) => Task.FromResult(TicketRules.SetPlace(t, place)), cancellationToken);

    public Task<TicketResult> ClaimAsync(long id, string staffId, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, t, _) => Task.FromResult(TicketRules.Claim(t, staffId, clock.GetUtcNow())), cancellationToken);

    public Task<TicketResult> CloseAsync(long id, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, t, _) => Task.FromResult(TicketRules.Close(t, reason, clock.GetUtcNow())), cancellationToken);

    public Task<TicketResult> ReopenAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, async (db, t, openOfUser) =>
            t.State == TicketState.Closed && !openOfUser.IsNull && (long)openOfUser != t.Id
            && await GetAsync(db, (long)openOfUser).ConfigureAwait(false) is { State: not TicketState.Closed } other
                ? new TicketResult(TicketOutcome.UserHasOpenTicket, other)
                : TicketRules.Reopen(t), cancellationToken);

    public Task<TicketResult> RateAsync(long id, int rating, string? comment, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, t, _) => Task.FromResult(TicketRules.Rate(t, rating, comment)), cancellationToken);

    public Task<TicketResult> TouchAsync(long id, bool staffAnswer, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, t, _) => Task.FromResult(TicketRules.Touch(t, staffAnswer, clock.GetUtcNow())), cancellationToken);

    public Task<TicketResult> MarkWarnedAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, t, _) => Task.FromResult(TicketRules.Warn(t, clock.GetUtcNow())), cancellationToken);

    public async Task<IReadOnlyList<Ticket>> ListActiveAsync(CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var ids = await db.SortedSetRangeByRankAsync(ActiveKey).ConfigureAwait(false);
        return [.. (await GetManyAsync(db, ids.Select(id => (long)id)).ConfigureAwait(false)).Where(t => t.State != TicketState.Closed)];
    }

    public async Task<int> ScrubClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var ids = await db.SortedSetRangeByScoreAsync(ClosedKey, double.NegativeInfinity, before.ToUnixTimeMilliseconds(), Exclude.Stop)
            .ConfigureAwait(false);
        var scrubbed = 0;
        foreach (var member in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = (long)member;
            while (true)
            {
                var json = await db.StringGetAsync(TicketKey(id)).ConfigureAwait(false);
                if (json.IsNull || Read(id, (string)json!) is not { State: TicketState.Closed } ticket || !(ticket.ClosedAt < before))
                    break;
                // Scrubbed, it leaves the set: retention has nothing more to do with it unless it is closed again.
                var after = TicketRules.Scrub(ticket);
                var transaction = db.CreateTransaction();
                transaction.AddCondition(Condition.StringEqual(TicketKey(id), json));
                if (after != ticket)
                    _ = transaction.StringSetAsync(TicketKey(id), Write(after));
                _ = transaction.SortedSetRemoveAsync(ClosedKey, member);
                if (await transaction.ExecuteAsync().ConfigureAwait(false))
                {
                    scrubbed += after != ticket ? 1 : 0;
                    break;
                }
            }
        }

        return scrubbed;
    }

    public async Task<IReadOnlyList<Ticket>> ListOpenedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var ids = await db.SortedSetRangeByScoreAsync(OpenedKey, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), Exclude.Stop)
            .ConfigureAwait(false);
        return await GetManyAsync(db, ids.Select(id => long.Parse((string)id!, CultureInfo.InvariantCulture))).ConfigureAwait(false);
    }

    private async Task<TicketResult> ChangeAsync(long id, Func<IDatabase, Ticket, RedisValue, Task<TicketResult>> rule, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var key = TicketKey(id);
        while (true)
        {
            var json = await db.StringGetAsync(key).ConfigureAwait(false);
            if (json.IsNull)
                return TicketResult.NotFound;
            var ticket = Read(id, (string)json!);
            var user = UserField(ticket.Channel, ticket.UserId);
            // For a closed ticket: the user's open ticket as of now, which a reopening must find unchanged when it writes.
            var openOfUser = ticket.State == TicketState.Closed ? await db.HashGetAsync(OpenKey, user).ConfigureAwait(false) : RedisValue.Null;
            var result = await rule(db, ticket, openOfUser).ConfigureAwait(false);
            if (!result.Succeeded || result.Ticket is not { } changed || changed == ticket)
                return result;

            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.StringEqual(key, json));
            _ = transaction.StringSetAsync(key, Write(changed));
            if (ticket.State == TicketState.Closed && changed.State != TicketState.Closed)
            {
                // The one-open-ticket rule, as of the moment of writing (an entry naming a closed ticket is stale, and replaced).
                transaction.AddCondition(openOfUser.IsNull ? Condition.HashNotExists(OpenKey, user) : Condition.HashEqual(OpenKey, user, openOfUser));
                _ = transaction.HashSetAsync(OpenKey, user, id);
                _ = transaction.SortedSetAddAsync(ActiveKey, id, id);
                _ = transaction.SortedSetRemoveAsync(ClosedKey, id);
            }
            else if (ticket.State != TicketState.Closed && changed.State == TicketState.Closed)
            {
                _ = transaction.HashDeleteAsync(OpenKey, user);
                _ = transaction.SortedSetRemoveAsync(ActiveKey, id);
                _ = transaction.SortedSetAddAsync(ClosedKey, id, changed.ClosedAt!.Value.ToUnixTimeMilliseconds());
            }

            if (changed.Place is { } place && place != ticket.Place)
                _ = transaction.HashSetAsync(PlaceKey, PlaceField(changed.Channel, place), id);
            if (await transaction.ExecuteAsync().ConfigureAwait(false))
                return result;
            // Someone changed the ticket (or opened another for the user) meanwhile: decide again on what is there now.
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<Ticket?> OpenForAsync(IDatabase db, string channel, string userId)
    {
        var id = await db.HashGetAsync(OpenKey, UserField(channel, userId)).ConfigureAwait(false);
        return id.IsNull || await GetAsync(db, (long)id).ConfigureAwait(false) is not { } ticket || ticket.State == TicketState.Closed ? null : ticket;
    }

    private async Task<Ticket?> GetAsync(IDatabase db, long id)
    {
        var json = await db.StringGetAsync(TicketKey(id)).ConfigureAwait(false);
        return json.IsNull ? null : Read(id, (string)json!);
    }

    private async Task<IReadOnlyList<Ticket>> GetManyAsync(IDatabase db, IEnumerable<long> ids)
    {
        var list = ids.ToArray();
        if (list.Length == 0)
            return [];
        var found = await db.StringGetAsync([.. list.Select(TicketKey)]).ConfigureAwait(false);
        return [.. list.Zip(found).Where(p => !p.Second.IsNull).Select(p => Read(p.First, (string)p.Second!))];
    }

    private RedisKey TicketKey(long id) => connection.Key(TicketPrefix + id.ToString(CultureInfo.InvariantCulture));

    private RedisKey OpenKey => connection.Key("tickets:open-by-user");

    private RedisKey PlaceKey => connection.Key("tickets:by-place");

    private RedisKey ActiveKey => connection.Key("tickets:active");

    private RedisKey OpenedKey => connection.Key("tickets:by-opening");

    private RedisKey ClosedKey => connection.Key("tickets:closed-by-time");

    // Channel names hold no line break, so these fields cannot run into each other.
    private static string UserField(string channel, string userId) => channel + "\n" + userId;

    private static string PlaceField(string channel, string place) => channel + "\n" + place;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private static string Write(Ticket ticket) => JsonSerializer.Serialize(ticket with { Id = 0 }, Json);

    private static Ticket Read(long id, string json) => JsonSerializer.Deserialize<Ticket>(json, Json)! with { Id = id };
}
