using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Conversations;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage.Tests;

public sealed class SqliteConversationStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Start.AddHours(1);
    private static readonly CancellationToken None = CancellationToken.None;

    // Each test gets its own directory (xunit makes a new instance per test), removed with everything in it.
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-sqlite-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Start);

    private string DbPath => Path.Combine(_directory, "conversations.db");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task TrySaveAsync_ThenLoadAsync_RoundTripsAllFields()
    {
        using var store = CreateStore();
        var slots = new Dictionary<string, string> { ["network"] = "tron", ["txHash"] = "0xabc", ["note"] = "ёжик ✓" };
        var state = new ConversationState
        {
            Key = "telegram/42",
            Language = "ru",
            LanguageChosen = true,
            ScenarioId = "deposit",
            StepId = "ask-hash",
            Slots = slots,
            History =
            [
                new StepFrame("menu", "start", new Dictionary<string, string>()),
                new StepFrame("deposit", "ask-network", new Dictionary<string, string> { ["network"] = "tron" }),
            ],
            UpdatedAt = Start,
        };

        Assert.True(await store.TrySaveAsync(state, 0, Later, None));
        var loaded = await store.LoadAsync("telegram/42", None);

        Assert.NotNull(loaded);
        Assert.Equal("telegram/42", loaded.Key);
        Assert.Equal("ru", loaded.Language);
        Assert.True(loaded.LanguageChosen);
        Assert.Equal("deposit", loaded.ScenarioId);
        Assert.Equal("ask-hash", loaded.StepId);
        Assert.Equal(slots, loaded.Slots);
        Assert.Equal(2, loaded.History.Count);
        Assert.Equal(("menu", "start"), (loaded.History[0].ScenarioId, loaded.History[0].StepId));
        Assert.Empty(loaded.History[0].Slots);
        Assert.Equal(("deposit", "ask-network"), (loaded.History[1].ScenarioId, loaded.History[1].StepId));
        Assert.Equal("tron", loaded.History[1].Slots["network"]);
        Assert.Equal(1, loaded.Version);
        Assert.Equal(Start, loaded.UpdatedAt);
    }

    [Fact]
    public async Task LoadAsync_UnknownKey_ReturnsNull()
    {
        using var store = CreateStore();

        Assert.Null(await store.LoadAsync("telegram/unknown", None));
    }

    [Fact]
    public async Task TrySaveAsync_SuccessiveSaves_IncrementVersion()
    {
        using var store = CreateStore();

        for (var expected = 0; expected < 3; expected++)
        {
            Assert.True(await store.TrySaveAsync(State(step: $"step{expected}"), expected, Later, None));
            var loaded = await store.LoadAsync("telegram/42", None);
            Assert.Equal(expected + 1, loaded?.Version);
            Assert.Equal($"step{expected}", loaded?.StepId);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public async Task TrySaveAsync_StaleExpectedVersion_ReturnsFalseAndLeavesStateUnchanged(long stale)
    {
        using var store = CreateStore();
        await store.TrySaveAsync(State(step: "first"), 0, Later, None);
        await store.TrySaveAsync(State(step: "second"), 1, Later, None);

        Assert.False(await store.TrySaveAsync(State(step: "lost"), stale, Later.AddDays(1), None));

        var loaded = await store.LoadAsync("telegram/42", None);
        Assert.Equal(2, loaded?.Version);
        Assert.Equal("second", loaded?.StepId);
        // The losing write did not extend the lifetime either.
        _time.SetUtcNow(Later);
        Assert.Null(await store.LoadAsync("telegram/42", None));
    }

    [Fact]
    public async Task TwoStores_SameFile_SeeEachOthersWritesAndConflict()
    {
        using var first = CreateStore();
        using var second = CreateStore();

        Assert.True(await first.TrySaveAsync(State(step: "from-first"), 0, Later, None));
        var seen = await second.LoadAsync("telegram/42", None);
        Assert.Equal(("from-first", 1L), (seen?.StepId, seen?.Version));

        // Both read version 1; the second store writes first, so the first store's write must lose.
        Assert.True(await second.TrySaveAsync(State(step: "from-second"), 1, Later, None));
        Assert.False(await first.TrySaveAsync(State(step: "stale"), 1, Later, None));
        // Neither may create the key afresh while a live row exists.
        Assert.False(await first.TrySaveAsync(State(step: "fresh"), 0, Later, None));

        var reloaded = await first.LoadAsync("telegram/42", None);
        Assert.Equal(("from-second", 2L), (reloaded?.StepId, reloaded?.Version));
    }

    [Fact]
    public async Task NewStore_AfterRestart_SeesEarlierWrites()
    {
        using (var before = CreateStore())
            Assert.True(await before.TrySaveAsync(State(step: "before-restart"), 0, Later, None));

        using var after = CreateStore();
        var loaded = await after.LoadAsync("telegram/42", None);

        Assert.Equal(("before-restart", 1L), (loaded?.StepId, loaded?.Version));
        Assert.True(await after.TrySaveAsync(State(step: "after-restart"), 1, Later, None));
    }

    [Fact]
    public async Task LoadAsync_AfterExpiry_ReturnsNull()
    {
        using var store = CreateStore();
        await store.TrySaveAsync(State(), 0, Start.AddMinutes(10), None);

        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await store.LoadAsync("telegram/42", None));

        _time.Advance(TimeSpan.FromMilliseconds(1)); // expiry is inclusive: at expiresAt the state is gone
        Assert.Null(await store.LoadAsync("telegram/42", None));
    }

    [Fact]
    public async Task TrySaveAsync_ExpectedZeroOverExpiredRow_SucceedsAsVersionOne()
    {
        using var store = CreateStore();
        await store.TrySaveAsync(State(step: "old"), 0, Start.AddMinutes(10), None);
        await store.TrySaveAsync(State(step: "old"), 1, Start.AddMinutes(10), None);
        _time.Advance(TimeSpan.FromMinutes(11));

        Assert.True(await store.TrySaveAsync(State(step: "new"), 0, Later, None));

        var loaded = await store.LoadAsync("telegram/42", None);
        Assert.Equal(("new", 1L), (loaded?.StepId, loaded?.Version));
    }

    [Fact]
    public async Task PurgeExpiredAsync_MixedRows_RemovesExactlyTheExpiredOnes()
    {
        using var store = CreateStore();
        await store.TrySaveAsync(State("web/a"), 0, Start.AddMinutes(1), None);
        await store.TrySaveAsync(State("web/b"), 0, Start.AddMinutes(5), None);
        await store.TrySaveAsync(State("web/c"), 0, Start.AddMinutes(10), None);

        Assert.Equal(2, await store.PurgeExpiredAsync(Start.AddMinutes(5), None));

        Assert.Equal(["web/c"], ReadKeys());
        Assert.NotNull(await store.LoadAsync("web/c", None));
        Assert.Equal(0, await store.PurgeExpiredAsync(Start.AddMinutes(5), None));
    }

    [Fact]
    public async Task DeleteAsync_ExistingKey_ForgetsConversation()
    {
        using var store = CreateStore();
        await store.TrySaveAsync(State(), 0, Later, None);
        await store.TrySaveAsync(State("web/other"), 0, Later, None);

        await store.DeleteAsync("telegram/42", None);
        await store.DeleteAsync("telegram/never-saved", None);

        Assert.Null(await store.LoadAsync("telegram/42", None));
        Assert.NotNull(await store.LoadAsync("web/other", None));
        Assert.True(await store.TrySaveAsync(State(), 0, Later, None));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"key":"telegram/42","someOldField":1}""")]
    public async Task LoadAsync_CorruptedRow_ReturnsNullAndDeletesRow(string json)
    {
        using var store = CreateStore();
        await store.TrySaveAsync(State(), 0, Later, None);
        await store.TrySaveAsync(State("web/healthy"), 0, Later, None);
        ExecuteRaw("UPDATE conversations SET state = $json WHERE key = 'telegram/42'", ("$json", json));

        Assert.Null(await store.LoadAsync("telegram/42", None));

        Assert.Equal(["web/healthy"], ReadKeys());
        Assert.True(await store.TrySaveAsync(State(), 0, Later, None));
    }

    [Fact]
    public async Task ParallelLoadSaveLoops_OneKey_FinalVersionEqualsSuccessfulSaves()
    {
        // Two instances over one file, several workers each: every successful save must be built on the one before.
        using var first = CreateStore();
        using var second = CreateStore();
        var successes = 0;

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var store = worker % 2 == 0 ? first : second;
            for (var i = 0; i < 50; i++)
            {
                var current = await store.LoadAsync("telegram/42", None);
                var count = current is null ? 0 : int.Parse(current.Slots["count"], System.Globalization.CultureInfo.InvariantCulture);
                var next = State() with { Slots = new Dictionary<string, string> { ["count"] = $"{count + 1}" } };
                if (await store.TrySaveAsync(next, current?.Version ?? 0, Later, None))
                    Interlocked.Increment(ref successes);
            }
        }));
        await Task.WhenAll(workers);

        var final = await first.LoadAsync("telegram/42", None);
        Assert.NotNull(final);
        Assert.True(successes > 0);
        Assert.Equal(successes, final.Version);
        Assert.Equal($"{successes}", final.Slots["count"]);
    }

    [Fact]
    public async Task TrySaveAsync_SustainedParallelWrites_KeepWalBoundedAndDataIntact()
    {
        // Writers that never pause leave every checkpoint a few frames short; without the store forcing a restart
        // now and then, the WAL would grow by every write (here to well over 150 MB). The bound leaves room for a
        // checkpoint that lags on a busy machine; the store restarts the WAL at about 32 MB.
        const int Writers = 4, KeysPerWriter = 50, Rounds = 160;
        using var store = CreateStore();
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
        using var other = CreateStore();
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
        using var store = new SqliteConversationStore(new SqliteStoreOptions { Path = path }, _time);

        Assert.True(await store.TrySaveAsync(State(), 0, Later, None));
        Assert.True(File.Exists(path));
        Assert.NotNull(await store.LoadAsync("telegram/42", None));
    }

    [Fact]
    public async Task TrySaveAsync_UnicodeAndSlashKeys_AreKeptApart()
    {
        string[] keys = ["telegram/123", "telegram/123/", "web/a/b/c", "телеграм/чат/ü✓🙂", "web/it's \"quoted\" %_*", "web\\back"];
        using var store = CreateStore();

        foreach (var key in keys)
            Assert.True(await store.TrySaveAsync(State(key, step: $"step for {key}"), 0, Later, None));

        foreach (var key in keys)
        {
            var loaded = await store.LoadAsync(key, None);
            Assert.Equal((key, $"step for {key}"), (loaded?.Key, loaded?.StepId));
        }
        Assert.Equal(keys.Order(StringComparer.Ordinal), ReadKeys());
    }

    [Fact]
    public async Task LoadAsync_DatabaseFromNewerBuild_Throws()
    {
        using (var store = CreateStore())
            await store.TrySaveAsync(State(), 0, Later, None);
        ExecuteRaw("PRAGMA user_version = 99");

        using var newer = CreateStore();

        await Assert.ThrowsAsync<InvalidOperationException>(() => newer.LoadAsync("telegram/42", None));
    }

    [Fact]
    public async Task Calls_CancelledToken_Throw()
    {
        using var store = CreateStore();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.LoadAsync("telegram/42", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.TrySaveAsync(State(), 0, Later, cancelled.Token));
    }

    [Fact]
    public async Task Calls_AfterDispose_ThrowObjectDisposed()
    {
        var store = CreateStore();
        await store.TrySaveAsync(State(), 0, Later, None);
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.LoadAsync("telegram/42", None));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.TrySaveAsync(State(), 1, Later, None));
    }

    private SqliteConversationStore CreateStore() => new(new SqliteStoreOptions { Path = DbPath }, _time);

    private static ConversationState State(string key = "telegram/42", string step = "start") =>
        new() { Key = key, ScenarioId = "deposit", StepId = step, UpdatedAt = Start };

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
