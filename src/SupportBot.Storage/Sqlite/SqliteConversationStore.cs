using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SupportBot.Core.Conversations;

namespace SupportBot.Storage.Sqlite;

/// <summary>
/// <see cref="IConversationStore"/> over one SQLite file in WAL mode. Safe for concurrent callers and for several
/// processes or instances sharing the file: the compare-and-set of <see cref="TrySaveAsync"/> is one statement.
/// </summary>
/// <remarks>
/// SQLite does no real asynchronous I/O, and a call takes microseconds, so the work runs inline on the caller;
/// only waiting for the in-process write gate is asynchronous.
/// </remarks>
public sealed class SqliteConversationStore : IConversationStore, IDisposable
{
    private const int SchemaVersion = 1;
    private const int BusyTimeoutSeconds = SqliteStoreOptions.BusyTimeoutSeconds;
    private const int MaxIdleSessions = 16; // a burst beyond this opens extra connections and closes them after
    private const int CheckpointEveryWrites = 256;
    private const int WalFramesBeforeRestart = 8192; // 32 MB at 4 KB pages

    private readonly string _path;
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly ConcurrentBag<Session> _idle = [];
    // SQLite has one writer per file. Queueing this process's writers here is cheaper and fairer than letting them
    // collide in SQLite's sleep-and-retry busy handler; the busy timeout then only arbitrates between processes.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _initLock = new();
    private volatile bool _initialized;
    private volatile bool _disposed;
    private int _idleCount;
    private int _writesSinceCheckpoint;
    private int _checkpointing;
    private Task? _checkpointTask;

    public SqliteConversationStore(SqliteStoreOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        _path = Path.GetFullPath(options.Path);
        _time = timeProvider;
        // The sessions below are the pool: unlike pooled connections they keep their prepared statements.
        _connectionString = options.ConnectionString(pooling: false);
    }

    public async Task<ConversationState?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        var row = Run(static (s, a) => s.Load(a.key, a.now), (key, now: NowMs()));
        if (row is not { } found)
            return null;
        var (version, json) = found;
        try
        {
            return ConversationStateSerializer.Deserialize(json) with { Version = version };
        }
        catch (JsonException)
        {
            // Corrupted or an older format: the conversation starts over rather than failing every turn.
            // Only this exact row goes, in case another writer replaced it meanwhile.
            await RunWriteAsync(static (s, a) => s.DeleteIfUnchanged(a.key, a.version, a.json), (key, version, json), cancellationToken)
                .ConfigureAwait(false);
            return null;
        }
    }

    public async Task<bool> TrySaveAsync(ConversationState state, long expectedVersion, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(state.Key);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var version = expectedVersion + 1;
        var json = ConversationStateSerializer.Serialize(state with { Version = version });
        var args = (state.Key, version, json, expires: expiresAt.ToUnixTimeMilliseconds(), expectedVersion, now: NowMs());
        var changed = await RunWriteAsync(
            static (s, a) => s.Upsert(a.Key, a.version, a.json, a.expires, a.expectedVersion, a.now), args, cancellationToken)
            .ConfigureAwait(false);
        return changed == 1;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return RunWriteAsync(static (s, key) => s.Delete(key), key, cancellationToken);
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        RunWriteAsync(static (s, now) => s.Purge(now), now.ToUnixTimeMilliseconds(), cancellationToken);

    public void Dispose()
    {
        _disposed = true;
        // So that no connection outlives Dispose: the file can then be moved or deleted at once.
        Volatile.Read(ref _checkpointTask)?.Wait();
        DrainIdle();
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<T> RunWriteAsync<TArg, T>(Func<Session, TArg, T> operation, TArg arg, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        T result;
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            result = Run(operation, arg);
        }
        finally
        {
            _writeGate.Release();
        }
        if (Interlocked.Increment(ref _writesSinceCheckpoint) >= CheckpointEveryWrites && !_disposed
            && Interlocked.Exchange(ref _checkpointing, 1) == 0)
        {
            Volatile.Write(ref _writesSinceCheckpoint, 0);
            // A thread of its own: the fsyncs may block for a while, and a pool thread is a scarce thing on two cores.
            Volatile.Write(ref _checkpointTask, Task.Factory.StartNew(
                Checkpoint, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        }
        return result;
    }

    /// <summary>
    /// Copies the WAL back into the database. SQLite would do this inside whichever commit crosses its threshold,
    /// and every writer queued behind that commit would wait for the copy and the fsyncs; here they run beside them.
    /// </summary>
    private void Checkpoint()
    {
        try
        {
            var walFrames = Run(static (s, _) => s.Checkpoint(), 0);
            // Under steady load some frames are always newer than the checkpoint, so the WAL is never fully copied
            // and never starts over. Once it is big, copy the few remaining frames with writers held back.
            if (walFrames >= WalFramesBeforeRestart)
            {
                _writeGate.Wait();
                try
                {
                    Run(static (s, _) => s.Checkpoint(), 0);
                }
                finally
                {
                    _writeGate.Release();
                }
            }
        }
        catch (Exception)
        {
            // Housekeeping: whatever went wrong, the WAL only grows until the next checkpoint or the last close.
        }
        finally
        {
            Volatile.Write(ref _checkpointing, 0);
        }
    }

    private T Run<TArg, T>(Func<Session, TArg, T> operation, TArg arg)
    {
        var session = Rent();
        T result;
        try
        {
            result = operation(session, arg);
        }
        catch
        {
            // After a failure the connection may be in any state; the next caller gets a fresh one.
            session.Dispose();
            throw;
        }
        Return(session);
        return result;
    }

    private Session Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            return session;
        }
        if (!_initialized && Path.GetDirectoryName(_path) is { Length: > 0 } directory)
            Directory.CreateDirectory(directory); // SQLite creates the file, not its directory
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000}; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;");
            EnsureSchema(connection);
            return new Session(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Return(Session session)
    {
        if (Interlocked.Increment(ref _idleCount) > MaxIdleSessions || _disposed)
        {
            Interlocked.Decrement(ref _idleCount);
            session.Dispose();
            return;
        }
        _idle.Add(session);
        if (_disposed)
            DrainIdle(); // Dispose may have emptied the bag just before the Add.
    }

    private void DrainIdle()
    {
        while (_idle.TryTake(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            session.Dispose();
        }
    }

    private void EnsureSchema(SqliteConnection connection)
    {
        if (_initialized)
            return;
        lock (_initLock)
        {
            if (_initialized)
                return;
            // WAL lets readers work beside the writer, also across processes; the mode is stored in the file.
            Execute(connection, "PRAGMA journal_mode = WAL;");
            // IMMEDIATE: when two processes start on a new file, one migrates and the other then sees the result.
            using var transaction = connection.BeginTransaction(deferred: false);
            using var read = connection.CreateCommand();
            read.Transaction = transaction;
            read.CommandText = "PRAGMA user_version;";
            var version = (long)read.ExecuteScalar()!;
            if (version > SchemaVersion)
            {
                throw new InvalidOperationException(
                    $"'{_path}' has schema version {version}; this build knows up to {SchemaVersion}.");
            }
            if (version < 1)
            {
                Execute(connection, """
                    CREATE TABLE IF NOT EXISTS conversations (
                        key TEXT PRIMARY KEY,
                        version INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        expires_at INTEGER NOT NULL -- unix milliseconds
                    );
                    CREATE INDEX IF NOT EXISTS conversations_expires_at ON conversations (expires_at);
                    """, transaction);
            }
            // Later migrations go here as "if (version < 2) { ... }".
            if (version < SchemaVersion)
                Execute(connection, $"PRAGMA user_version = {SchemaVersion};", transaction);
            transaction.Commit();
            _initialized = true;
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>One open connection with its statements prepared once; used by one caller at a time.</summary>
    private sealed class Session : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _load;
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _update;
        private readonly SqliteCommand _delete;
        private readonly SqliteCommand _deleteIfUnchanged;
        private readonly SqliteCommand _purge;
        private readonly SqliteCommand _checkpoint;

        public Session(SqliteConnection connection)
        {
            _connection = connection;
            _load = Prepare(
                "SELECT version, state FROM conversations WHERE key = $key AND expires_at > $now;",
                ("$key", SqliteType.Text), ("$now", SqliteType.Integer));
            // A first save (expected 0) inserts, or replaces a row that has expired; a live row makes it a no-op.
            _insert = Prepare(
                """
                INSERT INTO conversations (key, version, state, expires_at) VALUES ($key, $version, $state, $expires_at)
                ON CONFLICT (key) DO UPDATE
                SET version = excluded.version, state = excluded.state, expires_at = excluded.expires_at
                WHERE conversations.expires_at <= $now;
                """,
                ("$key", SqliteType.Text), ("$version", SqliteType.Integer), ("$state", SqliteType.Text),
                ("$expires_at", SqliteType.Integer), ("$now", SqliteType.Integer));
            // Any later save only over the live row at the expected version: not over one deleted or expired since it
            // was read, which would bring a forgotten conversation back.
            _update = Prepare(
                """
                UPDATE conversations SET version = $version, state = $state, expires_at = $expires_at
                WHERE key = $key AND version = $expected AND expires_at > $now;
                """,
                ("$key", SqliteType.Text), ("$version", SqliteType.Integer), ("$state", SqliteType.Text),
                ("$expires_at", SqliteType.Integer), ("$now", SqliteType.Integer), ("$expected", SqliteType.Integer));
            _delete = Prepare("DELETE FROM conversations WHERE key = $key;", ("$key", SqliteType.Text));
            _deleteIfUnchanged = Prepare(
                "DELETE FROM conversations WHERE key = $key AND version = $version AND state = $state;",
                ("$key", SqliteType.Text), ("$version", SqliteType.Integer), ("$state", SqliteType.Text));
            _purge = Prepare("DELETE FROM conversations WHERE expires_at <= $now;", ("$now", SqliteType.Integer));
            _checkpoint = Prepare("PRAGMA wal_checkpoint(PASSIVE);");
        }

        public (long Version, string Json)? Load(string key, long now)
        {
            _load.Parameters[0].Value = key;
            _load.Parameters[1].Value = now;
            using var reader = _load.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : null;
        }

        public int Upsert(string key, long version, string json, long expiresAt, long expected, long now)
        {
            var command = expected == 0 ? _insert : _update;
            var p = command.Parameters; // the same first five in both
            p[0].Value = key;
            p[1].Value = version;
            p[2].Value = json;
            p[3].Value = expiresAt;
            p[4].Value = now;
            if (expected != 0)
            {
                p[5].Value = expected;
            }

            return command.ExecuteNonQuery();
        }

        public int Delete(string key)
        {
            _delete.Parameters[0].Value = key;
            return _delete.ExecuteNonQuery();
        }

        public int DeleteIfUnchanged(string key, long version, string json)
        {
            _deleteIfUnchanged.Parameters[0].Value = key;
            _deleteIfUnchanged.Parameters[1].Value = version;
            _deleteIfUnchanged.Parameters[2].Value = json;
            return _deleteIfUnchanged.ExecuteNonQuery();
        }

        public int Purge(long now)
        {
            _purge.Parameters[0].Value = now;
            return _purge.ExecuteNonQuery();
        }

        /// <returns>The size of the WAL in frames (pages).</returns>
        public long Checkpoint()
        {
            using var reader = _checkpoint.ExecuteReader();
            return reader.Read() ? reader.GetInt64(1) : 0;
        }

        public void Dispose()
        {
            _checkpoint.Dispose();
            _load.Dispose();
            _insert.Dispose();
            _update.Dispose();
            _delete.Dispose();
            _deleteIfUnchanged.Dispose();
            _purge.Dispose();
            _connection.Dispose();
        }

        private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, type) in parameters)
                command.Parameters.Add(name, type);
            command.Prepare();
            return command;
        }
    }
}
