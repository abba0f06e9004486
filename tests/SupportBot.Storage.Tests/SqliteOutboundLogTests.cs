using Microsoft.Data.Sqlite;
using SupportBot.Core.Channels;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage.Tests;

/// <summary>The contract on SQLite, and what only a file has: the transaction that rolls back, the rows themselves, a restart.</summary>
public sealed class SqliteOutboundLogTests : OutboundLogContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-outbound-tests", Guid.NewGuid().ToString("N"));

    private SqliteStoreOptions Options => new() { Path = Path.Combine(_directory, "supportbot.db") };

    protected override (IUpdateInbox Inbox, IOutboundLog Log) CreateStores() => (new SqliteUpdateInbox(Options, Clock), new SqliteOutboundLog(Options, Clock));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task CommitTurnAsync_FailsHalfway_NeitherCallsStoredNorUpdateDone()
    {
        var (inbox, log) = CreateStores();
        await inbox.TryAddAsync(Telegram, 7, "update", None);

        // A null payload breaks the second insert: the first must not stay behind, nor the update be marked done.
        await Assert.ThrowsAsync<InvalidOperationException>(() => log.CommitTurnAsync(Telegram, 7, [new("42", "first"), new("42", null!)], None));

        Assert.Single(await inbox.PendingAsync(Telegram, 10, None));
        Assert.Empty(await log.PendingAsync(Telegram, null, 10, None));
    }

    [Fact]
    public async Task MarkSentAsync_DeletesTheRow_SoTheTableHoldsOnlyWhatIsOwed()
    {
        var log = CreateLog();
        await log.CommitTurnAsync(Telegram, 7, [new("42", "first"), new("42", "second")], None);

        await log.MarkSentAsync((await log.PendingAsync(Telegram, "42", 10, None))[0].Id, None);

        Assert.Equal(1, RowCount());
    }

    [Fact]
    public async Task PendingAsync_AfterRestart_ResumesFromTheFirstUnsent()
    {
        var log = CreateLog();
        await log.CommitTurnAsync(Telegram, 7, [new("42", "first"), new("42", "second")], None);
        await log.MarkSentAsync((await log.PendingAsync(Telegram, "42", 1, None))[0].Id, None);
        SqliteConnection.ClearAllPools();

        Assert.Equal(["second"], (await CreateLog().PendingAsync(Telegram, "42", 10, None)).Select(i => i.Payload));
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
