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
        Assert.Equal(new Ticket(result.Ticket.Id, "telegram/42", "telegram", "42", TicketState.Open, Request().Form, null, TestClock.Epoch,
            LastActivityAt: TestClock.Epoch), ticket);
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
    public async Task Open_LanguageContextAndActivity_ReadBack_NoAnswerNoWarning()
    {
        var store = CreateStore();

        var opened = await OpenAsync(store, Request() with { Language = "ru", Context = "exchange-withdrawal/bsc: said not solved" });

        var stored = await store.GetAsync(opened.Id, None);
        Assert.Equal(opened, stored);
        Assert.Equal(("ru", "exchange-withdrawal/bsc: said not solved", (DateTimeOffset?)TestClock.Epoch),
            (stored!.Language, stored.Context, stored.LastActivityAt));
        Assert.Equal(((DateTimeOffset?)null, (DateTimeOffset?)null), (stored.FirstAnsweredAt, stored.WarnedAt));
    }

    [Fact]
    public async Task Touch_ByTheUser_ActivityNow_WarningVoid_NotAnAnswer()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());
        Clock.Advance(TimeSpan.FromHours(48));
        await store.MarkWarnedAsync(ticket.Id, None);
        Clock.Advance(TimeSpan.FromHours(1));

        var touched = await store.TouchAsync(ticket.Id, staffAnswer: false, None);

        Assert.Equal(TicketOutcome.Done, touched.Outcome);
        Assert.Equal(ticket with { LastActivityAt = TestClock.Epoch.AddHours(49) }, await store.GetAsync(ticket.Id, None));
    }

    [Fact]
    public async Task Touch_StaffAnswers_TheFirstIsRemembered_AlsoAcrossReopening()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());
        Clock.Advance(TimeSpan.FromMinutes(12));
        await store.TouchAsync(ticket.Id, staffAnswer: true, None);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await store.TouchAsync(ticket.Id, staffAnswer: true, None);
        await store.CloseAsync(ticket.Id, "solved", None);
        Clock.Advance(TimeSpan.FromDays(1));
        await store.ReopenAsync(ticket.Id, None);

        var answered = await store.TouchAsync(ticket.Id, staffAnswer: true, None);

        var stored = await store.GetAsync(ticket.Id, None);
        Assert.Equal(answered.Ticket, stored);
        Assert.Equal((TestClock.Epoch.AddMinutes(12), TestClock.Epoch.AddMinutes(17).AddDays(1)), (stored!.FirstAnsweredAt, stored.LastActivityAt));
    }

    [Fact]
    public async Task Touch_Closed_Refused_Unchanged()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());
        var closed = (await store.CloseAsync(ticket.Id, "solved", None)).Ticket;
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(TicketOutcome.WrongState, (await store.TouchAsync(ticket.Id, staffAnswer: true, None)).Outcome);
        Assert.Equal(closed, await store.GetAsync(ticket.Id, None));
    }

    [Fact]
    public async Task MarkWarned_NotClosed_WarnedNow_Closed_Refused()
    {
        var store = CreateStore();
        var claimed = await OpenAsync(store, Request("1"));
        await store.ClaimAsync(claimed.Id, "staff-1", None);
        var closed = await OpenAsync(store, Request("2"));
        await store.CloseAsync(closed.Id, "solved", None);
        Clock.Advance(TimeSpan.FromHours(48));

        var warned = await store.MarkWarnedAsync(claimed.Id, None);
        var refused = await store.MarkWarnedAsync(closed.Id, None);

        Assert.Equal((TicketOutcome.Done, TestClock.Epoch.AddHours(48)), (warned.Outcome, (await store.GetAsync(claimed.Id, None))!.WarnedAt));
        Assert.Equal(TicketOutcome.WrongState, refused.Outcome);
        Assert.Null((await store.GetAsync(closed.Id, None))!.WarnedAt);
    }

    [Fact]
    public async Task Reopen_ClearsTheWarning_KeepsTheFirstAnswer()
    {
        var store = CreateStore();
        var ticket = await OpenAsync(store, Request());
        await store.TouchAsync(ticket.Id, staffAnswer: true, None);
        Clock.Advance(TimeSpan.FromHours(48));
        await store.MarkWarnedAsync(ticket.Id, None);
        await store.CloseAsync(ticket.Id, "no activity", None);

        var reopened = await store.ReopenAsync(ticket.Id, None);

        Assert.Null(reopened.Ticket!.WarnedAt);
        Assert.Equal(TestClock.Epoch, reopened.Ticket.FirstAnsweredAt);
        Assert.Equal(reopened.Ticket, await store.GetAsync(ticket.Id, None));
    }

    [Fact]
    public async Task ListActive_OpenAndClaimed_OldestFirst_NotClosed()
    {
        var store = CreateStore();
        var first = await OpenAsync(store, Request("1"));
        var closed = await OpenAsync(store, Request("2"));
        var claimed = await OpenAsync(store, Request("3"));
        await store.ClaimAsync(claimed.Id, "staff-1", None);
        await store.CloseAsync(closed.Id, "solved", None);
        var last = await OpenAsync(store, Request("4", "discord"));

        var active = await store.ListActiveAsync(None);

        Assert.Equal([first.Id, claimed.Id, last.Id], active.Select(t => t.Id));
        Assert.Equal(TicketState.Claimed, active[1].State);
    }

    [Fact]
    public async Task ScrubClosedBefore_ClearsTheWordsOfOldClosedTickets_KeepsWhatTheFiguresNeed_EachCountedOnce()
    {
        var store = CreateStore();
        var old = await OpenAsync(store, Request("1") with { Language = "ru", Context = "said: my wallet is 0xabc" });
        await store.SetPlaceAsync(old.Id, "thread-1", None);
        await store.ClaimAsync(old.Id, "staff-1", None);
        await store.TouchAsync(old.Id, staffAnswer: true, None);
        await store.CloseAsync(old.Id, "solved: the memo was missing", None);
        var rated = (await store.RateAsync(old.Id, 4, "thanks, Bob", None)).Ticket!;
        var stillOpen = await OpenAsync(store, Request("2") with { Context = "waiting" });
        Clock.Advance(TimeSpan.FromDays(31));
        var recent = await OpenAsync(store, Request("3"));
        var recentlyClosed = (await store.CloseAsync(recent.Id, "solved", None)).Ticket;

        var scrubbed = await store.ScrubClosedBeforeAsync(Clock.GetUtcNow().AddDays(-30), None);
        var again = await store.ScrubClosedBeforeAsync(Clock.GetUtcNow().AddDays(-30), None);

        Assert.Equal((1, 0), (scrubbed, again));
        Assert.Equal(rated with { Form = new TicketForm("", "tron", null), Context = null, CloseReason = "", RatingComment = null },
            await store.GetAsync(old.Id, None));
        Assert.Equal(stillOpen, await store.GetAsync(stillOpen.Id, None));
        Assert.Equal(recentlyClosed, await store.GetAsync(recent.Id, None));
    }

    [Fact]
    public async Task ScrubClosedBefore_Nothing_Zero()
    {
        var store = CreateStore();
        await OpenAsync(store, Request());

        Assert.Equal(0, await store.ScrubClosedBeforeAsync(TestClock.Epoch.AddDays(1), None));
    }

    [Fact]
    public async Task UnknownId_NotFound_ForTouchAndWarning()
    {
        var store = CreateStore();

        Assert.Equal(TicketResult.NotFound, await store.TouchAsync(404, staffAnswer: true, None));
        Assert.Equal(TicketResult.NotFound, await store.MarkWarnedAsync(404, None));
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
