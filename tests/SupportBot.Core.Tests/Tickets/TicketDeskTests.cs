using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Conversations;
using SupportBot.Core.Tests.Support;
using SupportBot.Core.Tickets;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Tests.Tickets;

/// <summary>
/// The desk over the real content, in-memory stores and a hand-moved clock; the platform is a channel that records what
/// the desk asked of it. Opening, hours, the relay both ways, staff commands, the transcript and the rating.
/// </summary>
public sealed class TicketDeskTests
{
    // BIP-39 test vector (entropy 7f7f…) and Hardhat's publicly known account #0 key: not real secrets.
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    private const string Key = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcaf784d7bf4f2ff80";

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Open_NewTicket_PlaceCreatedWithTheSummary_UserToldWhereToContinue()
    {
        var desk = new DeskScene(new TicketOptions { NotePrefix = "##" });

        var opening = await desk.Desk.OpenAsync(DeskScene.Request(context: "exchange-withdrawal/bsc: advice given, said not solved"), None);

        Assert.Equal(TicketOpeningOutcome.Opened, opening.Outcome);
        var (created, summary) = Assert.Single(desk.Channel.Created);
        Assert.Equal(opening.Ticket!.Id, created.Id);
        Assert.Equal("thread-1", (await desk.Store.GetAsync(created.Id, None))!.Place);
        Assert.StartsWith($"**Ticket #{created.Id}** · discord user 42 · language: en\n", summary, StringComparison.Ordinal);
        Assert.Contains("**What happened:** Sent USDT from Binance, it never arrived\n", summary, StringComparison.Ordinal);
        Assert.Contains("**Network:** BNB Smart Chain\n", summary, StringComparison.Ordinal);
        Assert.Contains($"**Transaction:** `{DeskScene.TxHash}`\n", summary, StringComparison.Ordinal);
        Assert.Contains("**Conversation with the bot before the ticket:**\nexchange-withdrawal/bsc: advice given, said not solved\n", summary,
            StringComparison.Ordinal);
        Assert.Contains("Start a message with `##` to keep it as an internal note. Commands: claim, close [reason], reopen.", summary, StringComparison.Ordinal);
        Assert.Contains($"Ticket **#{created.Id}** is open. A person from the team will answer in <#thread-1> — continue there.", opening.Message,
            StringComparison.Ordinal);
        Assert.EndsWith("The team will answer as soon as someone is free.", opening.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_OnAChannelWithoutThreads_UserToldTheTeamAnswersInThisChat()
    {
        var desk = new DeskScene(channel: new RecordingTicketChannel("telegram", threads: false));

        var opening = await desk.Desk.OpenAsync(DeskScene.Request(channel: "telegram"), None);

        Assert.Equal(TicketOpeningOutcome.Opened, opening.Outcome);
        Assert.Contains("A person from the team will answer right here.", opening.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_UserAlreadyHasOne_ThatOneShown_NoSecondPlace()
    {
        var desk = new DeskScene();
        var first = await desk.OpenAsync();

        var again = await desk.Desk.OpenAsync(DeskScene.Request(), None);

        Assert.Equal((TicketOpeningOutcome.AlreadyOpen, first.Id), (again.Outcome, again.Ticket!.Id));
        Assert.Contains($"You already have ticket **#{first.Id}** open", again.Message, StringComparison.Ordinal);
        Assert.Contains("<#thread-1>", again.Message, StringComparison.Ordinal);
        Assert.Single(desk.Channel.Created);
    }

    [Fact]
    public async Task Open_EarlierOpeningCutShortBeforeItsPlaceWasRecorded_ThatTicketGetsItsPlaceNow()
    {
        var desk = new DeskScene();
        // As a crash between creating the place and recording it leaves it: open in the store, no place.
        var orphan = (await desk.Store.OpenAsync(DeskScene.Request(), None)).Ticket!;

        var opening = await desk.Desk.OpenAsync(DeskScene.Request(), None);

        Assert.Equal((TicketOpeningOutcome.Opened, orphan.Id), (opening.Outcome, opening.Ticket!.Id));
        Assert.Equal("thread-1", (await desk.Store.GetAsync(orphan.Id, None))!.Place);
        Assert.Single(desk.Channel.Created);
    }

    [Theory]
    [InlineData("discord", false)] // tickets not set up on the channel
    [InlineData("telegram", true)] // no such channel at all
    public async Task Open_ChannelNotAvailable_Unavailable_NothingOpened(string channel, bool enabled)
    {
        var desk = new DeskScene(channel: new RecordingTicketChannel("discord", enabled: enabled));

        var opening = await desk.Desk.OpenAsync(DeskScene.Request(channel: channel), None);

        Assert.Equal((TicketOpeningOutcome.Unavailable, null), (opening.Outcome, opening.Ticket));
        Assert.StartsWith("Talking to the team isn't set up in this chat.", opening.Message, StringComparison.Ordinal);
        Assert.False(desk.Desk.IsAvailable(channel));
        Assert.Empty(await desk.Store.ListActiveAsync(None));
        Assert.Empty(desk.Channel.Created);
    }

    [Fact]
    public async Task Open_PlaceCannotBeCreated_TicketClosedAgain_TheUserCanOpenOneLater()
    {
        var desk = new DeskScene();
        desk.Channel.FailCreatingPlace = true;

        var failed = await desk.Desk.OpenAsync(DeskScene.Request(), None);

        Assert.Equal(TicketOpeningOutcome.Failed, failed.Outcome);
        Assert.Equal("Sorry — I couldn't open a ticket just now. Please try again in a few minutes.", failed.Message);
        Assert.Equal(TicketState.Closed, (await desk.Store.GetAsync(failed.Ticket!.Id, None))!.State);
        Assert.Null(await desk.Desk.OpenTicketOfAsync("discord", "42", None));

        desk.Channel.FailCreatingPlace = false;
        var retried = await desk.Desk.OpenAsync(DeskScene.Request(), None);

        Assert.Equal(TicketOpeningOutcome.Opened, retried.Outcome);
        Assert.NotEqual(failed.Ticket.Id, retried.Ticket!.Id);
    }

    [Theory]
    [InlineData("en", "The team is on duty now.")]
    [InlineData("ru", "Команда сейчас на месте.")]
    public async Task Open_WithinTeamHours_UserToldTheTeamIsOnDuty(string language, string notice)
    {
        var desk = new DeskScene(new TicketOptions { TeamHours = "Mon-Fri 09:00-18:00 Europe/Moscow" }); // the epoch is Tue 15:00 in Moscow

        var opening = await desk.Desk.OpenAsync(DeskScene.Request(language: language), None);

        Assert.EndsWith("\n\n" + notice, opening.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "The team is away right now (working hours: Mon-Fri 09:00-18:00 Europe/Moscow). Someone will answer from **Wednesday 16 January, 09:00 (Europe/Moscow)**.")]
    [InlineData("ru", "Команда сейчас не работает (часы работы: Mon-Fri 09:00-18:00 Europe/Moscow). Вам ответят начиная с **среда 16 января, 09:00 (Europe/Moscow)**.")]
    public async Task Open_AfterTeamHours_UserToldWhenInTheTeamsZone(string language, string notice)
    {
        var desk = new DeskScene(new TicketOptions { TeamHours = "Mon-Fri 09:00-18:00 Europe/Moscow" });
        desk.Clock.Advance(TimeSpan.FromHours(4)); // Tue 19:00 in Moscow

        var opening = await desk.Desk.OpenAsync(DeskScene.Request(language: language), None);

        Assert.Equal(TicketOpeningOutcome.Opened, opening.Outcome);
        Assert.EndsWith("\n\n" + notice, opening.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_OnAFridayEvening_NextOpeningIsMonday()
    {
        var desk = new DeskScene(new TicketOptions { TeamHours = "Mon-Fri 09:00-18:00 Europe/Moscow" });
        desk.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(6)); // Fri 2030-01-18, 21:00 in Moscow

        var opening = await desk.Desk.OpenAsync(DeskScene.Request(), None);

        Assert.EndsWith("Someone will answer from **Monday 21 January, 09:00 (Europe/Moscow)**.", opening.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromUser_OpenTicket_RelayedToStaffUnderTheirName_LineKept_ActivityCounted()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();
        desk.Clock.Advance(TimeSpan.FromMinutes(5));

        var relay = await desk.UserWritesAsync("It has been two days, the hash is above");

        Assert.Equal(RelayKind.Relay, relay.Kind);
        Assert.Equal("👤 Ann:\nIt has been two days, the hash is above", relay.Text);
        var line = Assert.Single(await desk.Lines.ListAsync(ticket.Id, None));
        Assert.Equal((TicketAuthor.User, "Ann", "It has been two days, the hash is above"), (line.Author, line.AuthorName, line.Text));
        var stored = await desk.Store.GetAsync(ticket.Id, None);
        Assert.Equal((TestClock.Epoch.AddMinutes(5), (DateTimeOffset?)null), (stored!.LastActivityAt, stored.FirstAnsweredAt));
    }

    [Fact]
    public async Task FromUser_NoOpenTicket_LeftToTheConversation()
    {
        var desk = new DeskScene();

        var relay = await desk.UserWritesAsync("hello?");

        Assert.Equal(RelayDecision.None, relay);
    }

    [Fact]
    public async Task FromUser_SameMessageHandledTwice_OneLine()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();

        await desk.Desk.FromUserAsync("discord", "42", "Ann", "any news?", SecretKinds.None, "discord:message:7", None);
        await desk.Desk.FromUserAsync("discord", "42", "Ann", "any news?", SecretKinds.None, "discord:message:7", None);

        Assert.Single(await desk.Lines.ListAsync(ticket.Id, None));
    }

    [Fact]
    public async Task FromPlace_Staff_RelayedToTheUserInTheirLanguage_FirstAnswerRemembered()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync(language: "ru");
        desk.Clock.Advance(TimeSpan.FromMinutes(12));

        var relay = await desk.StaffWritesAsync(ticket, "Пришлите, пожалуйста, скриншот вывода");

        Assert.Equal(RelayKind.Relay, relay.Kind);
        Assert.Equal("💬 **Команда:**\nПришлите, пожалуйста, скриншот вывода", relay.Text);
        var line = Assert.Single(await desk.Lines.ListAsync(ticket.Id, None));
        Assert.Equal((TicketAuthor.Staff, "Bob"), (line.Author, line.AuthorName));
        Assert.Equal(TestClock.Epoch.AddMinutes(12), (await desk.Store.GetAsync(ticket.Id, None))!.FirstAnsweredAt);

        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        await desk.StaffWritesAsync(ticket, "Спасибо");
        Assert.Equal(TestClock.Epoch.AddMinutes(12), (await desk.Store.GetAsync(ticket.Id, None))!.FirstAnsweredAt);
    }

    [Fact]
    public async Task FromPlace_NoteWithThePrefix_StaysInThePlace_KeptAsNote_NotAnAnswer()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();

        var relay = await desk.StaffWritesAsync(ticket, "// looks like the memo is missing, ask Binance");

        Assert.Equal((RelayKind.Stays, null), (relay.Kind, relay.Text));
        var line = Assert.Single(await desk.Lines.ListAsync(ticket.Id, None));
        Assert.Equal((TicketAuthor.Note, "// looks like the memo is missing, ask Binance"), (line.Author, line.Text));
        Assert.Null((await desk.Store.GetAsync(ticket.Id, None))!.FirstAnsweredAt);
    }

    [Fact]
    public async Task FromPlace_TheTicketsUserWritingInTheThread_Stays_KeptAsTheirLine()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();

        var relay = await desk.Desk.FromPlaceAsync("discord", ticket.Place!, "42", "Ann", isStaff: false, "here is the screenshot", SecretKinds.None,
            "discord:message:9", None);

        Assert.Equal(RelayKind.Stays, relay.Kind);
        Assert.Equal(TicketAuthor.User, Assert.Single(await desk.Lines.ListAsync(ticket.Id, None)).Author);
    }

    [Fact]
    public async Task FromPlace_SomeoneElseNotStaff_Refused_NothingKept()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();

        var relay = await desk.Desk.FromPlaceAsync("discord", ticket.Place!, "666", "Mallory", isStaff: false, "DM me, I can recover your funds",
            SecretKinds.None, "discord:message:10", None);

        Assert.Equal(RelayKind.Refused, relay.Kind);
        Assert.Equal($"Only staff can write in ticket #{ticket.Id}.", relay.Warning);
        Assert.Empty(await desk.Lines.ListAsync(ticket.Id, None));
    }

    [Fact]
    public async Task FromPlace_NotATicketsPlace_NoTicket()
    {
        var desk = new DeskScene();
        await desk.OpenAsync();

        var relay = await desk.Desk.FromPlaceAsync("discord", "thread-99", "7", "Bob", isStaff: true, "hi", SecretKinds.None, "discord:message:11", None);

        Assert.Equal(RelayDecision.None, relay);
    }

    [Theory]
    [InlineData("my phrase is " + Phrase, "it contains a recovery phrase")]
    [InlineData("key: " + Key, "it contains a private key")]
    public async Task FromUser_Secret_Blocked_UserWarned_StaffToldWithoutIt_NothingKept(string text, string warning)
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();

        var relay = await desk.UserWritesAsync(text);

        Assert.Equal((RelayKind.Blocked, null), (relay.Kind, relay.Text));
        Assert.Contains(warning, relay.Warning, StringComparison.Ordinal);
        Assert.NotEqual(SecretKinds.None, relay.Secret);
        var post = Assert.Single(desk.Channel.PlacePosts);
        Assert.StartsWith("The user sent a message holding a recovery phrase or private key", post.Text, StringComparison.Ordinal);
        Assert.Empty(await desk.Lines.ListAsync(ticket.Id, None));
        desk.AssertNowhere("sausage", Key);
    }

    [Fact]
    public async Task FromUser_SecretTheChannelAlreadyCutOut_StillBlocked()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();

        var relay = await desk.Desk.FromUserAsync("discord", "42", "Ann", "my words are " + SecretGuard.PhraseMarker, SecretKinds.RecoveryPhrase,
            "discord:message:12", None);

        Assert.Equal(RelayKind.Blocked, relay.Kind);
        Assert.Empty(await desk.Lines.ListAsync(ticket.Id, None));
    }

    [Fact]
    public async Task FromPlace_StaffPastesASecret_NotSentToTheUser_NothingKept()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();

        var relay = await desk.StaffWritesAsync(ticket, "is this your phrase: " + Phrase);

        Assert.Equal((RelayKind.Blocked, null), (relay.Kind, relay.Text));
        Assert.Equal("That message looks like it holds a recovery phrase or private key, so it was not sent to the user.", relay.Warning);
        Assert.Empty(await desk.Lines.ListAsync(ticket.Id, None));
        desk.AssertNowhere("sausage");
    }

    [Fact]
    public async Task ClosedTicket_StaffWordsNotRelayed_UsersWordsGoToTheConversation()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();
        await desk.Desk.CloseAsync("discord", ticket.Place!, "Bob", null, None);

        var staff = await desk.StaffWritesAsync(ticket, "one more thing");
        var user = await desk.UserWritesAsync("thanks!");

        Assert.Equal(RelayKind.Closed, staff.Kind);
        Assert.Equal($"Ticket #{ticket.Id} is closed: the user did not get this. Reopen it first.", staff.Warning);
        Assert.Equal(RelayDecision.None, user);
        Assert.DoesNotContain(await desk.Lines.ListAsync(ticket.Id, None), l => l.Author != TicketAuthor.Bot);
    }

    [Fact]
    public async Task FromUser_Secret_StaffCannotBeTold_StillBlocked_UserWarned()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();
        desk.Channel.FailAtPlaces = true;

        var relay = await desk.UserWritesAsync("my phrase is " + Phrase);

        Assert.Equal(RelayKind.Blocked, relay.Kind);
        Assert.Contains("it contains a recovery phrase", relay.Warning, StringComparison.Ordinal);
        Assert.Empty(await desk.Lines.ListAsync(ticket.Id, None));
        desk.AssertNowhere("sausage");
    }

    [Fact]
    public async Task Close_PlatformCannotCloseThePlace_ClosedAnyway_UserToldAndAskedToRate()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();
        desk.Channel.FailAtPlaces = true;

        var reply = await desk.Desk.CloseAsync("discord", ticket.Place!, "Bob", null, None);

        Assert.True(reply.Succeeded);
        Assert.Equal(TicketState.Closed, (await desk.Store.GetAsync(ticket.Id, None))!.State);
        Assert.Equal(2, desk.Channel.ToUser.Count);
        Assert.Contains(desk.Logs.Lines, l => l.StartsWith($"Warning: Could not close the place (ticket {ticket.Id})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reopen_PlatformCannotReopenThePlace_ReopenedAnyway_UserTold()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();
        await desk.Desk.CloseAsync("discord", ticket.Place!, "Bob", null, None);
        desk.Channel.FailAtPlaces = true;

        var reply = await desk.Desk.ReopenAsync("discord", ticket.Place!, "Bob", None);

        Assert.True(reply.Succeeded);
        Assert.Equal($"Your ticket #{ticket.Id} is open again — write here and the team will see it.", desk.Channel.ToUser[^1].Message.Text);
    }

    [Fact]
    public async Task Claim_Open_ClaimedByThatStaff_UserTold()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();

        var reply = await desk.Desk.ClaimAsync("discord", ticket.Place!, "7", "Bob", None);

        Assert.True(reply.Succeeded);
        Assert.Equal($"Ticket #{ticket.Id} claimed by Bob.", reply.Reply);
        Assert.Equal((TicketState.Claimed, "7"), (reply.Ticket!.State, reply.Ticket.ClaimedBy));
        Assert.Equal($"Bob from the team has taken your ticket #{ticket.Id}.", Assert.Single(desk.Channel.ToUser).Message.Text);
        var line = Assert.Single(await desk.Lines.ListAsync(ticket.Id, None));
        Assert.Equal((TicketAuthor.Bot, "claimed by Bob"), (line.Author, line.Text));
    }

    [Fact]
    public async Task Claim_ClaimedByAnother_Refused_UserNotToldAgain()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();
        await desk.Desk.ClaimAsync("discord", ticket.Place!, "7", "Bob", None);

        var reply = await desk.Desk.ClaimAsync("discord", ticket.Place!, "8", "Carol", None);

        Assert.Equal(TicketOutcome.ClaimedByAnother, reply.Outcome);
        Assert.Equal($"Ticket #{ticket.Id} is already claimed by 7.", reply.Reply);
        Assert.Single(desk.Channel.ToUser);
        Assert.Equal("7", (await desk.Store.GetAsync(ticket.Id, None))!.ClaimedBy);
    }

    [Fact]
    public async Task Close_WithReason_PlaceClosedWithTheTranscript_UserToldWhyAndAskedToRate()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();
        desk.Clock.Advance(TimeSpan.FromHours(1));

        var reply = await desk.Desk.CloseAsync("discord", ticket.Place!, "Bob", "  funds credited after the memo was added ", None);

        Assert.True(reply.Succeeded);
        Assert.Equal($"Ticket #{ticket.Id} closed by Bob: funds credited after the memo was added", reply.Reply);
        var (closed, transcript) = Assert.Single(desk.Channel.ClosedPlaces);
        Assert.Equal((TicketState.Closed, "funds credited after the memo was added"), (closed.State, closed.CloseReason));
        Assert.EndsWith("[2030-01-15 13:00] closed: funds credited after the memo was added\n", transcript.Text, StringComparison.Ordinal);
        Assert.Equal(
            [$"Ticket #{ticket.Id} is closed: funds credited after the memo was added", $"How did the team do with ticket #{ticket.Id}? Rate from 1 to 5."],
            desk.Channel.ToUser.Select(m => m.Message.Text));
        Assert.Equal([ChoicePayload.Rate(ticket.Id, 1), ChoicePayload.Rate(ticket.Id, 2), ChoicePayload.Rate(ticket.Id, 3), ChoicePayload.Rate(ticket.Id, 4),
            ChoicePayload.Rate(ticket.Id, 5)], desk.Channel.ToUser[1].Message.Choices.Select(c => c.Payload));
    }

    [Fact]
    public async Task Close_WithoutReason_Solved_ClosingAgainRefused()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();

        var reply = await desk.Desk.CloseAsync("discord", ticket.Place!, "Bob", null, None);
        var again = await desk.Desk.CloseAsync("discord", ticket.Place!, "Bob", "twice", None);

        Assert.Equal($"Ticket #{ticket.Id} closed by Bob: solved", reply.Reply);
        Assert.Equal("solved", (await desk.Store.GetAsync(ticket.Id, None))!.CloseReason);
        Assert.Equal((TicketOutcome.WrongState, $"Ticket #{ticket.Id} is closed."), (again.Outcome, again.Reply));
        Assert.Single(desk.Channel.ClosedPlaces);
    }

    [Fact]
    public async Task Reopen_Closed_OpenAgainInItsPlace_UserTold_InactivityCountsFromNow()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();
        await desk.Desk.ClaimAsync("discord", ticket.Place!, "7", "Bob", None);
        await desk.Desk.CloseAsync("discord", ticket.Place!, "Bob", null, None);
        desk.Clock.Advance(TimeSpan.FromDays(2));

        var reply = await desk.Desk.ReopenAsync("discord", ticket.Place!, "Bob", None);

        Assert.True(reply.Succeeded);
        Assert.Equal($"Ticket #{ticket.Id} reopened by Bob.", reply.Reply);
        Assert.Equal([ticket.Id], desk.Channel.ReopenedPlaces);
        Assert.Equal($"Your ticket #{ticket.Id} is open again — write here and the team will see it.", desk.Channel.ToUser[^1].Message.Text);
        var stored = await desk.Store.GetAsync(ticket.Id, None);
        Assert.Equal((TicketState.Open, null, TestClock.Epoch.AddDays(2)), (stored!.State, stored.ClaimedBy, stored.LastActivityAt));
        Assert.Equal(RelayKind.Relay, (await desk.UserWritesAsync("it happened again")).Kind);
    }

    [Fact]
    public async Task Reopen_UserOpenedAnotherSince_Refused_StaffPointedToIt()
    {
        var desk = new DeskScene();
        var old = await desk.OpenAsync();
        await desk.Desk.CloseAsync("discord", old.Place!, "Bob", null, None);
        var current = await desk.OpenAsync();

        var reply = await desk.Desk.ReopenAsync("discord", old.Place!, "Bob", None);

        Assert.Equal(TicketOutcome.UserHasOpenTicket, reply.Outcome);
        Assert.Equal($"The user has opened ticket #{current.Id} since; continue there.", reply.Reply);
        Assert.Equal(TicketState.Closed, (await desk.Store.GetAsync(old.Id, None))!.State);
        Assert.Empty(desk.Channel.ReopenedPlaces);
    }

    [Fact]
    public async Task Reopen_NotClosed_Refused()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();

        var reply = await desk.Desk.ReopenAsync("discord", ticket.Place!, "Bob", None);

        Assert.Equal((TicketOutcome.WrongState, $"Ticket #{ticket.Id} is not closed."), (reply.Outcome, reply.Reply));
    }

    [Fact]
    public async Task Commands_InAPlaceThatIsNoTicket_NotFound()
    {
        var desk = new DeskScene();

        Assert.Equal(TicketOutcome.NotFound, (await desk.Desk.ClaimAsync("discord", "thread-9", "7", "Bob", None)).Outcome);
        Assert.Equal(TicketOutcome.NotFound, (await desk.Desk.CloseAsync("discord", "thread-9", "Bob", null, None)).Outcome);
        Assert.Equal(TicketOutcome.NotFound, (await desk.Desk.ReopenAsync("discord", "thread-9", "Bob", None)).Outcome);
    }

    [Fact]
    public async Task Transcript_TheSummaryThenEveryLineInOrder_WithUtcTimes_NoSecret()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();
        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        await desk.UserWritesAsync("still nothing");
        await desk.UserWritesAsync("words: " + Phrase);
        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        await desk.Desk.ClaimAsync("discord", ticket.Place!, "7", "Bob", None);
        await desk.StaffWritesAsync(ticket, "// checking the deposit address");
        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        await desk.StaffWritesAsync(ticket, "Add the memo and it will arrive");
        await desk.Desk.CloseAsync("discord", ticket.Place!, "Bob", "memo added", None);

        var transcript = desk.Channel.ClosedPlaces.Single().Transcript;

        Assert.Equal($"ticket-{ticket.Id}.txt", transcript.FileName);
        Assert.StartsWith($"**Ticket #{ticket.Id}** · discord user 42", transcript.Text, StringComparison.Ordinal);
        Assert.Contains("**What happened:** Sent USDT from Binance, it never arrived\n", transcript.Text, StringComparison.Ordinal);
        Assert.EndsWith(
            """
            [2030-01-15 12:01] user Ann: still nothing
            [2030-01-15 12:02] bot bot: claimed by Bob
            [2030-01-15 12:02] note Bob: // checking the deposit address
            [2030-01-15 12:03] staff Bob: Add the memo and it will arrive
            [2030-01-15 12:03] bot bot: closed by Bob
            [2030-01-15 12:03] closed: memo added

            """.ReplaceLineEndings("\n"), transcript.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sausage", transcript.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_ByTheTicketsUser_Kept_ACommentWithASecretDropped()
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();
        await desk.Desk.CloseAsync("discord", ticket.Place!, "Bob", null, None);

        var rated = await desk.Desk.RateAsync("discord", "42", ticket.Id, 4, "  quick, thanks ", None);
        Assert.Equal((TicketOutcome.Done, 4, "quick, thanks"), (rated.Outcome, rated.Ticket!.Rating, rated.Ticket.RatingComment));

        var withSecret = await desk.Desk.RateAsync("discord", "42", ticket.Id, 5, "great, my phrase is " + Phrase, None);
        Assert.Equal((TicketOutcome.Done, 5, null), (withSecret.Outcome, withSecret.Ticket!.Rating, withSecret.Ticket.RatingComment));
    }

    [Theory]
    [InlineData("discord", "43")] // another user
    [InlineData("telegram", "42")] // the same id on another platform is another user
    public async Task Rate_BySomeoneElse_NotFound_Unchanged(string channel, string userId)
    {
        var desk = new DeskScene();
        var ticket = await desk.OpenAsync();
        await desk.Desk.CloseAsync("discord", ticket.Place!, "Bob", null, None);

        var rated = await desk.Desk.RateAsync(channel, userId, ticket.Id, 1, "bad", None);

        Assert.Equal(TicketResult.NotFound, rated);
        Assert.Null((await desk.Store.GetAsync(ticket.Id, None))!.Rating);
    }
}

/// <summary>A desk over the real content with in-memory stores, a hand-moved clock and a recording channel.</summary>
internal sealed class DeskScene
{
    public const string TxHash = "0x3f1c6a4be0d4f6a0e6c7d2a7b1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2";

    private int messages;

    public DeskScene(TicketOptions? options = null, RecordingTicketChannel? channel = null)
    {
        Store = new InMemoryTicketStore(Clock);
        Channel = channel ?? new RecordingTicketChannel("discord");
        Desk = new TicketDesk(Store, Lines, [Channel], TestContent.Catalog, Options.Create(options ?? new TicketOptions()), Clock, Logs);
    }

    public FakeTimeProvider Clock { get; } = new(TestClock.Epoch);

    public InMemoryTicketStore Store { get; }

    public InMemoryTicketMessages Lines { get; } = new();

    public RecordingTicketChannel Channel { get; }

    public RecordingLogger<TicketDesk> Logs { get; } = new();

    public TicketDesk Desk { get; }

    public static TicketRequest Request(string userId = "42", string channel = "discord", string language = "en", string? context = null) =>
        new($"{channel}/{userId}", channel, userId, new TicketForm("Sent USDT from Binance, it never arrived", "bsc", TxHash), language, context);

    /// <summary>Opens a ticket for user 42 and returns it as stored, with its place.</summary>
    public async Task<Ticket> OpenAsync(string userId = "42", string language = "en")
    {
        var opening = await Desk.OpenAsync(Request(userId, Channel.Name, language), CancellationToken.None);
        Assert.Equal(TicketOpeningOutcome.Opened, opening.Outcome);
        return (await Store.GetAsync(opening.Ticket!.Id, CancellationToken.None))!;
    }

    /// <summary>User 42, Ann, writes in their private chat with the bot.</summary>
    public Task<RelayDecision> UserWritesAsync(string text, string userId = "42") =>
        Desk.FromUserAsync(Channel.Name, userId, "Ann", text, SecretKinds.None, $"{Channel.Name}:message:{++messages}", CancellationToken.None);

    /// <summary>Staff member 7, Bob, writes in the ticket's place.</summary>
    public Task<RelayDecision> StaffWritesAsync(Ticket ticket, string text) =>
        Desk.FromPlaceAsync(Channel.Name, ticket.Place!, "7", "Bob", isStaff: true, text, SecretKinds.None, $"{Channel.Name}:message:{++messages}",
            CancellationToken.None);

    /// <summary>None of <paramref name="words"/> reached the place, the user, a transcript or the log.</summary>
    public void AssertNowhere(params string[] words)
    {
        var everything = string.Join("\n", Channel.Created.Select(c => c.Opening).Concat(Channel.PlacePosts.Select(p => p.Text))
            .Concat(Channel.ToUser.Select(m => m.Message.Text)).Concat(Channel.ClosedPlaces.Select(c => c.Transcript.Text)).Concat(Logs.Lines));
        foreach (var word in words)
            Assert.DoesNotContain(word, everything, StringComparison.OrdinalIgnoreCase);
    }
}
