using Microsoft.Data.Sqlite;
using SupportBot.Core.Figures;

namespace SupportBot.Storage.Sqlite;

/// <summary>
/// <see cref="IConversationEvents"/> in the SQLite file of the other stores, table <c>conversation_events</c>: append
/// only, read by period for the <c>stats</c> figures. Kinds are stored by name, times as unix milliseconds.
/// </summary>
public sealed class SqliteConversationEvents : IConversationEvents
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS conversation_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL, -- unix milliseconds
            conversation TEXT NOT NULL,
            kind TEXT NOT NULL,
            value TEXT
        );
        CREATE INDEX IF NOT EXISTS conversation_events_at ON conversation_events (at);
        """;

    private readonly SqliteTables _tables;

    public SqliteConversationEvents(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = new SqliteTables(options, Schema);
    }

    public async Task RecordAsync(IReadOnlyList<ConversationEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
            return;
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One turn's events together, or none of them.
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var e in events)
                {
                    using var insert = SqliteTables.Command(connection,
                        "INSERT INTO conversation_events (at, conversation, kind, value) VALUES ($at, $conversation, $kind, $value);",
                        ("$at", e.At.ToUnixTimeMilliseconds()), ("$conversation", e.ConversationKey), ("$kind", e.Kind.ToString()),
                        ("$value", (object?)e.Value ?? DBNull.Value));
                    insert.Transaction = transaction;
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var delete = SqliteTables.Command(connection, "DELETE FROM conversation_events WHERE at < $before;",
                ("$before", before.ToUnixTimeMilliseconds()));
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ConversationEvent>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = SqliteTables.Command(connection,
                "SELECT at, conversation, kind, value FROM conversation_events WHERE at >= $from AND at < $to ORDER BY at, id;",
                ("$from", from.ToUnixTimeMilliseconds()), ("$to", to.ToUnixTimeMilliseconds()));
            var events = new List<ConversationEvent>();
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    // A kind this build does not know (written by a newer one) is skipped, not fatal.
                    if (!Enum.TryParse<ConversationEventKind>(reader.GetString(2), out var kind))
                        continue;
                    events.Add(new ConversationEvent(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), kind,
                        reader.IsDBNull(3) ? null : reader.GetString(3)));
                }
            }

            return events;
        }
    }
}
