using SupportBot.Core.Channels;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Scams;
using SupportBot.Core.Tickets;
using SupportBot.Storage.Redis;

namespace SupportBot.Storage.Tests.Redis;

// The contracts on a real redis-server. Each CreateX is a new connection, as another bot instance has; every test
// keeps to a key prefix of its own on the shared server.

[Collection(RedisCollection.Name)]
public sealed class RedisConversationStoreTests(RedisServer server) : ConversationStoreContract, IDisposable
{
    private readonly RedisTestData _data = new(server);

    protected override IConversationStore CreateStore() => new RedisConversationStore(_data.Connect(), Clock);

    public void Dispose() => _data.Dispose();
}

[Collection(RedisCollection.Name)]
public sealed class RedisUpdateInboxTests(RedisServer server) : UpdateInboxContract, IDisposable
{
    private readonly RedisTestData _data = new(server);

    protected override IUpdateInbox CreateInbox() => new RedisUpdateInbox(_data.Connect(), Clock);

    public void Dispose() => _data.Dispose();
}

[Collection(RedisCollection.Name)]
public sealed class RedisOutboundLogTests(RedisServer server) : OutboundLogContract, IDisposable
{
    private readonly RedisTestData _data = new(server);

    protected override (IUpdateInbox Inbox, IOutboundLog Log) CreateStores()
    {
        var connection = _data.Connect();
        return (new RedisUpdateInbox(connection, Clock), new RedisOutboundLog(connection));
    }

    public void Dispose() => _data.Dispose();
}

[Collection(RedisCollection.Name)]
public sealed class RedisConversationEventsTests(RedisServer server) : ConversationEventsContract, IDisposable
{
    private readonly RedisTestData _data = new(server);

    protected override IConversationEvents CreateEvents() => new RedisConversationEvents(_data.Connect());

    public void Dispose() => _data.Dispose();
}

[Collection(RedisCollection.Name)]
public sealed class RedisTicketStoreTests(RedisServer server) : TicketStoreContract, IDisposable
{
    private readonly RedisTestData _data = new(server);

    protected override ITicketStore CreateStore() => new RedisTicketStore(_data.Connect(), Clock);

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Open_ConcurrentlyFromEightInstancesForOneUser_ExactlyOneOpened()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => CreateStore()).ToArray();

        var results = await Task.WhenAll(stores.Select(store => Task.Run(() => store.OpenAsync(Request(), None))));

        var opened = Assert.Single(results, r => r.Outcome == TicketOutcome.Done);
        Assert.All(results.Where(r => r != opened), r => Assert.Equal((TicketOutcome.UserHasOpenTicket, opened.Ticket!.Id), (r.Outcome, r.Ticket!.Id)));
        Assert.Single(await stores[0].ListOpenedAsync(TestClock.Epoch, TestClock.Epoch.AddDays(1), None));
        Assert.Equal([opened.Ticket!.Id], (await stores[0].ListActiveAsync(None)).Select(t => t.Id));
    }

    [Fact]
    public async Task Reopen_ConcurrentlyWithANewOpenForTheSameUser_NeverTwoOpen()
    {
        var first = CreateStore();
        var closed = await OpenAsync(first, Request());
        await first.CloseAsync(closed.Id, "solved", None);
        var others = Enumerable.Range(0, 6).Select(_ => CreateStore()).ToArray();

        await Task.WhenAll(others.Select((store, i) => Task.Run(() => i % 2 == 0 ? store.ReopenAsync(closed.Id, None) : store.OpenAsync(Request(), None))));

        Assert.Single(await first.ListActiveAsync(None));
        Assert.NotNull(await first.GetOpenForUserAsync("telegram", "42", None));
    }

    [Fact]
    public async Task Claim_ConcurrentlyByTwoStaffOnTwoInstances_OneWins()
    {
        var ticket = await OpenAsync(CreateStore(), Request());
        var (a, b) = (CreateStore(), CreateStore());

        var results = await Task.WhenAll(Task.Run(() => a.ClaimAsync(ticket.Id, "staff-a", None)), Task.Run(() => b.ClaimAsync(ticket.Id, "staff-b", None)));

        var won = Assert.Single(results, r => r.Outcome == TicketOutcome.Done);
        Assert.Equal(TicketOutcome.ClaimedByAnother, Assert.Single(results, r => r != won).Outcome);
        Assert.Equal(won.Ticket!.ClaimedBy, (await a.GetAsync(ticket.Id, None))!.ClaimedBy);
    }
}

[Collection(RedisCollection.Name)]
public sealed class RedisTicketMessagesTests(RedisServer server) : TicketMessagesContract, IDisposable
{
    private readonly RedisTestData _data = new(server);

    protected override ITicketMessages CreateStore() => new RedisTicketMessages(_data.Connect());

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Purge_ForgetsTheSource_SoItCanBeAddedAgain()
    {
        var lines = CreateStore();
        await lines.AddAsync(Line(1, "telegram:update:1", "old"), None);
        Clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(1, await lines.PurgeAsync(Clock.GetUtcNow(), None));

        Assert.True(await lines.AddAsync(Line(1, "telegram:update:1", "again"), None));
    }
}

[Collection(RedisCollection.Name)]
public sealed class RedisAllowedDomainStoreTests(RedisServer server) : AllowedDomainStoreContract, IDisposable
{
    private readonly RedisTestData _data = new(server);

    protected override IAllowedDomainStore CreateStore() => new RedisAllowedDomainStore(_data.Connect());

    public void Dispose() => _data.Dispose();
}
