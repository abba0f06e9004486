using SupportBot.Core.Tickets;

namespace SupportBot.Storage.Sqlite;

/// <summary>
/// <see cref="ITicketMessages"/> in the SQLite file of the other stores, table <c>ticket_messages</c>. The source id is
/// unique, so a platform message handled twice (a restart before its update was marked done) is one line. Texts are
/// stored as given (redacted by the desk); times as unix milliseconds.
/// </summary>
public sealed class SqliteTicketMessages(SqliteStoreOptions options) : ITicketMessages
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS ticket_messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ticket_id INTEGER NOT NULL,
            source_id TEXT NOT NULL UNIQUE,
            at INTEGER NOT NULL,
            author TEXT NOT NULL,
            author_name TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ticket_messages_ticket ON ticket_messages (ticket_id, at);
        CREATE INDEX IF NOT EXISTS ticket_messages_at ON ticket_messages (at);
        """;

    private readonly SqliteTables _tables = new(options, Schema);

    public async Task<bool> AddAsync(TicketMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var insert = SqliteTables.Command(connection,
                "INSERT OR IGNORE INTO ticket_messages (ticket_id, source_id, at, author, author_name, text) VALUES ($ticket, $source, $at, $author, $name, $text);",
                ("$ticket", message.TicketId), ("$source", message.SourceId), ("$at", message.At.ToUnixTimeMilliseconds()),
                ("$author", message.Author.ToString()), ("$name", message.AuthorName), ("$text", message.Text));
            return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    public async Task<IReadOnlyList<TicketMessage>> ListAsync(long ticketId, CancellationToken cancellationToken)
    {
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = SqliteTables.Command(connection,
                "SELECT ticket_id, source_id, at, author, author_name, text FROM ticket_messages WHERE ticket_id = $ticket ORDER BY at, id;", ("$ticket", ticketId));
            var lines = new List<TicketMessage>();
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    lines.Add(new TicketMessage(reader.GetInt64(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                        Enum.Parse<TicketAuthor>(reader.GetString(3)), reader.GetString(4), reader.GetString(5)));
            }

            return lines;
        }
    }

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var delete = SqliteTables.Command(connection, "DELETE FROM ticket_messages WHERE at < $before;", ("$before", before.ToUnixTimeMilliseconds()));
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
