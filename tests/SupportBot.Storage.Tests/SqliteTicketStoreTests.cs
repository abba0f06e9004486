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
