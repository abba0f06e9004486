using Microsoft.Data.Sqlite;
using SupportBot.Core.Figures;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage.Tests;

public sealed class SqliteConversationEventsTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-events-tests", Guid.NewGuid().ToString("N"));

    private SqliteStoreOptions Options => new() { Path = Path.Combine(_directory, "supportbot.db") };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RecordAsync_AnotherInstanceOnTheSameFile_ReadsThemBackInOrder()
    {
        var at = TestClock.Epoch;
        ConversationEvent[] recorded =
        [
            new(at, "telegram:1", ConversationEventKind.Started),
            new(at, "telegram:1", ConversationEventKind.ScenarioEntered, "exchange-withdrawal"),
            new(at.AddSeconds(5), "telegram:1", ConversationEventKind.NotUnderstood, "qwerty"),
        ];
        await new SqliteConversationEvents(Options).RecordAsync(recorded, None);
        SqliteConnection.ClearAllPools();

        var restarted = new SqliteConversationEvents(Options);

        Assert.Equal(recorded, await restarted.ReadAsync(at, at.AddDays(1), None));
    }

    [Fact]
    public async Task ReadAsync_OnlyThePeriod_FromIncludedToExcluded()
    {
        var events = new SqliteConversationEvents(Options);
        var at = TestClock.Epoch;
        await events.RecordAsync(
        [
            new(at.AddMinutes(-1), "a", ConversationEventKind.Started),
            new(at, "b", ConversationEventKind.Started),
            new(at.AddHours(1), "c", ConversationEventKind.Solved, "x/y"),
        ], None);

        var read = await events.ReadAsync(at, at.AddHours(1), None);

        Assert.Equal(["b"], read.Select(e => e.ConversationKey));
    }

    [Fact]
    public async Task ReadAsync_NothingRecordedYet_Empty() =>
        Assert.Empty(await new SqliteConversationEvents(Options).ReadAsync(TestClock.Epoch, TestClock.Epoch.AddDays(1), None));

    [Fact]
    public async Task PurgeAsync_OlderThanRetention_Removed_TheRestKept()
    {
        var events = new SqliteConversationEvents(Options);
        var at = TestClock.Epoch;
        await events.RecordAsync(
        [
            new(at.AddDays(-91), "old", ConversationEventKind.Started),
            new(at.AddDays(-90), "boundary", ConversationEventKind.Started),
            new(at, "new", ConversationEventKind.Started),
        ], None);

        Assert.Equal(1, await events.PurgeAsync(at.AddDays(-90), None));

        Assert.Equal(["boundary", "new"], (await events.ReadAsync(at.AddYears(-1), at.AddDays(1), None)).Select(e => e.ConversationKey));
    }
}
