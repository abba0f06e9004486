using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage.Tests;

public sealed class SqliteOutboundLogTests : IDisposable
{
    private const string Telegram = "telegram";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-outbound-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(TestClock.Epoch);

    private SqliteStoreOptions Options => new() { Path = Path.Combine(_directory, "supportbot.db") };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task CommitTurnAsync_StoresCallsInOrderAndMarksTheUpdateDone()
    {
        var (inbox, log) = (new SqliteUpdateInbox(Options, _time), new SqliteOutboundLog(Options, _time));
        await inbox.TryAddAsync(Telegram, 7, "update", None);

        await log.CommitTurnAsync(Telegram, 7, [new("42", "first"), new("-100", "to the group"), new("42", "second")], None);

        Assert.Empty(await inbox.PendingAsync(Telegram, 10, None));
        Assert.Equal(["first", "second"], (await log.PendingAsync(Telegram, "42", 10, None)).Select(i => i.Payload));
        Assert.Equal(["first", "to the group", "second"], (await log.PendingAsync(Telegram, null, 10, None)).Select(i => i.Payload));
        Assert.All(await log.PendingAsync(Telegram, null, 10, None), i => Assert.Equal((7L, 0), (i.UpdateId, i.Attempts)));
    }

    [Fact]
    public async Task CommitTurnAsync_NoCalls_StillMarksTheUpdateDone()
    {
        var (inbox, log) = (new SqliteUpdateInbox(Options, _time), new SqliteOutboundLog(Options, _time));
        await inbox.TryAddAsync(Telegram, 7, "update", None);

        await log.CommitTurnAsync(Telegram, 7, [], None);

        Assert.Empty(await inbox.PendingAsync(Telegram, 10, None));
        Assert.Empty(await log.PendingAsync(Telegram, null, 10, None));
    }

    [Fact]
    public async Task CommitTurnAsync_FailsHalfway_NeitherCallsStoredNorUpdateDone()
    {
        var (inbox, log) = (new SqliteUpdateInbox(Options, _time), new SqliteOutboundLog(Options, _time));
        await inbox.TryAddAsync(Telegram, 7, "update", None);

        // A null payload breaks the second insert: the first must not stay behind, nor the update be marked done.
        await Assert.ThrowsAsync<InvalidOperationException>(() => log.CommitTurnAsync(Telegram, 7, [new("42", "first"), new("42", null!)], None));

        Assert.Single(await inbox.PendingAsync(Telegram, 10, None));
        Assert.Empty(await log.PendingAsync(Telegram, null, 10, None));
    }

    [Fact]
    public async Task MarkSentAsync_RemovesTheCall_SoTheTableHoldsOnlyWhatIsOwed()
    {
        var log = new SqliteOutboundLog(Options, _time);
        await log.CommitTurnAsync(Telegram, 7, [new("42", "first"), new("42", "second")], None);

        var first = (await log.PendingAsync(Telegram, "42", 10, None))[0];
        await log.MarkSentAsync(first.Id, None);

        Assert.Equal(["second"], (await log.PendingAsync(Telegram, "42", 10, None)).Select(i => i.Payload));
        Assert.Equal(1, RowCount());
    }

    [Fact]
    public async Task PendingAsync_NewInstanceOverTheSameFile_ResumesFromTheFirstUnsent()
    {
        var log = new SqliteOutboundLog(Options, _time);
        await log.CommitTurnAsync(Telegram, 7, [new("42", "first"), new("42", "second"), new("42", "third")], None);
        await log.MarkSentAsync((await log.PendingAsync(Telegram, "42", 1, None))[0].Id, None);
        SqliteConnection.ClearAllPools();

        var restarted = new SqliteOutboundLog(Options, _time);

        Assert.Equal(["second", "third"], (await restarted.PendingAsync(Telegram, "42", 10, None)).Select(i => i.Payload));
    }

    [Fact]
    public async Task MarkFailedAsync_CountsAttempts_DropsTheCallAtTheLimit()
    {
        var log = new SqliteOutboundLog(Options, _time);
        await log.CommitTurnAsync(Telegram, 7, [new("42", "first")], None);
        var id = (await log.PendingAsync(Telegram, "42", 10, None))[0].Id;

        Assert.False(await log.MarkFailedAsync(id, maxAttempts: 2, None));
        Assert.Equal(1, Assert.Single(await log.PendingAsync(Telegram, "42", 10, None)).Attempts);
        Assert.True(await log.MarkFailedAsync(id, maxAttempts: 2, None));

        Assert.Empty(await log.PendingAsync(Telegram, "42", 10, None));
    }

    [Fact]
    public async Task Ids_NeverReused_SoLaterTurnsStayBehindEarlierOnes()
    {
        var log = new SqliteOutboundLog(Options, _time);
        await log.CommitTurnAsync(Telegram, 7, [new("42", "first")], None);
        var first = (await log.PendingAsync(Telegram, "42", 10, None))[0];
        await log.MarkSentAsync(first.Id, None);

        await log.CommitTurnAsync(Telegram, 8, [new("42", "second")], None);

        Assert.True(Assert.Single(await log.PendingAsync(Telegram, "42", 10, None)).Id > first.Id);
    }

    [Fact]
    public async Task InMemoryOutboundLog_BehavesAlike()
    {
        var inbox = new InMemoryUpdateInbox(_time);
        var log = new InMemoryOutboundLog(inbox);
        await inbox.TryAddAsync(Telegram, 7, "update", None);

        await log.CommitTurnAsync(Telegram, 7, [new("42", "first"), new("42", "second")], None);
        var pending = await log.PendingAsync(Telegram, "42", 10, None);
        await log.MarkSentAsync(pending[0].Id, None);

        Assert.Empty(await inbox.PendingAsync(Telegram, 10, None));
        Assert.Equal(["second"], (await log.PendingAsync(Telegram, null, 10, None)).Select(i => i.Payload));
        Assert.True(await log.MarkFailedAsync(pending[1].Id, maxAttempts: 1, None));
        Assert.Empty(await log.PendingAsync(Telegram, null, 10, None));
    }

    private int RowCount()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Options.Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM channel_outbound;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
