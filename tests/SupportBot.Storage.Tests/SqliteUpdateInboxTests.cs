using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Conversations;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage.Tests;

public sealed class SqliteUpdateInboxTests : IDisposable
{
    private const string Telegram = "telegram";
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    // Each test gets its own directory (xunit makes a new instance per test), removed with everything in it.
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-inbox-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Start);

    private string DbPath => Path.Combine(_directory, "supportbot.db");

    public void Dispose()
    {
        // The inbox uses pooled connections; close them so no handle outlives the test.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task TryAddAsync_NewId_ReturnsTrueAndIsPending()
    {
        var inbox = CreateInbox();

        Assert.True(await inbox.TryAddAsync(Telegram, 7, "hello", None));

        var item = Assert.Single(await inbox.PendingAsync(Telegram, 10, None));
        Assert.Equal((Telegram, 7L, "hello", 0), (item.Channel, item.UpdateId, item.Payload, item.Attempts));
    }

    [Fact]
    public async Task TryAddAsync_DuplicateId_ReturnsFalseAndKeepsPayload()
    {
        var inbox = CreateInbox();
        Assert.True(await inbox.TryAddAsync(Telegram, 7, "first", None));

        Assert.False(await inbox.TryAddAsync(Telegram, 7, "second", None));

        var item = Assert.Single(await inbox.PendingAsync(Telegram, 10, None));
        Assert.Equal("first", item.Payload);
    }

    [Fact]
    public async Task TryAddAsync_DuplicateOfDoneId_ReturnsFalseAndStaysDone()
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 7, "first", None);
        await inbox.MarkDoneAsync(Telegram, 7, None);

        Assert.False(await inbox.TryAddAsync(Telegram, 7, "again", None));

        Assert.Empty(await inbox.PendingAsync(Telegram, 10, None));
    }

    [Fact]
    public async Task PendingAsync_AddedOutOfOrder_ReturnsOldestIdFirstUpToLimit()
    {
        var inbox = CreateInbox();
        foreach (var id in new long[] { 30, 10, 50, 20, 40 })
            await inbox.TryAddAsync(Telegram, id, $"payload-{id}", None);

        var firstThree = await inbox.PendingAsync(Telegram, 3, None);
        var all = await inbox.PendingAsync(Telegram, 100, None);

        Assert.Equal([10L, 20L, 30L], firstThree.Select(i => i.UpdateId));
        Assert.Equal(["payload-10", "payload-20", "payload-30"], firstThree.Select(i => i.Payload));
        Assert.Equal([10L, 20L, 30L, 40L, 50L], all.Select(i => i.UpdateId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task PendingAsync_NonPositiveLimit_ReturnsEmpty(int limit)
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 1, "one", None);

        Assert.Empty(await inbox.PendingAsync(Telegram, limit, None));
    }

    [Fact]
    public async Task PendingAsync_EmptyInbox_ReturnsEmpty()
    {
        var inbox = CreateInbox();

        Assert.Empty(await inbox.PendingAsync(Telegram, 10, None));
    }

    [Fact]
    public async Task MarkDoneAsync_PendingItem_IsNoLongerPending()
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 1, "one", None);
        await inbox.TryAddAsync(Telegram, 2, "two", None);
        await inbox.TryAddAsync(Telegram, 3, "three", None);

        await inbox.MarkDoneAsync(Telegram, 2, None);

        Assert.Equal([1L, 3L], (await inbox.PendingAsync(Telegram, 10, None)).Select(i => i.UpdateId));
    }

    [Fact]
    public async Task MarkDoneAsync_UnknownId_DoesNothing()
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 1, "one", None);

        await inbox.MarkDoneAsync(Telegram, 99, None);

        Assert.Single(await inbox.PendingAsync(Telegram, 10, None));
        Assert.Equal(1L, await inbox.LastUpdateIdAsync(Telegram, None));
    }

    [Fact]
    public async Task MarkFailedAsync_BelowLimit_CountsAttemptsAndStaysPending()
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 1, "one", None);

        Assert.False(await inbox.MarkFailedAsync(Telegram, 1, "timeout", 3, None));
        Assert.False(await inbox.MarkFailedAsync(Telegram, 1, "timeout again", 3, None));

        var item = Assert.Single(await inbox.PendingAsync(Telegram, 10, None));
        Assert.Equal(2, item.Attempts);
        Assert.Equal("timeout again", ReadReason(Telegram, 1));
    }

    [Fact]
    public async Task MarkFailedAsync_ReachingLimit_ReturnsTrueAndGivesUpKeepingReason()
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 1, "one", None);
        await inbox.TryAddAsync(Telegram, 2, "two", None);

        Assert.False(await inbox.MarkFailedAsync(Telegram, 1, "first", 3, None));
        Assert.False(await inbox.MarkFailedAsync(Telegram, 1, "second", 3, None));
        Assert.True(await inbox.MarkFailedAsync(Telegram, 1, "third", 3, None));

        Assert.Equal([2L], (await inbox.PendingAsync(Telegram, 10, None)).Select(i => i.UpdateId));
        Assert.Equal("third", ReadReason(Telegram, 1));
        // Given up stays given up: a further failure still reports it.
        Assert.True(await inbox.MarkFailedAsync(Telegram, 1, "fourth", 3, None));
    }

    [Fact]
    public async Task MarkFailedAsync_MaxAttemptsOne_GivesUpAtOnce()
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 1, "one", None);

        Assert.True(await inbox.MarkFailedAsync(Telegram, 1, "poison", 1, None));

        Assert.Empty(await inbox.PendingAsync(Telegram, 10, None));
    }

    [Fact]
    public async Task MarkFailedAsync_UnknownId_ReturnsFalse()
    {
        var inbox = CreateInbox();

        Assert.False(await inbox.MarkFailedAsync(Telegram, 42, "boom", 1, None));
        Assert.Null(await inbox.LastUpdateIdAsync(Telegram, None));
    }

    [Fact]
    public async Task MarkFailedAsync_ParallelFailures_EachCounts()
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 1, "one", None);

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => inbox.MarkFailedAsync(Telegram, 1, $"failure {i}", 1000, None))));

        Assert.All(results, Assert.False);
        Assert.Equal(20, Assert.Single(await inbox.PendingAsync(Telegram, 10, None)).Attempts);
    }

    [Fact]
    public async Task LastUpdateIdAsync_EmptyChannel_ReturnsNull()
    {
        var inbox = CreateInbox();

        Assert.Null(await inbox.LastUpdateIdAsync(Telegram, None));
    }

    [Fact]
    public async Task LastUpdateIdAsync_AfterRestart_IncludesDoneAndGivenUpItems()
    {
        var before = CreateInbox();
        await before.TryAddAsync(Telegram, 5, "five", None);
        await before.TryAddAsync(Telegram, 9, "nine", None);
        await before.TryAddAsync(Telegram, 7, "seven", None);
        await before.MarkDoneAsync(Telegram, 9, None);
        await before.MarkFailedAsync(Telegram, 7, "poison", 1, None);

        var after = Restart();

        Assert.Equal(9L, await after.LastUpdateIdAsync(Telegram, None));
        Assert.Equal([5L], (await after.PendingAsync(Telegram, 10, None)).Select(i => i.UpdateId));
    }

    [Fact]
    public async Task PendingAsync_AfterRestart_ReturnsItemsWithAttempts()
    {
        var before = CreateInbox();
        await before.TryAddAsync(Telegram, 1, "one", None);
        await before.TryAddAsync(Telegram, 2, "two ✓ ёжик", None);
        await before.MarkFailedAsync(Telegram, 1, "crashed", 5, None);

        var after = Restart();

        var pending = await after.PendingAsync(Telegram, 10, None);
        Assert.Equal(
            [new InboxItemView(1, "one", 1), new InboxItemView(2, "two ✓ ёжик", 0)],
            pending.Select(i => new InboxItemView(i.UpdateId, i.Payload, i.Attempts)));
        Assert.False(await after.TryAddAsync(Telegram, 2, "redelivered", None));
    }

    [Fact]
    public async Task Channels_SameUpdateId_AreIndependent()
    {
        var inbox = CreateInbox();

        Assert.True(await inbox.TryAddAsync("telegram", 1, "from telegram", None));
        Assert.True(await inbox.TryAddAsync("webchat", 1, "from webchat", None));
        await inbox.TryAddAsync("webchat", 100, "later", None);
        await inbox.MarkDoneAsync("telegram", 1, None);
        Assert.True(await inbox.MarkFailedAsync("webchat", 100, "poison", 1, None));

        Assert.Empty(await inbox.PendingAsync("telegram", 10, None));
        var webchat = Assert.Single(await inbox.PendingAsync("webchat", 10, None));
        Assert.Equal(("webchat", 1L, "from webchat"), (webchat.Channel, webchat.UpdateId, webchat.Payload));
        Assert.Equal(1L, await inbox.LastUpdateIdAsync("telegram", None));
        Assert.Equal(100L, await inbox.LastUpdateIdAsync("webchat", None));
        Assert.Null(await inbox.LastUpdateIdAsync("other", None));
    }

    [Fact]
    public async Task PurgeAsync_MixedRows_RemovesOnlyOldNonPendingRows()
    {
        var inbox = CreateInbox();
        // Old: received at Start.
        await inbox.TryAddAsync(Telegram, 1, "old pending", None);
        await inbox.TryAddAsync(Telegram, 2, "old done", None);
        await inbox.TryAddAsync(Telegram, 3, "old given up", None);
        await inbox.TryAddAsync("webchat", 1, "old done elsewhere", None);
        await inbox.TryAddAsync(Telegram, 4, "old failed once", None);
        // New: received an hour later.
        _time.Advance(TimeSpan.FromHours(1));
        await inbox.TryAddAsync(Telegram, 5, "new pending", None);
        await inbox.TryAddAsync(Telegram, 6, "new done", None);
        await inbox.TryAddAsync(Telegram, 7, "new given up", None);
        await inbox.MarkDoneAsync(Telegram, 2, None);
        await inbox.MarkDoneAsync("webchat", 1, None);
        await inbox.MarkDoneAsync(Telegram, 6, None);
        await inbox.MarkFailedAsync(Telegram, 3, "poison", 1, None);
        await inbox.MarkFailedAsync(Telegram, 4, "flaky", 5, None);
        await inbox.MarkFailedAsync(Telegram, 7, "poison", 1, None);

        var purged = await inbox.PurgeAsync(Start.AddMinutes(30), None);

        // webchat's only update is old and done, but the newest of its channel: polling resumes after it.
        Assert.Equal(2, purged);
        Assert.Equal([(Telegram, 1L), (Telegram, 4L), (Telegram, 5L), (Telegram, 6L), (Telegram, 7L), ("webchat", 1L)], ReadKeys());
        Assert.Equal(1L, await inbox.LastUpdateIdAsync("webchat", None));
        Assert.Equal([1L, 4L, 5L], (await inbox.PendingAsync(Telegram, 10, None)).Select(i => i.UpdateId));
        Assert.Equal(0, await inbox.PurgeAsync(Start.AddMinutes(30), None));
    }

    [Fact]
    public async Task PurgeAsync_BoundaryTime_KeepsRowsReceivedExactlyThen()
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 1, "one", None);
        await inbox.MarkDoneAsync(Telegram, 1, None);
        _time.Advance(TimeSpan.FromHours(1));
        await inbox.TryAddAsync(Telegram, 2, "newer", None);

        Assert.Equal(0, await inbox.PurgeAsync(Start, None));
        Assert.Equal(1, await inbox.PurgeAsync(Start.AddMilliseconds(1), None));
    }

    [Fact]
    public async Task PurgeAsync_EveryUpdateOldAndDone_KeepsTheNewestSoPollingResumesAfterIt()
    {
        var inbox = CreateInbox();
        foreach (var id in new long[] { 10, 11, 12 })
        {
            await inbox.TryAddAsync(Telegram, id, "handled", None);
            await inbox.MarkDoneAsync(Telegram, id, None);
        }

        Assert.Equal(2, await inbox.PurgeAsync(Start.AddDays(30), None));
        Assert.Equal([(Telegram, 12L)], ReadKeys());
        Assert.Equal(12L, await inbox.LastUpdateIdAsync(Telegram, None));
        Assert.False(await inbox.TryAddAsync(Telegram, 12, "delivered again", None)); // still a duplicate
    }

    [Fact]
    public async Task InboxAndConversationStore_SameFile_WorkSideBySideAndAfterReopen()
    {
        var options = new SqliteStoreOptions { Path = DbPath };
        var state = new ConversationState { Key = "telegram/42", ScenarioId = "deposit", StepId = "start", UpdatedAt = Start };
        using (var store = new SqliteConversationStore(options, _time))
        {
            var inbox = new SqliteUpdateInbox(options, _time);
            // The inbox creates the file here; the test below has the conversation store create it.
            Assert.True(await inbox.TryAddAsync(Telegram, 1, "one", None));
            Assert.True(await store.TrySaveAsync(state, 0, Start.AddHours(1), None));
            Assert.True(await inbox.TryAddAsync(Telegram, 2, "two", None));
            await inbox.MarkDoneAsync(Telegram, 1, None);
            Assert.True(await store.TrySaveAsync(state with { StepId = "ask-hash" }, 1, Start.AddHours(1), None));
        }

        SqliteConnection.ClearAllPools();
        using var reopenedStore = new SqliteConversationStore(options, _time);
        var reopenedInbox = new SqliteUpdateInbox(options, _time);

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
        using (var store = new SqliteConversationStore(options, _time))
            Assert.Null(await store.LoadAsync("telegram/42", None));

        var inbox = new SqliteUpdateInbox(options, _time);
        Assert.True(await inbox.TryAddAsync(Telegram, 1, "one", None));

        using var reopened = new SqliteConversationStore(options, _time);
        Assert.Null(await reopened.LoadAsync("telegram/42", None));
        Assert.Equal(1L, ReadUserVersion());
    }

    [Fact]
    public async Task TwoInstances_SameFile_SeeEachOthersUpdatesAndDeduplicate()
    {
        var first = CreateInbox();
        var second = CreateInbox();

        Assert.True(await first.TryAddAsync(Telegram, 1, "one", None));
        Assert.False(await second.TryAddAsync(Telegram, 1, "one again", None));
        await second.MarkDoneAsync(Telegram, 1, None);

        Assert.Empty(await first.PendingAsync(Telegram, 10, None));
    }

    [Fact]
    public async Task TryAddAsync_ParallelAddsOfSameIds_EachStoredOnce()
    {
        var inbox = CreateInbox();

        var results = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => inbox.TryAddAsync(Telegram, i % 50, $"payload-{i}", None))));

        Assert.Equal(50, results.Count(added => added));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), (await inbox.PendingAsync(Telegram, 100, None)).Select(i => i.UpdateId));
    }

    [Fact]
    public async Task Constructor_MissingDirectory_IsCreatedOnFirstUse()
    {
        var nested = Path.Combine(_directory, "a", "b", "inbox.db");
        var inbox = new SqliteUpdateInbox(new SqliteStoreOptions { Path = nested }, _time);

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

    private SqliteUpdateInbox CreateInbox() => new(new SqliteStoreOptions { Path = DbPath }, _time);

    /// <summary>A new instance over the same file, with every earlier connection closed, as after a process restart.</summary>
    private SqliteUpdateInbox Restart()
    {
        SqliteConnection.ClearAllPools();
        return CreateInbox();
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

    private sealed record InboxItemView(long UpdateId, string Payload, int Attempts);
}
