using Microsoft.Data.Sqlite;
using SupportBot.Core.Channels;
using SupportBot.Core.Conversations;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage.Tests;

/// <summary>The contract on SQLite, and what only a file has: the rows themselves, the file shared with the conversation store, the folder.</summary>
public sealed class SqliteUpdateInboxTests : UpdateInboxContract, IDisposable
{
    // Each test gets its own directory (xunit makes a new instance per test), removed with everything in it.
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-inbox-tests", Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(_directory, "supportbot.db");

    protected override IUpdateInbox CreateInbox() => new SqliteUpdateInbox(new SqliteStoreOptions { Path = DbPath }, Clock);

    public void Dispose()
    {
        // The inbox uses pooled connections; close them so no handle outlives the test.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task MarkFailedAsync_KeepsTheLastReason_AlsoWhenGivenUp()
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 1, "one", None);

        await inbox.MarkFailedAsync(Telegram, 1, "timeout", 2, None);
        Assert.Equal("timeout", ReadReason(Telegram, 1));
        await inbox.MarkFailedAsync(Telegram, 1, "timeout again", 2, None);

        Assert.Equal("timeout again", ReadReason(Telegram, 1));
    }

    [Fact]
    public async Task PendingAsync_AfterRestart_ReturnsItemsWithAttempts()
    {
        var before = CreateInbox();
        await before.TryAddAsync(Telegram, 1, "one", None);
        await before.MarkFailedAsync(Telegram, 1, "crashed", 5, None);
        await before.TryAddAsync(Telegram, 2, "two", None);
        await before.MarkDoneAsync(Telegram, 2, None);
        SqliteConnection.ClearAllPools();

        var after = CreateInbox();

        Assert.Equal([(1L, 1)], (await after.PendingAsync(Telegram, 10, None)).Select(i => (i.UpdateId, i.Attempts)));
        Assert.Equal(2L, await after.LastUpdateIdAsync(Telegram, None));
    }

    [Fact]
    public async Task PurgeAsync_DeletesTheRows()
    {
        var inbox = CreateInbox();
        foreach (var id in new long[] { 10, 11, 12 })
        {
            await inbox.TryAddAsync(Telegram, id, "handled", None);
            await inbox.MarkDoneAsync(Telegram, id, None);
        }

        await inbox.PurgeAsync(Start.AddDays(30), None);

        Assert.Equal([(Telegram, 12L)], ReadKeys());
    }

    [Fact]
    public async Task InboxAndConversationStore_SameFile_WorkSideBySideAndAfterReopen()
    {
        var options = new SqliteStoreOptions { Path = DbPath };
        var state = new ConversationState { Key = "telegram/42", ScenarioId = "deposit", StepId = "start", UpdatedAt = Start };
        using (var store = new SqliteConversationStore(options, Clock))
        {
            var inbox = new SqliteUpdateInbox(options, Clock);
            // The inbox creates the file here; the test below has the conversation store create it.
            Assert.True(await inbox.TryAddAsync(Telegram, 1, "one", None));
            Assert.True(await store.TrySaveAsync(state, 0, Start.AddHours(1), None));
            Assert.True(await inbox.TryAddAsync(Telegram, 2, "two", None));
            await inbox.MarkDoneAsync(Telegram, 1, None);
            Assert.True(await store.TrySaveAsync(state with { StepId = "ask-hash" }, 1, Start.AddHours(1), None));
        }

        SqliteConnection.ClearAllPools();
        using var reopenedStore = new SqliteConversationStore(options, Clock);
        var reopenedInbox = new SqliteUpdateInbox(options, Clock);

        var loaded = await reopenedStore.LoadAsync("telegram/42", None);
        Assert.Equal(("ask-hash", 2L), (loaded?.StepId, loaded?.Version));
        Assert.Equal([2L], (await reopenedInbox.PendingAsync(Telegram, 10, None)).Select(i => i.UpdateId));
        Assert.Equal(2L, await reopenedInbox.LastUpdateIdAsync(Telegram, None));
        Assert.True(await reopenedStore.TrySaveAsync(state with { StepId = "done" }, 2, Start.AddHours(1), None));
        Assert.True(await reopenedInbox.TryAddAsync(Telegram, 3, "three", None));
        Assert.Equal(1L, ReadUserVersion());
    }

    [Fact]
    public async Task ConversationStoreFirst_ThenInbox_CreatesTableBesideIt()
    {
        var options = new SqliteStoreOptions { Path = DbPath };
        using (var store = new SqliteConversationStore(options, Clock))
            Assert.Null(await store.LoadAsync("telegram/42", None));

        var inbox = new SqliteUpdateInbox(options, Clock);
        Assert.True(await inbox.TryAddAsync(Telegram, 1, "one", None));

        using var reopened = new SqliteConversationStore(options, Clock);
        Assert.Null(await reopened.LoadAsync("telegram/42", None));
        Assert.Equal(1L, ReadUserVersion());
    }

    [Fact]
    public async Task Constructor_MissingDirectory_IsCreatedOnFirstUse()
    {
        var nested = Path.Combine(_directory, "a", "b", "inbox.db");
        var inbox = new SqliteUpdateInbox(new SqliteStoreOptions { Path = nested }, Clock);

        Assert.True(await inbox.TryAddAsync(Telegram, 1, "one", None));
        Assert.True(File.Exists(nested));
    }

    [Fact]
    public async Task Calls_CancelledToken_Throw()
    {
        var inbox = CreateInbox();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inbox.TryAddAsync(Telegram, 1, "one", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inbox.PendingAsync(Telegram, 10, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inbox.MarkDoneAsync(Telegram, 1, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inbox.MarkFailedAsync(Telegram, 1, "x", 3, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inbox.LastUpdateIdAsync(Telegram, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inbox.PurgeAsync(Start, cancelled.Token));
    }

    private string? ReadReason(string channel, long updateId)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT reason FROM channel_updates WHERE channel = $channel AND update_id = $update_id";
        command.Parameters.AddWithValue("$channel", channel);
        command.Parameters.AddWithValue("$update_id", updateId);
        return command.ExecuteScalar() as string;
    }

    private List<(string Channel, long UpdateId)> ReadKeys()
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT channel, update_id FROM channel_updates ORDER BY channel, update_id";
        using var reader = command.ExecuteReader();
        var keys = new List<(string, long)>();
        while (reader.Read())
            keys.Add((reader.GetString(0), reader.GetInt64(1)));
        return keys;
    }

    private long ReadUserVersion()
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return (long)command.ExecuteScalar()!;
    }

    private SqliteConnection OpenRaw()
    {
        // Unpooled, so no handle outlives the test and the directory can be deleted.
        var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        return connection;
    }
}
