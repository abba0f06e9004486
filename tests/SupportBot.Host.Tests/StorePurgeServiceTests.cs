using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Host.Composition;

namespace SupportBot.Host.Tests;

/// <summary>The store stays bounded: expired conversations, handled updates and old figures go, on every round.</summary>
public sealed class StorePurgeServiceTests
{
    private readonly FakeTimeProvider time = new(TestClock.Epoch);
    private readonly InMemoryConversationStore store;
    private readonly InMemoryUpdateInbox inbox;
    private readonly InMemoryConversationEvents events = new();
    private readonly StorageOptions options = new()
    {
        PurgeInterval = TimeSpan.FromMinutes(10),
        InboxRetention = TimeSpan.FromDays(7),
        EventRetention = TimeSpan.FromDays(90),
    };

    public StorePurgeServiceTests()
    {
        store = new InMemoryConversationStore(time);
        inbox = new InMemoryUpdateInbox(time);
    }

    [Fact]
    public async Task Running_PurgesEachTablePastItsRetention_AgainOnEveryInterval()
    {
        var start = time.GetUtcNow();
        await events.RecordAsync([new ConversationEvent(start, "console/ann", ConversationEventKind.Started)], CancellationToken.None);
        foreach (var id in new long[] { 1, 2 })
        {
            await inbox.TryAddAsync("telegram", id, "{}", CancellationToken.None);
            await inbox.MarkDoneAsync("telegram", id, CancellationToken.None);
        }

        time.Advance(TimeSpan.FromDays(8));
        using var service = new StorePurgeService(store, inbox, events, Options.Create(options), time, NullLogger<StorePurgeService>.Instance);
        await service.StartAsync(CancellationToken.None);

        // Eight days on: the older handled update is gone (the newest stays for polling), the events are within 90 days.
        await WaitUntilAsync(async () => (await inbox.LastUpdateIdAsync("telegram", CancellationToken.None)) == 2
            && !await inbox.TryAddAsync("telegram", 2, "{}", CancellationToken.None)
            && await inbox.TryAddAsync("telegram", 1, "{}", CancellationToken.None));
        Assert.Single(await events.ReadAsync(start, time.GetUtcNow(), CancellationToken.None));

        // 91 days on, at the next tick: the events are past retention.
        time.Advance(TimeSpan.FromDays(83));
        await WaitUntilAsync(async () => (await events.ReadAsync(start, time.GetUtcNow(), CancellationToken.None)).Count == 0);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task OneTableFailing_TheOthersArePurgedAnyway()
    {
        await events.RecordAsync([new ConversationEvent(time.GetUtcNow(), "console/ann", ConversationEventKind.Started)], CancellationToken.None);
        time.Advance(TimeSpan.FromDays(100));
        using var service = new StorePurgeService(store, new FailingInbox(), events, Options.Create(options), time, NullLogger<StorePurgeService>.Instance);

        await service.StartAsync(CancellationToken.None);

        await WaitUntilAsync(async () => (await events.ReadAsync(DateTimeOffset.MinValue, time.GetUtcNow(), CancellationToken.None)).Count == 0);
        await service.StopAsync(CancellationToken.None);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = TestClock.Instance.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(TestClock.Instance.GetUtcNow() < deadline, "the purge did not happen");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TestClock.Instance);
        }
    }

    private sealed class FailingInbox : IUpdateInbox
    {
        public Task<bool> TryAddAsync(string channel, long updateId, string payload, CancellationToken cancellationToken) => throw new IOException("disk");
        public Task<IReadOnlyList<InboxItem>> PendingAsync(string channel, int limit, CancellationToken cancellationToken) => throw new IOException("disk");
        public Task MarkDoneAsync(string channel, long updateId, CancellationToken cancellationToken) => throw new IOException("disk");
        public Task<bool> MarkFailedAsync(string channel, long updateId, string reason, int maxAttempts, CancellationToken cancellationToken) => throw new IOException("disk");
        public Task<long?> LastUpdateIdAsync(string channel, CancellationToken cancellationToken) => throw new IOException("disk");
        public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken) => throw new IOException("disk");
    }
}
