using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Tickets;

namespace SupportBot.Storage.Tests;

/// <summary>The rules every <see cref="ITicketStore"/> keeps; each store's test class runs them over its own store.</summary>
public abstract class TicketStoreContract
{
    protected static readonly CancellationToken None = CancellationToken.None;

    protected FakeTimeProvider Clock { get; } = new(TestClock.Epoch);

    protected abstract ITicketStore CreateStore();

    protected static TicketRequest Request(string userId = "42", string channel = "telegram", string? txHash = "0xabc") =>
        new($"{channel}/{userId}", channel, userId, new TicketForm("Sent USDT, it never arrived", "tron", txHash));

    protected static async Task<Ticket> OpenAsync(ITicketStore store, TicketRequest request) =>
        (await store.OpenAsync(request, None)).Ticket ?? throw new InvalidOperationException("not opened");

    [Fact]
    public async Task Open_TheFormAndTheClocksTime_ReadBackById()
    {
        var store = CreateStore();

        var result = await store.OpenAsync(Request(), None);

        Assert.Equal(TicketOutcome.Done, result.Outcome);
        var ticket = await store.GetAsync(result.Ticket!.Id, None);
        Assert.Equal(result.Ticket, ticket);
        Assert.Equal(new Ticket(result.Ticket.Id, "telegram/42", "telegram", "42", TicketState.Open, Request().Form, null, TestClock.Epoch), ticket);
    }

    [Fact]
    public async Task Open_SecondForTheSameUser_RefusedWithTheFirst()
    {
        var store = CreateStore();
        var first = await OpenAsync(store, Request());
        await store.ClaimAsync(first.Id, "staff-1", None);

        var second = await store.OpenAsync(Request(txHash: null), None);

        Assert.Equal(TicketOutcome.UserHasOpenTicket, second.Outcome);
        Assert.Equal(first.Id, second.Ticket!.Id);
        Assert.Equal([first.Id], (await store.ListOpenedAsync(TestClock.Epoch, TestClock.Epoch.AddDays(1), None)).Select(t => t.Id));
    }

    [Fact]
    public async Task Open_SameUserIdOnAnotherChannel_IsAnotherUser()
    {
        var store = CreateStore();
        var telegram = await OpenAsync(store, Request("42", "telegram"));

        var discord = await store.OpenAsync(Request("42", "discord"), None);

        Assert.Equal(TicketOutcome.Done, discord.Outcome);
        Assert.NotEqual(telegram.Id, discord.Ticket!.Id);
    }

    [Fact]
    public async Task Open_AfterTheFirstClosed_Allowed()
    {
        var store = CreateStore();
        var first = await OpenAsync(store, Request());
        await store.CloseAsync(first.Id, "solved", None);

        var second = await store.OpenAsync(Request(), None);

        Assert.Equal(TicketOutcome.Done, second.Outcome);
        Assert.Equal(second.Ticket, await store.GetOpenForUserAsync("telegram", "42", None));
    }

    [Fact]
    public async Task GetOpenForUser_NoneOrOnlyClosed_Null()
    {
        var store = CreateStore();
        Assert.Null(await store.GetOpenForUserAsync("telegram", "42", None));
        var ticket = await OpenAsync(store, Request());
        await store.CloseAsync(ticket.Id, "solved", None);

        Assert.Null(await store.GetOpenForUserAsync("telegram", "42", None));
    }

    [Fact]
    public async Task SetPlace_ThenFoundByTheChannelsPlace_OnlyOnThatChannel()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());

        Assert.Equal(TicketOutcome.Done, (await store.SetPlaceAsync(ticket.Id, "topic-77", None)).Outcome);

        Assert.Equal(ticket with { Place = "topic-77" }, await store.GetByPlaceAsync("telegram", "topic-77", None));
        Assert.Null(await store.GetByPlaceAsync("discord", "topic-77", None));
        Assert.Null(await store.GetByPlaceAsync("telegram", "topic-78", None));
    }

    [Fact]
    public async Task Claim_Open_ClaimedByThatStaffAtTheClocksTime()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());
        Clock.Advance(TimeSpan.FromMinutes(3));

        var claimed = await store.ClaimAsync(ticket.Id, "staff-1", None);

        Assert.Equal(TicketOutcome.Done, claimed.Outcome);
        Assert.Equal(ticket with { State = TicketState.Claimed, ClaimedBy = "staff-1", ClaimedAt = TestClock.Epoch.AddMinutes(3) },
            await store.GetAsync(ticket.Id, None));
    }

    [Fact]
    public async Task Claim_AgainBySameStaff_Done_ByAnother_RefusedAndUnchanged()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());
        var claimed = (await store.ClaimAsync(ticket.Id, "staff-1", None)).Ticket;
        Clock.Advance(TimeSpan.FromMinutes(1));

        var repeat = await store.ClaimAsync(ticket.Id, "staff-1", None);
        var other = await store.ClaimAsync(ticket.Id, "staff-2", None);

        Assert.Equal((TicketOutcome.Done, claimed), (repeat.Outcome, repeat.Ticket));
        Assert.Equal((TicketOutcome.ClaimedByAnother, "staff-1"), (other.Outcome, other.Ticket!.ClaimedBy));
        Assert.Equal(claimed, await store.GetAsync(ticket.Id, None));
    }

    [Fact]
    public async Task Close_OpenOrClaimed_ClosedWithReason_ClosingAgainRefused()
    {
        var store = CreateStore();
        var open = await OpenAsync(store, Request("1"));
        var claimed = await OpenAsync(store, Request("2"));
        await store.ClaimAsync(claimed.Id, "staff-1", None);
        Clock.Advance(TimeSpan.FromHours(1));

        var closedOpen = await store.CloseAsync(open.Id, "user left", None);
        var closedClaimed = await store.CloseAsync(claimed.Id, "solved by staff", None);

        Assert.Equal((TicketState.Closed, "user left", TestClock.Epoch.AddHours(1)),
            (closedOpen.Ticket!.State, closedOpen.Ticket.CloseReason, closedOpen.Ticket.ClosedAt));
        Assert.Equal((TicketState.Closed, "staff-1"), (closedClaimed.Ticket!.State, closedClaimed.Ticket.ClaimedBy));
        Assert.Equal(TicketOutcome.WrongState, (await store.CloseAsync(open.Id, "again", None)).Outcome);
        Assert.Equal("user left", (await store.GetAsync(open.Id, None))!.CloseReason);
    }

    [Fact]
    public async Task Claim_Closed_Refused()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());
        await store.CloseAsync(ticket.Id, "solved", None);

        Assert.Equal(TicketOutcome.WrongState, (await store.ClaimAsync(ticket.Id, "staff-1", None)).Outcome);
        Assert.Null((await store.GetAsync(ticket.Id, None))!.ClaimedBy);
    }

    [Fact]
    public async Task Reopen_Closed_OpenAgainWithoutThePreviousRound_PlaceAndOpeningKept()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());
        await store.SetPlaceAsync(ticket.Id, "thread-5", None);
        await store.ClaimAsync(ticket.Id, "staff-1", None);
        await store.CloseAsync(ticket.Id, "solved", None);
        await store.RateAsync(ticket.Id, 2, "slow", None);

        var reopened = await store.ReopenAsync(ticket.Id, None);

        Assert.Equal(TicketOutcome.Done, reopened.Outcome);
        Assert.Equal(ticket with { Place = "thread-5" }, await store.GetAsync(ticket.Id, None));
        Assert.Equal(ticket.Id, (await store.GetOpenForUserAsync("telegram", "42", None))!.Id);
    }

    [Fact]
    public async Task Reopen_NotClosed_Refused()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());

        Assert.Equal(TicketOutcome.WrongState, (await store.ReopenAsync(ticket.Id, None)).Outcome);
    }

    [Fact]
    public async Task Reopen_UserOpenedANewOneMeanwhile_RefusedWithTheNewOne()
    {
        var store = CreateStore();
        var old = await OpenAsync(store, Request());
        await store.CloseAsync(old.Id, "solved", None);
        var current = await OpenAsync(store, Request());

        var reopened = await store.ReopenAsync(old.Id, None);

        Assert.Equal((TicketOutcome.UserHasOpenTicket, current.Id), (reopened.Outcome, reopened.Ticket!.Id));
        Assert.Equal(TicketState.Closed, (await store.GetAsync(old.Id, None))!.State);
    }

    [Fact]
    public async Task Rate_Closed_OneToFive_ReplacesAnEarlierRating()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());
        await store.CloseAsync(ticket.Id, "solved", None);

        await store.RateAsync(ticket.Id, 1, "first thought", None);
        var rated = await store.RateAsync(ticket.Id, 5, "quick and kind", None);

        Assert.Equal(TicketOutcome.Done, rated.Outcome);
        var stored = await store.GetAsync(ticket.Id, None);
        Assert.Equal((5, "quick and kind"), (stored!.Rating, stored.RatingComment));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public async Task Rate_OutOfRange_Refused(int rating)
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());
        await store.CloseAsync(ticket.Id, "solved", None);

        Assert.Equal(TicketOutcome.RatingOutOfRange, (await store.RateAsync(ticket.Id, rating, null, None)).Outcome);
        Assert.Null((await store.GetAsync(ticket.Id, None))!.Rating);
    }

    [Fact]
    public async Task Rate_NotClosed_Refused()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());

        Assert.Equal(TicketOutcome.WrongState, (await store.RateAsync(ticket.Id, 5, null, None)).Outcome);
        Assert.Null((await store.GetAsync(ticket.Id, None))!.Rating);
    }

    [Fact]
    public async Task UnknownId_NotFound_ForEveryChange()
    {
        var store = CreateStore();

        Assert.Null(await store.GetAsync(404, None));
        Assert.All(
            [
                await store.ClaimAsync(404, "staff", None), await store.CloseAsync(404, "x", None), await store.ReopenAsync(404, None),
                await store.RateAsync(404, 5, null, None), await store.SetPlaceAsync(404, "p", None),
            ],
            r => Assert.Equal(TicketResult.NotFound, r));
    }

    [Fact]
    public async Task ListOpened_ThePeriod_FromIncludedToExcluded_InOpeningOrder()
    {
        var store = CreateStore();
        await OpenAsync(store, Request("before"));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var from = Clock.GetUtcNow();
        await OpenAsync(store, Request("first"));
        Clock.Advance(TimeSpan.FromMinutes(30));
        await OpenAsync(store, Request("second"));
        Clock.Advance(TimeSpan.FromMinutes(30));
        await OpenAsync(store, Request("after"));

        var listed = await store.ListOpenedAsync(from, from.AddHours(1), None);

        Assert.Equal(["first", "second"], listed.Select(t => t.UserId));
    }
}
