using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;

namespace SupportBot.Storage.Tests;

/// <summary>What every <see cref="IUpdateInbox"/> keeps; each store's test class runs it over its own store.</summary>
public abstract class UpdateInboxContract
{
    protected const string Telegram = "telegram";
    protected static readonly DateTimeOffset Start = TestClock.Epoch;
    protected static readonly CancellationToken None = CancellationToken.None;

    protected FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>An inbox over this test's data; each call is another instance over the same data, as another bot instance or a restart.</summary>
    protected abstract IUpdateInbox CreateInbox();

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

        Assert.Equal("first", Assert.Single(await inbox.PendingAsync(Telegram, 10, None)).Payload);
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

    [Fact]
    public async Task PendingAsync_SnowflakeSizedIds_ExactAndInNumericOrder()
    {
        // Discord ids are 64-bit snowflakes: more digits than a double holds exactly, and ordered as numbers, not text.
        long[] ids = [1_234_567_890_123_456_790, 1_234_567_890_123_456_789, 999_999_999_999_999_999, long.MaxValue, 9];
        var inbox = CreateInbox();
        foreach (var id in ids)
            Assert.True(await inbox.TryAddAsync("discord", id, $"{id}", None));

        var pending = await inbox.PendingAsync("discord", 10, None);

        Assert.Equal(ids.Order(), pending.Select(i => i.UpdateId));
        Assert.All(pending, i => Assert.Equal($"{i.UpdateId}", i.Payload));
        Assert.Equal(long.MaxValue, await inbox.LastUpdateIdAsync("discord", None));
        Assert.False(await inbox.TryAddAsync("discord", 1_234_567_890_123_456_789, "again", None));
        await inbox.MarkDoneAsync("discord", 1_234_567_890_123_456_790, None);
        Assert.DoesNotContain(1_234_567_890_123_456_790, (await inbox.PendingAsync("discord", 10, None)).Select(i => i.UpdateId));
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
    public async Task PendingAsync_EmptyInbox_ReturnsEmpty() => Assert.Empty(await CreateInbox().PendingAsync(Telegram, 10, None));

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
        Assert.True(await inbox.TryAddAsync(Telegram, 99, "ninety-nine", None));
    }

    [Fact]
    public async Task MarkFailedAsync_BelowLimit_CountsAttemptsAndStaysPending()
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 1, "one", None);

        Assert.False(await inbox.MarkFailedAsync(Telegram, 1, "timeout", 3, None));
        Assert.False(await inbox.MarkFailedAsync(Telegram, 1, "timeout again", 3, None));

        Assert.Equal(2, Assert.Single(await inbox.PendingAsync(Telegram, 10, None)).Attempts);
    }

    [Fact]
    public async Task MarkFailedAsync_ReachingLimit_ReturnsTrueAndGivesUp()
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 1, "one", None);
        await inbox.TryAddAsync(Telegram, 2, "two", None);

        Assert.False(await inbox.MarkFailedAsync(Telegram, 1, "first", 3, None));
        Assert.False(await inbox.MarkFailedAsync(Telegram, 1, "second", 3, None));
        Assert.True(await inbox.MarkFailedAsync(Telegram, 1, "third", 3, None));

        Assert.Equal([2L], (await inbox.PendingAsync(Telegram, 10, None)).Select(i => i.UpdateId));
        // Given up stays given up: a further failure still reports it, and a redelivery is still a duplicate.
        Assert.True(await inbox.MarkFailedAsync(Telegram, 1, "fourth", 3, None));
        Assert.False(await inbox.TryAddAsync(Telegram, 1, "again", None));
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
        Assert.Empty(await inbox.PendingAsync(Telegram, 10, None));
    }

    [Fact]
    public async Task MarkFailedAsync_ParallelFailuresFromTwoInstances_EachCounts()
    {
        var first = CreateInbox();
        var second = CreateInbox();
        await first.TryAddAsync(Telegram, 1, "one", None);

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => (i % 2 == 0 ? first : second).MarkFailedAsync(Telegram, 1, $"failure {i}", 1000, None))));

        Assert.All(results, Assert.False);
        Assert.Equal(20, Assert.Single(await first.PendingAsync(Telegram, 10, None)).Attempts);
    }

    [Fact]
    public async Task LastUpdateIdAsync_EmptyChannel_ReturnsNull() => Assert.Null(await CreateInbox().LastUpdateIdAsync(Telegram, None));

    [Fact]
    public async Task LastUpdateIdAsync_AnotherInstance_IncludesDoneAndGivenUpItems()
    {
        var before = CreateInbox();
        await before.TryAddAsync(Telegram, 5, "five", None);
        await before.TryAddAsync(Telegram, 9, "nine", None);
        await before.TryAddAsync(Telegram, 7, "seven", None);
        await before.MarkDoneAsync(Telegram, 9, None);
        await before.MarkFailedAsync(Telegram, 7, "poison", 1, None);

        var after = CreateInbox();

        Assert.Equal(9L, await after.LastUpdateIdAsync(Telegram, None));
        Assert.Equal([5L], (await after.PendingAsync(Telegram, 10, None)).Select(i => i.UpdateId));
    }

    [Fact]
    public async Task PendingAsync_AnotherInstance_ReturnsItemsWithAttempts()
    {
        var before = CreateInbox();
        await before.TryAddAsync(Telegram, 1, "one", None);
        await before.TryAddAsync(Telegram, 2, "two ✓ ёжик", None);
        await before.MarkFailedAsync(Telegram, 1, "crashed", 5, None);

        var after = CreateInbox();

        var pending = await after.PendingAsync(Telegram, 10, None);
        Assert.Equal([(1L, "one", 1), (2L, "two ✓ ёжик", 0)], pending.Select(i => (i.UpdateId, i.Payload, i.Attempts)));
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
    public async Task PurgeAsync_MixedUpdates_ForgetsOnlyOldHandledOnes()
    {
        var inbox = CreateInbox();
        // Old: received at Start.
        await inbox.TryAddAsync(Telegram, 1, "old pending", None);
        await inbox.TryAddAsync(Telegram, 2, "old done", None);
        await inbox.TryAddAsync(Telegram, 3, "old given up", None);
        await inbox.TryAddAsync("webchat", 1, "old done elsewhere", None);
        await inbox.TryAddAsync(Telegram, 4, "old failed once", None);
        // New: received an hour later.
        Clock.Advance(TimeSpan.FromHours(1));
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

        Assert.Equal(2, purged);
        Assert.Equal([1L, 4L, 5L], (await inbox.PendingAsync(Telegram, 10, None)).Select(i => i.UpdateId));
        Assert.Equal(0, await inbox.PurgeAsync(Start.AddMinutes(30), None));
        // webchat's only update is old and done, but the newest of its channel: polling resumes after it.
        Assert.Equal(1L, await inbox.LastUpdateIdAsync("webchat", None));
        Assert.False(await inbox.TryAddAsync("webchat", 1, "delivered again", None));
        // What is kept still deduplicates; what was forgotten (2 and 3) is taken as new.
        foreach (var kept in new long[] { 1, 4, 5, 6, 7 })
            Assert.False(await inbox.TryAddAsync(Telegram, kept, "delivered again", None));
        Assert.True(await inbox.TryAddAsync(Telegram, 2, "delivered again", None));
        Assert.True(await inbox.TryAddAsync(Telegram, 3, "delivered again", None));
    }

    [Fact]
    public async Task PurgeAsync_BoundaryTime_KeepsUpdatesReceivedExactlyThen()
    {
        var inbox = CreateInbox();
        await inbox.TryAddAsync(Telegram, 1, "one", None);
        await inbox.MarkDoneAsync(Telegram, 1, None);
        Clock.Advance(TimeSpan.FromHours(1));
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
        Assert.Equal(12L, await inbox.LastUpdateIdAsync(Telegram, None));
        Assert.False(await inbox.TryAddAsync(Telegram, 12, "delivered again", None)); // still a duplicate
        Assert.Equal(0, await inbox.PurgeAsync(Start.AddDays(30), None));
    }

    [Fact]
    public async Task TwoInstances_SeeEachOthersUpdatesAndDeduplicate()
    {
        var first = CreateInbox();
        var second = CreateInbox();

        Assert.True(await first.TryAddAsync(Telegram, 1, "one", None));
        Assert.False(await second.TryAddAsync(Telegram, 1, "one again", None));
        await second.MarkDoneAsync(Telegram, 1, None);

        Assert.Empty(await first.PendingAsync(Telegram, 10, None));
    }

    [Fact]
    public async Task TryAddAsync_ParallelAddsOfSameIdsFromTwoInstances_EachStoredOnce()
    {
        var first = CreateInbox();
        var second = CreateInbox();

        var results = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => (i / 50 % 2 == 0 ? first : second).TryAddAsync(Telegram, i % 50, $"payload-{i}", None))));

        Assert.Equal(50, results.Count(added => added));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), (await first.PendingAsync(Telegram, 100, None)).Select(i => i.UpdateId));
    }
}

public sealed class InMemoryUpdateInboxTests : UpdateInboxContract
{
    private InMemoryUpdateInbox? _inbox;

    // Memory has no second instance: every "instance" is the one inbox.
    protected override IUpdateInbox CreateInbox() => _inbox ??= new InMemoryUpdateInbox(Clock);
}
