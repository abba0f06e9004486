using Microsoft.Data.Sqlite;
using SupportBot.Core.Channels;

namespace SupportBot.Storage.Sqlite;

/// <summary>
/// <see cref="IOutboundLog"/> in the SQLite file of the other stores, table <c>channel_outbound</c>. A turn's calls are
/// inserted in the same transaction that marks its update done in <c>channel_updates</c> (<see cref="SqliteUpdateInbox"/>),
/// so a crash leaves either the update pending (the turn runs again, nothing of it was sent) or its calls stored
/// (they are delivered, the turn is not run again). A confirmed call is deleted at once: the table only ever holds
/// what is still owed, and nothing of a conversation stays here once it reached the user.
/// </summary>
/// <remarks>
/// Payloads are what the channel sends, and channels only send texts the secret guard already redacted; the bot
/// token is never part of a payload (it travels in the request URL).
/// </remarks>
public sealed class SqliteOutboundLog : IOutboundLog
{
    // AUTOINCREMENT: ids are never reused after deletes, so they keep the order calls were committed in.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS channel_outbound (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            channel TEXT NOT NULL,
            chat TEXT NOT NULL,
            update_id INTEGER NOT NULL,
            payload TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL -- unix milliseconds
        );
        CREATE INDEX IF NOT EXISTS channel_outbound_chat ON channel_outbound (channel, chat, id);
        """;

    private readonly SqliteTables _tables;
    private readonly TimeProvider _time;

    public SqliteOutboundLog(SqliteStoreOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        // The inbox's table too: a commit marks updates done in it.
        _tables = new SqliteTables(options, SqliteUpdateInbox.Schema + Schema);
    }

    public async Task CommitTurnAsync(string channel, long updateId, IReadOnlyList<OutboundEntry> calls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(calls);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // BEGIN IMMEDIATE: the write lock is taken up front, so two writers never deadlock upgrading a read.
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                foreach (var call in calls)
                {
                    using var insert = SqliteTables.Command(connection,
                        """
                        INSERT INTO channel_outbound (channel, chat, update_id, payload, attempts, created_at)
                        VALUES ($channel, $chat, $update_id, $payload, 0, $created_at);
                        """,
                        ("$channel", channel), ("$chat", call.Chat), ("$update_id", updateId), ("$payload", call.Payload), ("$created_at", now));
                    insert.Transaction = transaction;
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using var done = SqliteTables.Command(connection,
                    $"UPDATE channel_updates SET state = {SqliteUpdateInbox.Done} WHERE channel = $channel AND update_id = $update_id;",
                    ("$channel", channel), ("$update_id", updateId));
                done.Transaction = transaction;
                await done.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<OutboundItem>> PendingAsync(string channel, string? chat, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        cancellationToken.ThrowIfCancellationRequested();
        if (limit <= 0)
            return []; // SQLite reads a negative LIMIT as "no limit"

        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = chat is null
                ? SqliteTables.Command(connection,
                    "SELECT id, chat, update_id, payload, attempts FROM channel_outbound WHERE channel = $channel ORDER BY id LIMIT $limit;",
                    ("$channel", channel), ("$limit", limit))
                : SqliteTables.Command(connection,
                    "SELECT id, chat, update_id, payload, attempts FROM channel_outbound WHERE channel = $channel AND chat = $chat ORDER BY id LIMIT $limit;",
                    ("$channel", channel), ("$chat", chat), ("$limit", limit));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var items = new List<OutboundItem>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    items.Add(new OutboundItem(reader.GetInt64(0), channel, reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt32(4)));
                return items;
            }
        }
    }

    public async Task MarkSentAsync(long id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = SqliteTables.Command(connection, "DELETE FROM channel_outbound WHERE id = $id;", ("$id", id));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> MarkFailedAsync(long id, int maxAttempts, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Dropped when this failure reaches the limit; otherwise counted. Either way one statement.
            using var drop = SqliteTables.Command(connection,
                "DELETE FROM channel_outbound WHERE id = $id AND attempts + 1 >= $max_attempts;",
                ("$id", id), ("$max_attempts", maxAttempts));
            if (await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                return true;

            using var count = SqliteTables.Command(connection, "UPDATE channel_outbound SET attempts = attempts + 1 WHERE id = $id;", ("$id", id));
            await count.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
    }
}
