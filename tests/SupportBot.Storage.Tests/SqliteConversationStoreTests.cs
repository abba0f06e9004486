using Microsoft.Data.Sqlite;
using SupportBot.Core.Conversations;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage.Tests;

/// <summary>The contract on SQLite, and what only a file has: corrupted rows, the WAL, the schema version, the folder.</summary>
public sealed class SqliteConversationStoreTests : ConversationStoreContract, IDisposable
{
    // Each test gets its own directory (xunit makes a new instance per test), removed with everything in it.
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-sqlite-tests", Guid.NewGuid().ToString("N"));
    private readonly List<SqliteConversationStore> _stores = [];

    private string DbPath => Path.Combine(_directory, "conversations.db");

    protected override IConversationStore CreateStore() => NewStore();

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task NewStore_AfterDisposingTheOld_SeesEarlierWrites()
    {
        using (var before = NewStore())
            Assert.True(await before.TrySaveAsync(State(step: "before-restart"), 0, Later, None));

        using var after = NewStore();
        var loaded = await after.LoadAsync("telegram/42", None);

        Assert.Equal(("before-restart", 1L), (loaded?.StepId, loaded?.Version));
        Assert.True(await after.TrySaveAsync(State(step: "after-restart"), 1, Later, None));
    }

    [Fact]
    public async Task PurgeExpiredAsync_RemovesTheRows()
    {
        using var store = NewStore();
        await store.TrySaveAsync(State("web/a"), 0, Start.AddMinutes(1), None);
        await store.TrySaveAsync(State("web/c"), 0, Start.AddMinutes(10), None);

        await store.PurgeExpiredAsync(Start.AddMinutes(5), None);

        Assert.Equal(["web/c"], ReadKeys());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"key":"telegram/42","someOldField":1}""")]
    public async Task LoadAsync_CorruptedRow_ReturnsNullAndDeletesRow(string json)
    {
        using var store = NewStore();
        await store.TrySaveAsync(State(), 0, Later, None);
        await store.TrySaveAsync(State("web/healthy"), 0, Later, None);
        ExecuteRaw("UPDATE conversations SET state = $json WHERE key = 'telegram/42'", ("$json", json));

        Assert.Null(await store.LoadAsync("telegram/42", None));

        Assert.Equal(["web/healthy"], ReadKeys());
        Assert.True(await store.TrySaveAsync(State(), 0, Later, None));
    }

    [Fact]
    public async Task TrySaveAsync_SustainedParallelWrites_KeepWalBoundedAndDataIntact()
    {
        // Writers that never pause leave every checkpoint a few frames short; without the store forcing a restart
        // now and then, the WAL would grow by every write (here to well over 150 MB). The bound leaves room for a
        // checkpoint that lags on a busy machine; the store restarts the WAL at about 32 MB.
        const int Writers = 4, KeysPerWriter = 50, Rounds = 160;
        using var store = NewStore();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                for (var k = 0; k < KeysPerWriter; k++)
                    Assert.True(await store.TrySaveAsync(State($"web/{w}/{k}", $"round{round}"), round, Later, None));
            }
        })));

        var wal = new FileInfo(DbPath + "-wal").Length;
        Assert.True(wal < 80 << 20, $"WAL grew to {wal >> 20} MB");
        using var other = NewStore();
        for (var k = 0; k < KeysPerWriter; k++)
        {
            var loaded = await other.LoadAsync($"web/{Writers - 1}/{k}", None);
            Assert.Equal(($"round{Rounds - 1}", (long)Rounds), (loaded?.StepId, loaded?.Version));
        }
    }

    [Fact]
    public async Task Constructor_MissingDirectory_IsCreatedOnFirstUse()
    {
        var path = Path.Combine(_directory, "nested", "deeper", "bot.db");
        using var store = new SqliteConversationStore(new SqliteStoreOptions { Path = path }, Clock);

        Assert.True(await store.TrySaveAsync(State(), 0, Later, None));
        Assert.True(File.Exists(path));
        Assert.NotNull(await store.LoadAsync("telegram/42", None));
    }

    [Fact]
    public async Task LoadAsync_DatabaseFromNewerBuild_Throws()
    {
        using (var store = NewStore())
            await store.TrySaveAsync(State(), 0, Later, None);
        ExecuteRaw("PRAGMA user_version = 99");

        using var newer = NewStore();

        await Assert.ThrowsAsync<InvalidOperationException>(() => newer.LoadAsync("telegram/42", None));
    }

    [Fact]
    public async Task Calls_CancelledToken_Throw()
    {
        using var store = NewStore();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.LoadAsync("telegram/42", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.TrySaveAsync(State(), 0, Later, cancelled.Token));
    }

    [Fact]
    public async Task Calls_AfterDispose_ThrowObjectDisposed()
    {
        var store = NewStore();
        await store.TrySaveAsync(State(), 0, Later, None);
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.LoadAsync("telegram/42", None));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.TrySaveAsync(State(), 1, Later, None));
    }

    private SqliteConversationStore NewStore()
    {
        var store = new SqliteConversationStore(new SqliteStoreOptions { Path = DbPath }, Clock);
        _stores.Add(store);
        return store;
    }

    private List<string> ReadKeys()
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM conversations ORDER BY key";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
            keys.Add(reader.GetString(0));
        return keys;
    }

    private void ExecuteRaw(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private SqliteConnection OpenRaw()
    {
        // Unpooled, so no handle outlives the test and the directory can be deleted.
        var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        return connection;
    }
}
