using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Tickets;
using SupportBot.Host.Composition;

namespace SupportBot.Host.Tests;

/// <summary>The store stays bounded: expired conversations, handled updates and old figures go, on every round.</summary>
public sealed class StorePurgeServiceTests
{
    private readonly FakeTimeProvider time = new(TestClock.Epoch);
    private readonly InMemoryConversationStore store;
    private readonly InMemoryUpdateInbox inbox;
    private readonly InMemoryConversationEvents events = new();
    private readonly InMemoryTicketMessages ticketLines = new();
    private readonly InMemoryTicketStore tickets;
    private readonly TicketOptions ticketOptions = new() { Retention = TimeSpan.FromDays(30) };
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
        tickets = new InMemoryTicketStore(time);
    }

    private StorePurgeService Service(IUpdateInbox withInbox) =>
        new(store, withInbox, events, tickets, ticketLines, Options.Create(options), Options.Create(ticketOptions), time, NullLogger<StorePurgeService>.Instance);

    [Fact]
    public async Task Running_PurgesEachTablePastItsRetention_AgainOnEveryInterval()
    {
        var start = time.GetUtcNow();
        var ticket = (await tickets.OpenAsync(new TicketRequest("telegram/7", "telegram", "7", new TicketForm("my USDT went to BEP2 memo", "bsc", "0xabc"),
            Context: "exchange-withdrawal/memo"), CancellationToken.None)).Ticket!;
        await ticketLines.AddAsync(new TicketMessage(ticket.Id, "telegram:update:1", start, TicketAuthor.User, "Ann", "it has been a week"), CancellationToken.None);
        await tickets.CloseAsync(ticket.Id, "sent to Binance support", CancellationToken.None);
        await events.RecordAsync([new ConversationEvent(start, "console/ann", ConversationEventKind.Started)], CancellationToken.None);
        foreach (var id in new long[] { 1, 2 })
        {
            await inbox.TryAddAsync("telegram", id, "{}", CancellationToken.None);
            await inbox.MarkDoneAsync("telegram", id, CancellationToken.None);
        }

        time.Advance(TimeSpan.FromDays(8));
        using var service = Service(inbox);
        await service.StartAsync(CancellationToken.None);

        // Eight days on: the older handled update is gone (the newest stays for polling), the events are within 90 days.
        await WaitUntilAsync(async () => (await inbox.LastUpdateIdAsync("telegram", CancellationToken.None)) == 2
            && !await inbox.TryAddAsync("telegram", 2, "{}", CancellationToken.None)
            && await inbox.TryAddAsync("telegram", 1, "{}", CancellationToken.None));
        Assert.Single(await events.ReadAsync(start, time.GetUtcNow(), CancellationToken.None));
        Assert.Single(await ticketLines.ListAsync(ticket.Id, CancellationToken.None));
        Assert.Equal("my USDT went to BEP2 memo", (await tickets.GetAsync(ticket.Id, CancellationToken.None))!.Form.WhatHappened);

        // 91 days on, at the next tick: the events are past retention, and so are the ticket's words (its times stay for the figures).
        time.Advance(TimeSpan.FromDays(83));
        await WaitUntilAsync(async () => (await events.ReadAsync(start, time.GetUtcNow(), CancellationToken.None)).Count == 0
            && (await ticketLines.ListAsync(ticket.Id, CancellationToken.None)).Count == 0
            && (await tickets.GetAsync(ticket.Id, CancellationToken.None))!.Form.WhatHappened.Length == 0);
        var scrubbed = (await tickets.GetAsync(ticket.Id, CancellationToken.None))!;
        Assert.Null(scrubbed.Context);
        Assert.Null(scrubbed.Form.TxHash);
        Assert.Equal("", scrubbed.CloseReason);
        Assert.Equal(TicketState.Closed, scrubbed.State);
        Assert.Equal(start, scrubbed.OpenedAt);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task OneTableFailing_TheOthersArePurgedAnyway()
    {
        await events.RecordAsync([new ConversationEvent(time.GetUtcNow(), "console/ann", ConversationEventKind.Started)], CancellationToken.None);
        time.Advance(TimeSpan.FromDays(100));
        using var service = Service(new FailingInbox());

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
