using SupportBot.Core.Channels;

namespace SupportBot.Storage.Sqlite;

/// <summary>
/// <see cref="IUpdateInbox"/> in the SQLite file of <see cref="SqliteConversationStore"/>, table
/// <c>channel_updates</c>. Safe for concurrent callers and for several processes sharing the file.
/// </summary>
/// <remarks>
/// Updates arrive at most a few hundred a second, so every call simply takes a pooled connection and runs one
/// parameterised statement. The table is created if missing, independently of the conversation store's schema
/// version, which this class neither reads nor changes.
/// </remarks>
public sealed class SqliteUpdateInbox : IUpdateInbox
{
    // States as stored in the state column.
    private const int Pending = 0;
    internal const int Done = 1;
    private const int GivenUp = 2;

    /// <summary>Also run by <see cref="SqliteOutboundLog"/>, which marks updates done with the calls they produced.</summary>
    internal const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS channel_updates (
            channel TEXT NOT NULL,
            update_id INTEGER NOT NULL,
            payload TEXT NOT NULL,
            state INTEGER NOT NULL DEFAULT 0, -- 0 pending, 1 done, 2 given up
            attempts INTEGER NOT NULL DEFAULT 0,
            reason TEXT,
            received_at INTEGER NOT NULL, -- unix milliseconds
            PRIMARY KEY (channel, update_id)
        );
        CREATE INDEX IF NOT EXISTS channel_updates_pending ON channel_updates (channel, update_id) WHERE state = 0;
        """;

    private readonly SqliteTables _tables;
    private readonly TimeProvider _time;

    public SqliteUpdateInbox(SqliteStoreOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _tables = new SqliteTables(options, Schema);
    }

    public async Task<bool> TryAddAsync(string channel, long updateId, string payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(payload);
        var inserted = await ExecuteNonQueryAsync(
            $"""
            INSERT OR IGNORE INTO channel_updates (channel, update_id, payload, state, attempts, reason, received_at)
            VALUES ($channel, $update_id, $payload, {Pending}, 0, NULL, $received_at);
            """,
            cancellationToken,
            ("$channel", channel), ("$update_id", updateId), ("$payload", payload),
            ("$received_at", _time.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false);
        return inserted == 1;
    }

    public async Task<IReadOnlyList<InboxItem>> PendingAsync(string channel, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        cancellationToken.ThrowIfCancellationRequested();
        if (limit <= 0)
            return []; // SQLite reads a negative LIMIT as "no limit"

        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = SqliteTables.Command(
                connection,
                $"""
                SELECT update_id, payload, attempts FROM channel_updates
                WHERE channel = $channel AND state = {Pending}
                ORDER BY update_id
                LIMIT $limit;
                """,
                ("$channel", channel), ("$limit", limit));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var items = new List<InboxItem>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    items.Add(new InboxItem(channel, reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2)));
                return items;
            }
        }
    }

    public Task MarkDoneAsync(string channel, long updateId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return ExecuteNonQueryAsync(
            $"UPDATE channel_updates SET state = {Done} WHERE channel = $channel AND update_id = $update_id;",
            cancellationToken,
            ("$channel", channel), ("$update_id", updateId));
    }

    public async Task<bool> MarkFailedAsync(string channel, long updateId, string reason, int maxAttempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(reason);
        // One statement, so concurrent failures of one update each count; on the right of SET, attempts is the old value.
        var state = await ExecuteScalarAsync(
            $"""
            UPDATE channel_updates
            SET attempts = attempts + 1,
                reason = $reason,
                state = CASE WHEN attempts + 1 >= $max_attempts THEN {GivenUp} ELSE state END
            WHERE channel = $channel AND update_id = $update_id
            RETURNING state;
            """,
            cancellationToken,
            ("$channel", channel), ("$update_id", updateId), ("$reason", reason), ("$max_attempts", maxAttempts))
            .ConfigureAwait(false);
        return state is long value && value == GivenUp;
    }

    public async Task<long?> LastUpdateIdAsync(string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var max = await ExecuteScalarAsync(
            "SELECT MAX(update_id) FROM channel_updates WHERE channel = $channel;",
            cancellationToken,
            ("$channel", channel)).ConfigureAwait(false);
        return max is long id ? id : null;
    }

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        ExecuteNonQueryAsync(
            $"""
            DELETE FROM channel_updates
            WHERE state <> {Pending} AND received_at < $before
              AND update_id < (SELECT MAX(newest.update_id) FROM channel_updates newest WHERE newest.channel = channel_updates.channel);
            """,
            cancellationToken,
            ("$before", before.ToUnixTimeMilliseconds()));

    private async Task<int> ExecuteNonQueryAsync(
        string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = SqliteTables.Command(connection, sql, parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<object?> ExecuteScalarAsync(
        string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = SqliteTables.Command(connection, sql, parameters);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
