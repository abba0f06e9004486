using Microsoft.Data.Sqlite;
using SupportBot.Core.Figures;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage.Tests;

public sealed class SqliteConversationEventsTests : ConversationEventsContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-events-tests", Guid.NewGuid().ToString("N"));

    private SqliteStoreOptions Options => new() { Path = Path.Combine(_directory, "supportbot.db") };

    protected override IConversationEvents CreateEvents() => new SqliteConversationEvents(Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RecordAsync_AfterRestart_ReadsThemBack()
    {
        ConversationEvent[] recorded = [new(TestClock.Epoch, "telegram:1", ConversationEventKind.Started)];
        await CreateEvents().RecordAsync(recorded, None);
        SqliteConnection.ClearAllPools();

        Assert.Equal(recorded, await CreateEvents().ReadAsync(TestClock.Epoch, TestClock.Epoch.AddDays(1), None));
    }
}
