using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Tickets;
using SupportBot.Storage.Redis;

namespace SupportBot.Storage.Tests.Redis;

/// <summary>What only the Redis stores have: keys under the prefix, Redis's own TTL, rows written behind their back.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStoreTests(RedisServer server) : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly RedisTestData _data = new(server);
    private readonly FakeTimeProvider _clock = new(TestClock.Epoch);
    private readonly ConnectionMultiplexer _raw = ConnectionMultiplexer.Connect(server.Configuration);

    private IDatabase Raw => _raw.GetDatabase();

    public void Dispose()
    {
        _raw.Dispose();
        _data.Dispose();
    }

    private static ConversationState State(string key = "telegram/42") =>
        new() { Key = key, ScenarioId = "deposit", StepId = "start", UpdatedAt = TestClock.Epoch };

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("""{"key":"telegram/42","someOldField":1}""")]
    public async Task LoadAsync_CorruptedState_ReturnsNullAndDeletesIt(string json)
    {
        var store = new RedisConversationStore(_data.Connect(), _clock);
        await store.TrySaveAsync(State(), 0, TestClock.Epoch.AddHours(1), None);
        await Raw.HashSetAsync(_data.Prefix + "conversation:telegram/42", "state", json);

        Assert.Null(await store.LoadAsync("telegram/42", None));

        Assert.False(await Raw.KeyExistsAsync(_data.Prefix + "conversation:telegram/42"));
        Assert.True(await store.TrySaveAsync(State(), 0, TestClock.Epoch.AddHours(1), None));
    }

    [Fact]
    public async Task TrySaveAsync_RedisKeepsTheStateALittleLongerThanTheBotsExpiry_OnlyToCollectIt()
    {
        var store = new RedisConversationStore(_data.Connect(), _clock);

        await store.TrySaveAsync(State(), 0, TestClock.Epoch.AddMinutes(10), None);

        var ttl = await Raw.KeyTimeToLiveAsync(_data.Prefix + "conversation:telegram/42");
        var expected = TimeSpan.FromMinutes(10) + RedisConversationStore.CollectAfter;
        Assert.InRange(ttl!.Value, expected - TimeSpan.FromMinutes(1), expected);
        // The bot's clock decides: past its expiry the state is gone while Redis still holds the key.
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await store.LoadAsync("telegram/42", None));
        Assert.True(await Raw.KeyExistsAsync(_data.Prefix + "conversation:telegram/42"));
    }

    [Fact]
    public async Task EveryStore_WritesOnlyUnderItsPrefix_AndTwoPrefixesDoNotSeeEachOther()
    {
        var mine = _data.Connect();
        var other = _data.Connect(_data.Prefix + "other:");
        await new RedisConversationStore(mine, _clock).TrySaveAsync(State(), 0, TestClock.Epoch.AddHours(1), None);
        await new RedisUpdateInbox(mine, _clock).TryAddAsync("telegram", 1, "update", None);
        await new RedisOutboundLog(mine).CommitTurnAsync("telegram", 1, [new("42", "answer")], None);
        await new RedisConversationEvents(mine).RecordAsync([new(TestClock.Epoch, "telegram/42", ConversationEventKind.Started)], None);
        var ticket = (await new RedisTicketStore(mine, _clock).OpenAsync(new("telegram/42", "telegram", "42", new("lost", "tron", null)), None)).Ticket!;
        await new RedisTicketStore(mine, _clock).CloseAsync(ticket.Id, "solved", None);
        await new RedisTicketMessages(mine).AddAsync(new(ticket.Id, "telegram:update:1", TestClock.Epoch, TicketAuthor.User, "Ann", "hi"), None);
        await new RedisAllowedDomainStore(mine).AddAsync(new("docs.example.org", "telegram:1", TestClock.Epoch), None);

        // Every test of this collection writes under "test:"; nothing may land anywhere else.
        var keys = server.Keys();
        Assert.All(keys, key => Assert.StartsWith("test:", key, StringComparison.Ordinal));
        Assert.Contains(keys, key => key.StartsWith(_data.Prefix + "ticket:", StringComparison.Ordinal));
        Assert.Null(await new RedisConversationStore(other, _clock).LoadAsync("telegram/42", None));
        Assert.True(await new RedisUpdateInbox(other, _clock).TryAddAsync("telegram", 1, "update", None));
        Assert.Empty(await new RedisOutboundLog(other).PendingAsync("telegram", null, 10, None));
        Assert.Null(await new RedisTicketStore(other, _clock).GetAsync(ticket.Id, None));
        Assert.Empty(await new RedisAllowedDomainStore(other).ListAsync(None));
    }

    [Fact]
    public async Task MarkFailedAsync_KeepsTheLastReason()
    {
        var inbox = new RedisUpdateInbox(_data.Connect(), _clock);
        await inbox.TryAddAsync("telegram", 1, "one", None);

        await inbox.MarkFailedAsync("telegram", 1, "timeout", 2, None);
        Assert.Equal("timeout", await inbox.ReasonAsync("telegram", 1));
        await inbox.MarkFailedAsync("telegram", 1, "timeout again", 2, None);

        Assert.Equal("timeout again", await inbox.ReasonAsync("telegram", 1));
    }

    [Fact]
    public async Task CommitTurnAsync_NullPayload_RefusedBeforeAnythingIsWritten()
    {
        var connection = _data.Connect();
        var (inbox, log) = (new RedisUpdateInbox(connection, _clock), new RedisOutboundLog(connection));
        await inbox.TryAddAsync("telegram", 7, "update", None);

        await Assert.ThrowsAsync<ArgumentNullException>(() => log.CommitTurnAsync("telegram", 7, [new("42", "first"), new("42", null!)], None));

        Assert.Single(await inbox.PendingAsync("telegram", 10, None));
        Assert.Empty(await log.PendingAsync("telegram", null, 10, None));
    }

    [Fact]
    public async Task Calls_CancelledToken_Throw()
    {
        var connection = _data.Connect();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var token = cancelled.Token;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RedisConversationStore(connection, _clock).LoadAsync("telegram/42", token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RedisUpdateInbox(connection, _clock).TryAddAsync("telegram", 1, "x", token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RedisOutboundLog(connection).PendingAsync("telegram", null, 10, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RedisTicketStore(connection, _clock).GetAsync(1, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RedisConversationEvents(connection).PurgeAsync(TestClock.Epoch, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RedisTicketMessages(connection).ListAsync(1, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RedisAllowedDomainStore(connection).ListAsync(token));
    }

    [Fact]
    public async Task ScrubClosedBefore_ClearsTheWordsOnce_AndATicketReopenedMeanwhileIsLeftAlone()
    {
        var store = new RedisTicketStore(_data.Connect(), _clock);
        var scrubbed = (await store.OpenAsync(new("telegram/1", "telegram", "1", new("lost USDT", "tron", "0xabc")), None)).Ticket!;
        var reopened = (await store.OpenAsync(new("telegram/2", "telegram", "2", new("stuck", "eth", null)), None)).Ticket!;
        await store.CloseAsync(scrubbed.Id, "solved", None);
        await store.CloseAsync(reopened.Id, "solved", None);
        await store.ReopenAsync(reopened.Id, None);
        _clock.Advance(TimeSpan.FromDays(31));

        Assert.Equal(1, await store.ScrubClosedBeforeAsync(_clock.GetUtcNow().AddDays(-30), None));

        Assert.Equal(("", null, ""), ((await store.GetAsync(scrubbed.Id, None))!.Form.WhatHappened, (await store.GetAsync(scrubbed.Id, None))!.Form.TxHash,
            (await store.GetAsync(scrubbed.Id, None))!.CloseReason));
        Assert.Equal("stuck", (await store.GetAsync(reopened.Id, None))!.Form.WhatHappened);
        Assert.Equal(0, await store.ScrubClosedBeforeAsync(_clock.GetUtcNow(), None));
    }

    [Fact]
    public async Task OpenAndReopen_AnIndexEntryNamingAClosedTicket_IsStale_NotABlock()
    {
        var store = new RedisTicketStore(_data.Connect(), _clock);
        var request = new TicketRequest("telegram/42", "telegram", "42", new("lost", "tron", null));
        var first = (await store.OpenAsync(request, None)).Ticket!;
        await store.CloseAsync(first.Id, "solved", None);
        // Left behind by hand (or by a store older than this one): the user's "open" ticket is a closed one.
        await Raw.HashSetAsync(_data.Prefix + "tickets:open-by-user", "telegram\n42", first.Id);

        Assert.Null(await store.GetOpenForUserAsync("telegram", "42", None));
        Assert.Equal(TicketOutcome.Done, (await store.ReopenAsync(first.Id, None)).Outcome);
        await store.CloseAsync(first.Id, "solved again", None);
        await Raw.HashSetAsync(_data.Prefix + "tickets:open-by-user", "telegram\n42", first.Id);
        var second = await store.OpenAsync(request, None);

        Assert.Equal(TicketOutcome.Done, second.Outcome);
        Assert.Equal(second.Ticket, await store.GetOpenForUserAsync("telegram", "42", None));
    }

    [Fact]
    public void Connection_BadConfigurationString_Refused() =>
        Assert.ThrowsAny<ArgumentException>(() => new RedisConnection(new RedisStoreOptions { Configuration = "127.0.0.1:6379,notAnOption=1" }));
}
