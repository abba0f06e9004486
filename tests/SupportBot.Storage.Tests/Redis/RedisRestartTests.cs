using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Scams;
using SupportBot.Core.Tickets;
using SupportBot.Storage.Redis;

namespace SupportBot.Storage.Tests.Redis;

/// <summary>
/// Redis crashes and comes back on its append-only file: what the stores had acknowledged is there, and the same store
/// objects (one connection, as a running bot has) carry on without being rebuilt. A server of its own, since it is killed.
/// </summary>
public sealed class RedisRestartTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly RedisServer _server = new();
    private readonly FakeTimeProvider _clock = new(TestClock.Epoch);
    private readonly RedisConnection _connection;

    public RedisRestartTests() =>
        // Generous timeouts: a call made while Redis is down waits for the reconnection instead of failing.
        _connection = new RedisConnection(new RedisStoreOptions { Configuration = _server.Configuration + ",asyncTimeout=20000,syncTimeout=20000" });

    public void Dispose()
    {
        _connection.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task ServerKilledAndRestarted_AcknowledgedWritesSurvive_AndTheStoresReconnectAndContinue()
    {
        var conversations = new RedisConversationStore(_connection, _clock);
        var inbox = new RedisUpdateInbox(_connection, _clock);
        var outbound = new RedisOutboundLog(_connection);
        var tickets = new RedisTicketStore(_connection, _clock);
        var lines = new RedisTicketMessages(_connection);
        var events = new RedisConversationEvents(_connection);
        var domains = new RedisAllowedDomainStore(_connection);
        var expires = TestClock.Epoch.AddHours(1);
        var state = new ConversationState { Key = "telegram/42", ScenarioId = "deposit", StepId = "ask-hash", UpdatedAt = TestClock.Epoch };

        Assert.True(await conversations.TrySaveAsync(state, 0, expires, None));
        Assert.True(await inbox.TryAddAsync("telegram", 1, "first", None));
        Assert.True(await inbox.TryAddAsync("telegram", 2, "second", None));
        await outbound.CommitTurnAsync("telegram", 1, [new("42", "answer")], None);
        var ticket = (await tickets.OpenAsync(new("telegram/42", "telegram", "42", new("lost USDT", "tron", "0xabc")), None)).Ticket!;
        Assert.True(await lines.AddAsync(new(ticket.Id, "telegram:update:1", TestClock.Epoch, TicketAuthor.User, "Ann", "where are my tokens?"), None));
        ConversationEvent started = new(TestClock.Epoch, "telegram/42", ConversationEventKind.Started);
        await events.RecordAsync([started], None);
        var domain = new AllowedDomain("docs.example.org", "telegram:1", TestClock.Epoch);
        Assert.True(await domains.AddAsync(domain, None));
        var sentBefore = Assert.Single(await outbound.PendingAsync("telegram", null, 10, None));

        _server.Kill();
        // A call in flight at the crash fails (the channel's inbox retries its turn); once the loss is noticed, a call
        // waits for the connection to come back, and then goes through.
        for (var attempt = 0; attempt < 500 && _connection.IsConnected; attempt++)
            await Task.Delay(20);
        Assert.False(_connection.IsConnected);
        var savedDuringOutage = conversations.TrySaveAsync(state with { StepId = "during-outage" }, 1, expires, None);
        _server.Start();

        Assert.True(await savedDuringOutage);
        var loaded = await conversations.LoadAsync("telegram/42", None);
        Assert.Equal(("during-outage", 2L), (loaded?.StepId, loaded?.Version));
        Assert.Equal([2L], (await inbox.PendingAsync("telegram", 10, None)).Select(i => i.UpdateId));
        Assert.Equal(2L, await inbox.LastUpdateIdAsync("telegram", None));
        Assert.False(await inbox.TryAddAsync("telegram", 1, "delivered again", None));
        Assert.Equal(sentBefore, Assert.Single(await outbound.PendingAsync("telegram", "42", 10, None)));
        Assert.Equal(ticket, await tickets.GetOpenForUserAsync("telegram", "42", None));
        Assert.Equal(TicketOutcome.UserHasOpenTicket, (await tickets.OpenAsync(new("telegram/42", "telegram", "42", new("again", "tron", null)), None)).Outcome);
        Assert.Equal(["where are my tokens?"], (await lines.ListAsync(ticket.Id, None)).Select(l => l.Text));
        Assert.Equal([started], await events.ReadAsync(TestClock.Epoch, expires, None));
        Assert.Equal([domain], await domains.ListAsync(None));

        // The counters survived too: nothing new reuses an id.
        var next = (await tickets.OpenAsync(new("telegram/43", "telegram", "43", new("stuck", "eth", null)), None)).Ticket!;
        Assert.True(next.Id > ticket.Id);
        await outbound.CommitTurnAsync("telegram", 2, [new("42", "second answer")], None);
        Assert.True((await outbound.PendingAsync("telegram", "42", 10, None))[1].Id > sentBefore.Id);
    }
}
