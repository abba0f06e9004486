using SupportBot.Core.Figures;

namespace SupportBot.Storage.Tests;

/// <summary>What every <see cref="IConversationEvents"/> keeps; each store's test class runs it over its own store.</summary>
public abstract class ConversationEventsContract
{
    protected static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The events over this test's data; each call is another instance over the same data, as another bot instance or a restart.</summary>
    protected abstract IConversationEvents CreateEvents();

    [Fact]
    public async Task RecordAsync_AnotherInstance_ReadsThemBackInOrder()
    {
        var at = TestClock.Epoch;
        ConversationEvent[] recorded =
        [
            new(at, "telegram:1", ConversationEventKind.Started),
            new(at, "telegram:1", ConversationEventKind.ScenarioEntered, "exchange-withdrawal"),
            new(at.AddSeconds(5), "telegram:1", ConversationEventKind.NotUnderstood, "qwerty ёжик"),
        ];
        await CreateEvents().RecordAsync(recorded, None);

        Assert.Equal(recorded, await CreateEvents().ReadAsync(at, at.AddDays(1), None));
    }

    [Fact]
    public async Task RecordAsync_SameTimeAndTheSameEventTwice_KeepsEveryOneInRecordingOrder()
    {
        var events = CreateEvents();
        var at = TestClock.Epoch;
        ConversationEvent[] turn = [new(at, "discord:7", ConversationEventKind.Started), new(at, "discord:7", ConversationEventKind.Escalated, "a/b")];
        await events.RecordAsync(turn, None);
        await events.RecordAsync(turn, None);
        await events.RecordAsync([new(at, "discord:7", ConversationEventKind.Solved, "a/b")], None);

        Assert.Equal([.. turn, .. turn, new(at, "discord:7", ConversationEventKind.Solved, "a/b")], await events.ReadAsync(at, at.AddSeconds(1), None));
    }

    [Fact]
    public async Task ReadAsync_OnlyThePeriod_FromIncludedToExcluded()
    {
        var events = CreateEvents();
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
        Assert.Empty(await CreateEvents().ReadAsync(TestClock.Epoch, TestClock.Epoch.AddDays(1), None));

    [Fact]
    public async Task RecordAsync_NoEvents_RecordsNothing()
    {
        var events = CreateEvents();

        await events.RecordAsync([], None);

        Assert.Empty(await events.ReadAsync(TestClock.Epoch.AddYears(-1), TestClock.Epoch.AddYears(1), None));
    }

    [Fact]
    public async Task PurgeAsync_OlderThanRetention_Removed_TheRestKept()
    {
        var events = CreateEvents();
        var at = TestClock.Epoch;
        await events.RecordAsync(
        [
            new(at.AddDays(-91), "old", ConversationEventKind.Started),
            new(at.AddDays(-90), "boundary", ConversationEventKind.Started),
            new(at, "new", ConversationEventKind.Started),
        ], None);

        Assert.Equal(1, await events.PurgeAsync(at.AddDays(-90), None));

        Assert.Equal(["boundary", "new"], (await events.ReadAsync(at.AddYears(-1), at.AddDays(1), None)).Select(e => e.ConversationKey));
        Assert.Equal(0, await events.PurgeAsync(at.AddDays(-90), None));
    }
}

public sealed class InMemoryConversationEventsTests : ConversationEventsContract
{
    private InMemoryConversationEvents? _events;

    // Memory has no second instance: every "instance" is the one record.
    protected override IConversationEvents CreateEvents() => _events ??= new InMemoryConversationEvents();
}
