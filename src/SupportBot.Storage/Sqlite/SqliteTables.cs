using Microsoft.Data.Sqlite;

namespace SupportBot.Storage.Sqlite;

/// <summary>
/// Pooled connections to the stores' SQLite file for tables that run one short statement per call (the update inbox,
/// the outbound log): each connection gets the same pragmas as the conversation store's, and the tables' schema is
/// created on first use. The schema is idempotent, so two callers or processes racing to create it both succeed.
/// </summary>
internal sealed class SqliteTables
{
    private readonly string _path;
    private readonly string _connectionString;
    private readonly string _schema;
    private readonly (string Table, string Column, string Definition)[] _addedColumns;
    private volatile bool _initialized;

    /// <param name="options">Where the file is.</param>
    /// <param name="schema">The tables' idempotent <c>CREATE … IF NOT EXISTS</c> statements.</param>
    /// <param name="addedColumns">
    /// Columns added to a table after its first release: a file made by an older version gets them on first use (SQLite
    /// has no <c>ADD COLUMN IF NOT EXISTS</c>).
    /// </param>
    public SqliteTables(SqliteStoreOptions options, string schema, params (string Table, string Column, string Definition)[] addedColumns)
    {
        _addedColumns = addedColumns;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        _path = Path.GetFullPath(options.Path);
        _connectionString = options.ConnectionString(pooling: true);
        _schema = schema;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized && Path.GetDirectoryName(_path) is { Length: > 0 } directory)
            Directory.CreateDirectory(directory); // SQLite creates the file, not its directory
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per connection, as the conversation store sets them; a pooled connection keeps them, setting them again is cheap.
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {SqliteStoreOptions.BusyTimeoutSeconds * 1000}; PRAGMA synchronous = NORMAL;", cancellationToken)
                .ConfigureAwait(false);
            if (!_initialized)
            {
                await ExecuteAsync(connection, _schema, cancellationToken).ConfigureAwait(false);
                await AddMissingColumnsAsync(connection, cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task AddMissingColumnsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        foreach (var (table, column, definition) in _addedColumns)
        {
            using var info = Command(connection, "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column;", ("$table", table), ("$column", column));
            if ((long)(await info.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0)
                continue;
            try
            {
                await ExecuteAsync(connection, $"ALTER TABLE {table} ADD COLUMN {column} {definition};", cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
            {
                // Another process added it in between.
            }
        }
    }

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = Command(connection, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }
}
