using SupportBot.Core.Scams;

namespace SupportBot.Storage.Sqlite;

/// <summary><see cref="IAllowedDomainStore"/> in the SQLite file of the other stores, table <c>allowed_domains</c>; times as unix milliseconds.</summary>
public sealed class SqliteAllowedDomainStore(SqliteStoreOptions options) : IAllowedDomainStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS allowed_domains (
            host TEXT PRIMARY KEY,
            added_by TEXT NOT NULL,
            added_at INTEGER NOT NULL,
            community TEXT
        );
        """;

    private readonly SqliteTables _tables = new(options, Schema);

    /// <inheritdoc />
    public async Task<bool> AddAsync(AllowedDomain domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var insert = SqliteTables.Command(connection,
                "INSERT OR IGNORE INTO allowed_domains (host, added_by, added_at, community) VALUES ($host, $by, $at, $community);",
                ("$host", domain.Host), ("$by", domain.AddedBy), ("$at", domain.AddedAt.ToUnixTimeMilliseconds()), ("$community", (object?)domain.Community ?? DBNull.Value));
            return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <inheritdoc />
    public async Task<bool> RemoveAsync(string host, CancellationToken cancellationToken)
    {
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var delete = SqliteTables.Command(connection, "DELETE FROM allowed_domains WHERE host = $host;", ("$host", host));
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AllowedDomain>> ListAsync(CancellationToken cancellationToken)
    {
        var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = SqliteTables.Command(connection, "SELECT host, added_by, added_at, community FROM allowed_domains ORDER BY added_at, host;");
            var domains = new List<AllowedDomain>();
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    domains.Add(new AllowedDomain(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                        reader.IsDBNull(3) ? null : reader.GetString(3)));
            }

            return domains;
        }
    }
}
