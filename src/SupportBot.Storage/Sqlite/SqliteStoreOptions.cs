using Microsoft.Data.Sqlite;

namespace SupportBot.Storage.Sqlite;

/// <summary>Settings of the SQLite stores (<see cref="SqliteConversationStore"/>, <see cref="SqliteUpdateInbox"/>), which share one file.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>How long a writer waits for another process's lock before giving up.</summary>
    internal const int BusyTimeoutSeconds = 5;

    /// <summary>
    /// The database file. Relative paths are resolved against the current directory; a missing directory is created.
    /// Several processes may share one file (a restart overlapping with the old instance, or a second bot instance).
    /// </summary>
    public string Path { get; set; } = "data/supportbot.db";

    /// <summary>The one way both stores open the file.</summary>
    internal string ConnectionString(bool pooling) => new SqliteConnectionStringBuilder
    {
        DataSource = System.IO.Path.GetFullPath(Path),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = pooling,
        DefaultTimeout = BusyTimeoutSeconds,
    }.ToString();
}
