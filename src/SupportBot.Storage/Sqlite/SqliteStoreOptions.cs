namespace SupportBot.Storage.Sqlite;

/// <summary>Settings of <see cref="SqliteConversationStore"/>.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>
    /// The database file. Relative paths are resolved against the current directory; a missing directory is created.
    /// Several processes may share one file (a restart overlapping with the old instance, or a second bot instance).
    /// </summary>
    public string Path { get; set; } = "data/supportbot.db";
}
