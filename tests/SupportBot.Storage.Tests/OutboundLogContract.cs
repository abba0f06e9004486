using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;

namespace SupportBot.Storage.Tests;

/// <summary>What every <see cref="IOutboundLog"/> keeps, with the <see cref="IUpdateInbox"/> of the same store; each store's test class runs it.</summary>
public abstract class OutboundLogContract
{
    protected const string Telegram = "telegram";
    protected static readonly CancellationToken None = CancellationToken.None;

    protected FakeTimeProvider Clock { get; } = new(TestClock.Epoch);

    /// <summary>An inbox and a log over this test's data; each call is another instance over the same data, as another bot instance or a restart.</summary>
    protected abstract (IUpdateInbox Inbox, IOutboundLog Log) CreateStores();

    protected IOutboundLog CreateLog() => CreateStores().Log;

    [Fact]
    public async Task CommitTurnAsync_StoresCallsInOrderAndMarksTheUpdateDone()
    {
        var (inbox, log) = CreateStores();
        await inbox.TryAddAsync(Telegram, 7, "update", None);

        await log.CommitTurnAsync(Telegram, 7, [new("42", "first"), new("-100", "to the group"), new("42", "second")], None);

        Assert.Empty(await inbox.PendingAsync(Telegram, 10, None));
        Assert.False(await inbox.TryAddAsync(Telegram, 7, "delivered again", None));
        Assert.Equal(["first", "second"], (await log.PendingAsync(Telegram, "42", 10, None)).Select(i => i.Payload));
        Assert.Equal(["first", "to the group", "second"], (await log.PendingAsync(Telegram, null, 10, None)).Select(i => i.Payload));
        Assert.All(await log.PendingAsync(Telegram, null, 10, None), i => Assert.Equal((Telegram, 7L, 0), (i.Channel, i.UpdateId, i.Attempts)));
        Assert.Equal(["42", "-100", "42"], (await log.PendingAsync(Telegram, null, 10, None)).Select(i => i.Chat));
    }

    [Fact]
    public async Task CommitTurnAsync_NoCalls_StillMarksTheUpdateDone()
    {
        var (inbox, log) = CreateStores();
        await inbox.TryAddAsync(Telegram, 7, "update", None);

        await log.CommitTurnAsync(Telegram, 7, [], None);

        Assert.Empty(await inbox.PendingAsync(Telegram, 10, None));
        Assert.Empty(await log.PendingAsync(Telegram, null, 10, None));
    }

    [Fact]
    public async Task CommitTurnAsync_UpdateFailedBefore_IsDoneNow()
    {
        var (inbox, log) = CreateStores();
        await inbox.TryAddAsync(Telegram, 7, "update", None);
        await inbox.MarkFailedAsync(Telegram, 7, "timeout", 5, None);

        await log.CommitTurnAsync(Telegram, 7, [new("42", "answer")], None);

        Assert.Empty(await inbox.PendingAsync(Telegram, 10, None));
        Assert.Single(await log.PendingAsync(Telegram, "42", 10, None));
    }

    [Fact]
    public async Task PendingAsync_OnlyThatChannelAndChat_UpToTheLimit()
    {
        var log = CreateLog();
        await log.CommitTurnAsync(Telegram, 1, [new("42", "a"), new("42", "b"), new("43", "c")], None);
        await log.CommitTurnAsync("discord", 1, [new("42", "elsewhere")], None);

        Assert.Equal(["a"], (await log.PendingAsync(Telegram, "42", 1, None)).Select(i => i.Payload));
        Assert.Equal(["a", "b"], (await log.PendingAsync(Telegram, null, 2, None)).Select(i => i.Payload));
        Assert.Equal(["elsewhere"], (await log.PendingAsync("discord", null, 10, None)).Select(i => i.Payload));
        Assert.Empty(await log.PendingAsync(Telegram, "44", 10, None));
        Assert.Empty(await log.PendingAsync(Telegram, null, 0, None));
    }

    [Fact]
    public async Task MarkSentAsync_RemovesTheCall()
    {
        var log = CreateLog();
        await log.CommitTurnAsync(Telegram, 7, [new("42", "first"), new("42", "second")], None);

        var first = (await log.PendingAsync(Telegram, "42", 10, None))[0];
        await log.MarkSentAsync(first.Id, None);
        await log.MarkSentAsync(first.Id, None); // a repeat changes nothing
        await log.MarkSentAsync(first.Id + 1000, None);

        Assert.Equal(["second"], (await log.PendingAsync(Telegram, "42", 10, None)).Select(i => i.Payload));
        Assert.Equal(["second"], (await log.PendingAsync(Telegram, null, 10, None)).Select(i => i.Payload));
    }

    [Fact]
    public async Task PendingAsync_AnotherInstance_ResumesFromTheFirstUnsent()
    {
        var log = CreateLog();
        await log.CommitTurnAsync(Telegram, 7, [new("42", "first"), new("42", "second"), new("42", "third")], None);
        await log.MarkSentAsync((await log.PendingAsync(Telegram, "42", 1, None))[0].Id, None);

        var restarted = CreateLog();

        Assert.Equal(["second", "third"], (await restarted.PendingAsync(Telegram, "42", 10, None)).Select(i => i.Payload));
    }

    [Fact]
    public async Task MarkFailedAsync_CountsAttempts_DropsTheCallAtTheLimit()
    {
        var log = CreateLog();
        await log.CommitTurnAsync(Telegram, 7, [new("42", "first")], None);
        var id = (await log.PendingAsync(Telegram, "42", 10, None))[0].Id;

        Assert.False(await log.MarkFailedAsync(id, maxAttempts: 2, None));
        Assert.Equal(1, Assert.Single(await log.PendingAsync(Telegram, "42", 10, None)).Attempts);
        Assert.True(await log.MarkFailedAsync(id, maxAttempts: 2, None));

        Assert.Empty(await log.PendingAsync(Telegram, "42", 10, None));
        Assert.Empty(await log.PendingAsync(Telegram, null, 10, None));
        Assert.False(await log.MarkFailedAsync(id, maxAttempts: 2, None));
    }

    [Fact]
    public async Task Ids_NeverReused_SoLaterTurnsStayBehindEarlierOnes()
    {
        var log = CreateLog();
        await log.CommitTurnAsync(Telegram, 7, [new("42", "first")], None);
        var first = (await log.PendingAsync(Telegram, "42", 10, None))[0];
        await log.MarkSentAsync(first.Id, None);

        await CreateLog().CommitTurnAsync(Telegram, 8, [new("42", "second")], None);

        Assert.True(Assert.Single(await log.PendingAsync(Telegram, "42", 10, None)).Id > first.Id);
    }
}

public sealed class InMemoryOutboundLogTests : OutboundLogContract
{
    private (IUpdateInbox, IOutboundLog)? _stores;

    // Memory has no second instance: every "instance" is the one pair.
    protected override (IUpdateInbox Inbox, IOutboundLog Log) CreateStores()
    {
        if (_stores is null)
        {
            var inbox = new InMemoryUpdateInbox(Clock);
            _stores = (inbox, new InMemoryOutboundLog(inbox));
        }

        return _stores.Value;
    }
}
