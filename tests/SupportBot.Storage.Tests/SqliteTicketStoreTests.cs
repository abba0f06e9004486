using Microsoft.Data.Sqlite;
using SupportBot.Core.Tickets;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage.Tests;

public sealed class SqliteTicketStoreTests : TicketStoreContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-ticket-tests", Guid.NewGuid().ToString("N"));

    private SqliteStoreOptions Options => new() { Path = Path.Combine(_directory, "supportbot.db") };

    protected override ITicketStore CreateStore() => new SqliteTicketStore(Options, Clock);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Restart_NewInstanceOnTheSameFile_KeepsEveryField_AndTheOpenRule()
    {
        var store = CreateStore();
        var closed = await OpenAsync(store, Request("1"));
        await store.SetPlaceAsync(closed.Id, "thread-1", None);
        await store.ClaimAsync(closed.Id, "staff-1", None);
        Clock.Advance(TimeSpan.FromMinutes(10));
        await store.CloseAsync(closed.Id, "solved by staff", None);
        var rated = (await store.RateAsync(closed.Id, 4, "thanks", None)).Ticket;
        var open = await OpenAsync(store, Request("2", txHash: null));
        SqliteConnection.ClearAllPools();

        var restarted = CreateStore();

        Assert.Equal(rated, await restarted.GetAsync(closed.Id, None));
        Assert.Equal(open, await restarted.GetOpenForUserAsync("telegram", "2", None));
        Assert.Equal(rated, await restarted.GetByPlaceAsync("telegram", "thread-1", None));
        Assert.Equal(TicketOutcome.UserHasOpenTicket, (await restarted.OpenAsync(Request("2"), None)).Outcome);
        var next = await OpenAsync(restarted, Request("3"));
        Assert.True(next.Id > open.Id);
    }

    [Fact]
    public async Task Restart_TheLaterFields_LanguageContextActivityAnswerWarning_ReadBack()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request() with { Language = "ru", Context = "missing-tokens/add-token: said not solved" });
        Clock.Advance(TimeSpan.FromMinutes(7));
        await store.TouchAsync(ticket.Id, staffAnswer: true, None);
        Clock.Advance(TimeSpan.FromHours(48));
        var warned = (await store.MarkWarnedAsync(ticket.Id, None)).Ticket!;
        SqliteConnection.ClearAllPools();

        var restarted = await CreateStore().GetAsync(ticket.Id, None);

        Assert.Equal(warned, restarted);
        Assert.Equal(
            ("ru", "missing-tokens/add-token: said not solved", TestClock.Epoch.AddMinutes(7), TestClock.Epoch.AddMinutes(7),
                TestClock.Epoch.AddMinutes(7).AddHours(48)),
            (restarted!.Language, restarted.Context, restarted.LastActivityAt, restarted.FirstAnsweredAt, restarted.WarnedAt));
    }

    /// <summary>The table as the first release created it (commit 626561d), before language, context and the activity times.</summary>
    private const string FirstReleaseSchema = """
        CREATE TABLE IF NOT EXISTS tickets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation TEXT NOT NULL,
            channel TEXT NOT NULL,
            user_id TEXT NOT NULL,
            state TEXT NOT NULL,
            what_happened TEXT NOT NULL,
            network TEXT NOT NULL,
            tx_hash TEXT,
            place TEXT,
            opened_at INTEGER NOT NULL, -- unix milliseconds, as every time below
            claimed_at INTEGER,
            claimed_by TEXT,
            closed_at INTEGER,
            close_reason TEXT,
            rating INTEGER,
            rating_comment TEXT
        );
        CREATE UNIQUE INDEX IF NOT EXISTS tickets_one_open_per_user ON tickets (channel, user_id) WHERE state <> 'Closed';
        CREATE INDEX IF NOT EXISTS tickets_place ON tickets (channel, place);
        CREATE INDEX IF NOT EXISTS tickets_opened_at ON tickets (opened_at);
        """;

    [Fact]
    public async Task FileOfTheFirstRelease_ItsRowsReadWithDefaults_NewTicketsWork()
    {
        var openedBefore = TestClock.Epoch.AddDays(-1);
        Directory.CreateDirectory(_directory);
        using (var connection = new SqliteConnection($"Data Source={Options.Path};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = FirstReleaseSchema
                + "INSERT INTO tickets (conversation, channel, user_id, state, what_happened, network, tx_hash, place, opened_at, claimed_at, claimed_by) "
                + $"VALUES ('telegram/7', 'telegram', '7', 'Claimed', 'lost USDT', 'tron', '0xabc', 'topic-3', {openedBefore.ToUnixTimeMilliseconds()}, "
                + $"{openedBefore.AddMinutes(5).ToUnixTimeMilliseconds()}, 'staff-1');";
            create.ExecuteNonQuery();
        }

        // Several instances at once, as a bot and a stats run starting together: each adds the columns or finds them added.
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var reads = await Task.WhenAll(stores.Select(store => Task.Run(() => store.GetAsync(1, None))));

        var expected = new Ticket(1, "telegram/7", "telegram", "7", TicketState.Claimed, new TicketForm("lost USDT", "tron", "0xabc"), "topic-3", openedBefore,
            ClaimedAt: openedBefore.AddMinutes(5), ClaimedBy: "staff-1");
        Assert.All(reads, read => Assert.Equal(expected, read));
        Assert.Equal(("en", openedBefore), (reads[0]!.Language, reads[0]!.QuietSince));

        var store = stores[0];
        Assert.Equal((TicketOutcome.UserHasOpenTicket, 1L), await OpenOutcomeAsync(store, Request("7")));
        Assert.Equal((TicketOutcome.Done, 2L), await OpenOutcomeAsync(store, Request("8") with { Language = "ru", Context = "context" }));
        var touched = await store.TouchAsync(1, staffAnswer: true, None);
        Assert.Equal(expected with { LastActivityAt = TestClock.Epoch, FirstAnsweredAt = TestClock.Epoch }, touched.Ticket);
        Assert.Equal(touched.Ticket, await store.GetAsync(1, None));
        Assert.Equal([1L, 2L], (await store.ListActiveAsync(None)).Select(t => t.Id));
        Assert.Equal(("ru", "context"), ((await store.GetAsync(2, None))!.Language, (await store.GetAsync(2, None))!.Context));
    }

    private static async Task<(TicketOutcome, long)> OpenOutcomeAsync(ITicketStore store, TicketRequest request)
    {
        var result = await store.OpenAsync(request, None);
        return (result.Outcome, result.Ticket!.Id);
    }

    [Fact]
    public async Task Open_ConcurrentlyFromTwoInstancesForOneUser_ExactlyOneOpened()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => CreateStore()).ToArray();
        await stores[0].GetAsync(0, None); // the schema first, so the race is over the ticket, not the table

        var results = await Task.WhenAll(stores.Select(store => Task.Run(() => store.OpenAsync(Request(), None))));

        var opened = Assert.Single(results, r => r.Outcome == TicketOutcome.Done);
        Assert.All(results.Where(r => r != opened), r => Assert.Equal((TicketOutcome.UserHasOpenTicket, opened.Ticket!.Id), (r.Outcome, r.Ticket!.Id)));
        Assert.Single(await stores[0].ListOpenedAsync(TestClock.Epoch, TestClock.Epoch.AddDays(1), None));
    }

    [Fact]
    public async Task Index_RefusesASecondOpenRowEvenWrittenBehindTheStoresBack()
    {
        var store = CreateStore();
        await OpenAsync(store, Request());
        using var connection = new SqliteConnection($"Data Source={Options.Path}");
        connection.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO tickets (conversation, channel, user_id, state, what_happened, network, opened_at) "
            + "VALUES ('telegram/42', 'telegram', '42', 'Claimed', 'x', 'tron', 0);";

        var error = Assert.Throws<SqliteException>(() => insert.ExecuteNonQuery());

        Assert.Equal(2067, error.SqliteExtendedErrorCode);
    }
}
