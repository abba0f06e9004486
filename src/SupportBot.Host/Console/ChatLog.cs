using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SupportBot.Host.Composition;

namespace SupportBot.Host.Console;

/// <summary>Where <c>chat</c> writes its log: <c>Console:LogPath</c>, or <c>supportbot.log</c> next to the SQLite file.</summary>
public static class ChatLog
{
    public const string PathKey = "Console:LogPath";

    public static string Resolve(IConfiguration configuration)
    {
        if (configuration[PathKey] is { Length: > 0 } path)
        {
            return path;
        }

        var database = configuration[StorageOptions.Section + ":" + nameof(StorageOptions.SqlitePath)] is { Length: > 0 } sqlite
            ? sqlite
            : new StorageOptions().SqlitePath;
        return Path.Combine(Path.GetDirectoryName(database) ?? "", "supportbot.log");
    }
}

/// <summary>
/// Logs to a file, for the console chat: its terminal is the conversation, so log lines (a failed RPC endpoint, …)
/// must never appear between its lines. The file is opened on the first line (its folder created), appended to, and
/// readable while written (<c>tail -f</c>). A log that cannot be written is given up, never an error for the user.
/// </summary>
public sealed class FileLoggerProvider(string path, TimeProvider time) : ILoggerProvider
{
    private readonly Lock gate = new();
    private readonly TimeProvider time = time;
    private StreamWriter? writer;
    private bool unavailable;

    /// <summary>The file this provider writes to.</summary>
    public string Path { get; } = path;

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        lock (gate)
        {
            writer?.Dispose();
            writer = null;
            unavailable = true;
        }
    }

    private void Write(string entry)
    {
        lock (gate)
        {
            if (unavailable)
            {
                return;
            }

            try
            {
                if (writer is null)
                {
                    if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) is { } folder)
                    {
                        Directory.CreateDirectory(folder);
                    }

                    writer = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false))
                    {
                        AutoFlush = true,
                        NewLine = "\n",
                    };
                }

                writer.Write(entry);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                unavailable = true;
            }
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var entry = new StringBuilder()
                .Append(provider.time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
                .Append(' ').Append(Level(logLevel)).Append(' ').Append(category).Append(": ").Append(formatter(state, exception)).Append('\n');
            if (exception is not null)
            {
                entry.Append(exception).Append('\n');
            }

            provider.Write(entry.ToString());
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
