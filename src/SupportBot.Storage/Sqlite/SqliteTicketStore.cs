using Microsoft.Data.Sqlite;
using SupportBot.Core.Tickets;

namespace SupportBot.Storage.Sqlite;

/// <summary>
/// <see cref="ITicketStore"/> in the SQLite file of the other stores, table <c>tickets</c>. Every change runs in an
/// immediate (write-locking) transaction: read the row, apply <see cref="TicketRules"/>, write it back, so two processes
/// never change one ticket on stale data. A partial unique index keeps one ticket that is not closed per user, whatever
/// the callers do. Texts are stored as given (callers redact them); times as unix milliseconds from the injected clock.
/// </summary>
public sealed class SqliteTicketStore : ITicketStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS tickets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation TEXT NOT NULL,
            channel TEXT NOT NULL,
            user_id TEXT NOT NULL,
            state TEXT NOT NULL,
            what_happened TEXT NOT NULL,
            network TEXT NOT NULL,
            tx_hash TEXT,
            place TEXT,
            opened_at INTEGER NOT NULL, -- unix milliseconds, as every time below
            claimed_at INTEGER,
            claimed_by TEXT,
            closed_at INTEGER,
            close_reason TEXT,
            rating INTEGER,
            rating_comment TEXT,
            language TEXT NOT NULL DEFAULT 'en',
            context TEXT,
            last_activity_at INTEGER,
            first_answered_at INTEGER,
            warned_at INTEGER
        );
        CREATE UNIQUE INDEX IF NOT EXISTS tickets_one_open_per_user ON tickets (channel, user_id) WHERE state <> 'Closed';
        CREATE INDEX IF NOT EXISTS tickets_place ON tickets (channel, place);
        CREATE INDEX IF NOT EXISTS tickets_opened_at ON tickets (opened_at);
        """;

    private const string Columns = "id, conversation, channel, user_id, state, what_happened, network, tx_hash, place, opened_at, "
        + "claimed_at, claimed_by, closed_at, close_reason, rating, rating_comment, language, context, last_activity_at, first_answered_at, warned_at";

    /// <summary>Columns newer than the table's first release.</summary>
    private static readonly (string, string, string)[] AddedColumns =
    [
        ("tickets", "language", "TEXT NOT NULL DEFAULT 'en'"), ("tickets", "context", "TEXT"), ("tickets", "last_activity_at", "INTEGER"),
        ("tickets", "first_answered_at", "INTEGER"), ("tickets", "warned_at", "INTEGER"),
    ];

    private const int ConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE

    private readonly SqliteTables _tables;
    private readonly TimeProvider _clock;

    public SqliteTicketStore(SqliteStoreOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        _tables = new SqliteTables(options, Schema, AddedColumns);
        _clock = clock;
    }

    public async Task<TicketResult> OpenAsync(TicketRequest request, CancellationToken cancellationToken)
    {
        var ticket = TicketRules.New(request, id: 0, _clock.GetUtcNow());
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (await SingleAsync(connection, transaction, "channel = $channel AND user_id = $user AND state <> 'Closed'", cancellationToken,
                        ("$channel", request.Channel), ("$user", request.UserId)).ConfigureAwait(false) is { } existing)
                    return new(TicketOutcome.UserHasOpenTicket, existing);
                using var insert = SqliteTables.Command(connection,
                    $"INSERT INTO tickets ({Columns}) VALUES (NULL, $conversation, $channel, $user, $state, $what, $network, $tx, $place, $opened, "
                    + "$claimedAt, $claimedBy, $closedAt, $reason, $rating, $comment, $language, $context, $activity, $answered, $warned) RETURNING id;", Parameters(ticket));
                insert.Transaction = transaction;
                long id;
                try
                {
                    id = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }
                catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == ConstraintUnique)
                {
                    // The index is the last word if a writer ever slips past the check above.
                    return new(TicketOutcome.UserHasOpenTicket, await SingleAsync(connection, transaction,
                        "channel = $channel AND user_id = $user AND state <> 'Closed'", cancellationToken,
                        ("$channel", request.Channel), ("$user", request.UserId)).ConfigureAwait(false));
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new(TicketOutcome.Done, ticket with { Id = id });
            }
        }
    }

    public async Task<Ticket?> GetAsync(long id, CancellationToken cancellationToken) =>
        await QuerySingleAsync("id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false);

    public async Task<Ticket?> GetOpenForUserAsync(string channel, string userId, CancellationToken cancellationToken) =>
        await QuerySingleAsync("channel = $channel AND user_id = $user AND state <> 'Closed'", cancellationToken, ("$channel", channel), ("$user", userId))
            .ConfigureAwait(false);

    public async Task<Ticket?> GetByPlaceAsync(string channel, string place, CancellationToken cancellationToken) =>
        await QuerySingleAsync("channel = $channel AND place = $place", cancellationToken, ("$channel", channel), ("$place", place)).ConfigureAwait(false);

    public Task<TicketResult> SetPlaceAsync(long id, string place, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, _, t) => Task.FromResult(TicketRules.SetPlace(t, place)), cancellationToken);

    public Task<TicketResult> ClaimAsync(long id, string staffId, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, _, t) => Task.FromResult(TicketRules.Claim(t, staffId, _clock.GetUtcNow())), cancellationToken);

    public Task<TicketResult> CloseAsync(long id, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, _, t) => Task.FromResult(TicketRules.Close(t, reason, _clock.GetUtcNow())), cancellationToken);

    public Task<TicketResult> ReopenAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, async (connection, transaction, t) =>
            t.State == TicketState.Closed
            && await SingleAsync(connection, transaction, "channel = $channel AND user_id = $user AND state <> 'Closed'", cancellationToken,
                ("$channel", t.Channel), ("$user", t.UserId)).ConfigureAwait(false) is { } other
                ? new TicketResult(TicketOutcome.UserHasOpenTicket, other)
                : TicketRules.Reopen(t), cancellationToken);

    public Task<TicketResult> RateAsync(long id, int rating, string? comment, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, _, t) => Task.FromResult(TicketRules.Rate(t, rating, comment)), cancellationToken);

    public Task<TicketResult> TouchAsync(long id, bool staffAnswer, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, _, t) => Task.FromResult(TicketRules.Touch(t, staffAnswer, _clock.GetUtcNow())), cancellationToken);

    public Task<TicketResult> MarkWarnedAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, _, t) => Task.FromResult(TicketRules.Warn(t, _clock.GetUtcNow())), cancellationToken);

    public async Task<IReadOnlyList<Ticket>> ListActiveAsync(CancellationToken cancellationToken)
    {
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadAsync(connection, null, "state <> 'Closed' ORDER BY id", cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<int> ScrubClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // The same change as TicketRules.Scrub, in one statement; a scrubbed ticket no longer matches, so it counts once.
            using var scrub = SqliteTables.Command(connection,
                "UPDATE tickets SET what_happened = '', tx_hash = NULL, context = NULL, rating_comment = NULL, "
                + "close_reason = CASE WHEN close_reason IS NULL THEN NULL ELSE '' END "
                + "WHERE state = 'Closed' AND closed_at < $before "
                + "AND (what_happened <> '' OR tx_hash IS NOT NULL OR context IS NOT NULL OR rating_comment IS NOT NULL OR close_reason <> '');",
                ("$before", before.ToUnixTimeMilliseconds()));
            return await scrub.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<Ticket>> ListOpenedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadAsync(connection, null, "opened_at >= $from AND opened_at < $to ORDER BY opened_at, id", cancellationToken,
                ("$from", from.ToUnixTimeMilliseconds()), ("$to", to.ToUnixTimeMilliseconds())).ConfigureAwait(false);
        }
    }

    private async Task<Ticket?> QuerySingleAsync(string where, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await SingleAsync(connection, null, where, cancellationToken, parameters).ConfigureAwait(false);
        }
    }

    private async Task<TicketResult> ChangeAsync(long id, Func<SqliteConnection, SqliteTransaction, Ticket, Task<TicketResult>> rule, CancellationToken cancellationToken)
    {
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Immediate: the write lock is taken before the read, so the rule sees the row as it will be changed.
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (await SingleAsync(connection, transaction, "id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false) is not { } ticket)
                    return TicketResult.NotFound;
                var result = await rule(connection, transaction, ticket).ConfigureAwait(false);
                if (!result.Succeeded || result.Ticket is not { } changed || changed == ticket)
                    return result;
                using var update = SqliteTables.Command(connection,
                    "UPDATE tickets SET state = $state, what_happened = $what, network = $network, tx_hash = $tx, place = $place, claimed_at = $claimedAt, "
                    + "claimed_by = $claimedBy, closed_at = $closedAt, close_reason = $reason, rating = $rating, rating_comment = $comment, context = $context, "
                    + "last_activity_at = $activity, first_answered_at = $answered, warned_at = $warned WHERE id = $id;", Parameters(changed));
                update.Transaction = transaction;
                try
                {
                    await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == ConstraintUnique)
                {
                    // Only a reopen can meet the index; the check above already ruled it out, so this is a second line of defence.
                    return new(TicketOutcome.UserHasOpenTicket, ticket);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    private static (string, object)[] Parameters(Ticket t) =>
    [
        ("$id", t.Id), ("$conversation", t.ConversationKey), ("$channel", t.Channel), ("$user", t.UserId), ("$state", t.State.ToString()),
        ("$what", t.Form.WhatHappened), ("$network", t.Form.Network), ("$tx", OrNull(t.Form.TxHash)), ("$place", OrNull(t.Place)),
        ("$opened", t.OpenedAt.ToUnixTimeMilliseconds()), ("$claimedAt", OrNull(t.ClaimedAt?.ToUnixTimeMilliseconds())),
        ("$claimedBy", OrNull(t.ClaimedBy)), ("$closedAt", OrNull(t.ClosedAt?.ToUnixTimeMilliseconds())), ("$reason", OrNull(t.CloseReason)),
        ("$rating", OrNull(t.Rating)), ("$comment", OrNull(t.RatingComment)), ("$language", t.Language), ("$context", OrNull(t.Context)),
        ("$activity", OrNull(t.LastActivityAt?.ToUnixTimeMilliseconds())), ("$answered", OrNull(t.FirstAnsweredAt?.ToUnixTimeMilliseconds())),
        ("$warned", OrNull(t.WarnedAt?.ToUnixTimeMilliseconds())),
    ];

    private static object OrNull(object? value) => value ?? DBNull.Value;

    private static async Task<Ticket?> SingleAsync(SqliteConnection connection, SqliteTransaction? transaction, string where,
        CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        (await ReadAsync(connection, transaction, where + " ORDER BY id LIMIT 1", cancellationToken, parameters).ConfigureAwait(false)) is [var first, ..]
            ? first
            : null;

    private static async Task<List<Ticket>> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, string whereAndOrder,
        CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        using var select = SqliteTables.Command(connection, $"SELECT {Columns} FROM tickets WHERE {whereAndOrder};", parameters);
        select.Transaction = transaction;
        var tickets = new List<Ticket>();
        var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                tickets.Add(new(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Enum.Parse<TicketState>(reader.GetString(4)),
                    new TicketForm(reader.GetString(5), reader.GetString(6), NullableString(reader, 7)), NullableString(reader, 8),
                    Time(reader.GetInt64(9)), NullableTime(reader, 10), NullableString(reader, 11), NullableTime(reader, 12), NullableString(reader, 13),
                    reader.IsDBNull(14) ? null : reader.GetInt32(14), NullableString(reader, 15), reader.GetString(16), NullableString(reader, 17),
                    NullableTime(reader, 18), NullableTime(reader, 19), NullableTime(reader, 20)));
        }

        return tickets;
    }

    private static string? NullableString(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static DateTimeOffset? NullableTime(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : Time(reader.GetInt64(column));

    private static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
}
