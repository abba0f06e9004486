using System.Globalization;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Tickets;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel;

/// <summary>
/// Tickets on Discord end to end: the desk opens them as the conversation does, staff and the user write as the gateway
/// delivers it, staff commands come as interactions, and everything the bot does goes over HTTP to the fake REST API
/// (each body checked against Discord's OpenAPI description, multipart ones through their payload_json).
/// </summary>
public sealed class DiscordTicketTests : IAsyncLifetime
{
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    private TicketRig rig = null!;

    public async Task InitializeAsync() => rig = await TicketRig.StartAsync();

    public async Task DisposeAsync() => await rig.DisposeAsync();

    private FakeDiscordRest Fake => rig.Fake;

    [Fact]
    public async Task Open_PrivateThreadWithTheSummaryFirst_UserAddedStaffRolePinged()
    {
        var opening = await rig.OpenAsync();

        Assert.Equal(TicketOpeningOutcome.Opened, opening.Outcome);
        var thread = Assert.Single(Fake.ThreadsIn(TicketRig.TicketChannel));
        Assert.Equal(12, thread.Type);
        Assert.False(thread.Invitable);
        Assert.Equal("ticket-1", thread.Name);
        Assert.Contains(ulong.Parse(TicketRig.User, CultureInfo.InvariantCulture), thread.Members);
        Assert.Contains($"<#{thread.Id}>", opening.Message, StringComparison.Ordinal);

        var messages = Fake.MessagesIn(thread.Id);
        var summary = TicketRig.Plain((string?)messages[0]["content"]);
        Assert.Contains("Ticket #1", summary, StringComparison.Ordinal);
        Assert.Contains("I withdrew 250 USDT from Binance on BEP20 and it never arrived", summary, StringComparison.Ordinal);
        Assert.Contains("the user checked the network", summary, StringComparison.Ordinal);
        var ping = Fake.RequestsTo(FakeRoute.CreateMessage).Select(r => r.Json!).Single(j => j["allowed_mentions"]!["roles"] is not null);
        Assert.StartsWith("<@&800> ", (string)ping["content"]!, StringComparison.Ordinal);
        Assert.Equal(["800"], ping["allowed_mentions"]!["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Empty(ping["allowed_mentions"]!["parse"]!.AsArray());
        Assert.All(Fake.RequestsTo(FakeRoute.CreateMessage).Select(r => r.Json!).Where(j => j != ping),
            j => Assert.Empty(j["allowed_mentions"]!["parse"]!.AsArray()));
    }

    [Fact]
    public async Task Open_SecondTicket_ThreadShowsNothingOfTheUsersOtherTicketsOrOtherUsers()
    {
        var first = await rig.OpenAsync(what: "Binance Pay refund for order 7731 is missing", context: "Scenario: missing tokens; imported USDC.");
        await rig.DmAsync("my old account name is kitten42");
        await rig.CommandAsync("close", TicketRig.ThreadOf(first), reason: "refunded");
        await rig.OpenAsync(user: "556", what: "opBNB bridge stuck for two days", context: "Scenario: cross-chain transfer.");

        var second = await rig.OpenAsync(what: "USDT on BEP20 never arrived", context: "Scenario: exchange withdrawal.");

        var texts = string.Join("\n", rig.TextsIn(TicketRig.ThreadOf(second)));
        Assert.Contains("USDT on BEP20 never arrived", texts, StringComparison.Ordinal);
        foreach (var other in new[] { "order 7731", "imported USDC", "kitten42", "refunded", "opBNB bridge stuck", "cross-chain transfer", "Ticket #1", "Ticket #2" })
        {
            Assert.DoesNotContain(other, texts, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FromTheConversation_AskedForAPerson_FormSentAnsweredClosedRatedWithAComment_FiguresCountIt()
    {
        await rig.DmAsync("i need to speak with a human operator, the bot doesnt get it");
        Assert.True(rig.Offered("g:ticket"), "Talk to the team offered");
        await rig.PressInDmAsync("g:ticket");
        Assert.True(rig.Offered("g:ticket:send"), "the form");

        await rig.DmAsync("withdrew 250 usdt from binance on bep20 yesterday, metamask shows nothing");
        Assert.Contains(rig.AllTexts(), t => t.Contains("withdrew 250 usdt from binance on bep20 yesterday", StringComparison.Ordinal));
        await rig.PressInDmAsync("g:ticket:send");

        var thread = Assert.Single(Fake.ThreadsIn(TicketRig.TicketChannel));
        Assert.Contains(rig.AllTexts(), t => t.Contains("Ticket **#1** is open", StringComparison.Ordinal) && t.Contains($"<#{thread.Id}>", StringComparison.Ordinal));
        Assert.Contains("withdrew 250 usdt from binance on bep20 yesterday", rig.TextsIn(thread.Id)[0], StringComparison.Ordinal);

        await rig.WriteInThreadAsync(thread.Id, TicketRig.Staff, "It is on BscScan, to 0x… ending 9f2. Import USDT by its contract.", TicketRig.StaffRole);
        Assert.Contains(rig.DmsToUser(), t => t.Contains("Import USDT by its contract", StringComparison.Ordinal));
        await rig.CommandAsync("close", thread.Id, reason: "found, imported");
        Assert.True(rig.Offered(ChoicePayload.Rate(1, 5)), "the rating question");

        await rig.PressInDmAsync(ChoicePayload.Rate(1, 5));
        Assert.Contains(rig.AllTexts(), t => t.Contains("Thank you for the rating!", StringComparison.Ordinal));
        await rig.DmAsync("Bob was super fast, thanks");
        Assert.Contains(rig.AllTexts(), t => t.Contains("the team will read your comment", StringComparison.Ordinal));

        var ticket = (await rig.Store.GetAsync(1, CancellationToken.None))!;
        Assert.Equal((TicketState.Closed, 5, "Bob was super fast, thanks"), (ticket.State, ticket.Rating, ticket.RatingComment));
        Assert.DoesNotContain(rig.TextsIn(thread.Id), t => t.Contains("super fast", StringComparison.Ordinal));

        var to = DateTimeOffset.MaxValue;
        var figures = SupportFigures.Compute(DateTimeOffset.MinValue, to, await rig.Events.ReadAsync(DateTimeOffset.MinValue, to, CancellationToken.None),
            await rig.Store.ListOpenedAsync(DateTimeOffset.MinValue, to, CancellationToken.None));
        Assert.Equal((1, 1, 1, 1), (figures.Escalated, figures.Tickets.Opened, figures.Tickets.Closed, figures.Tickets.Answered));
        Assert.Equal((1, (double?)5.0, 1), (figures.Tickets.Ratings.Count, figures.Tickets.Ratings.Average, figures.Tickets.Ratings.Comments));
    }

    [Fact]
    public async Task Conversation_StaffAndUser_RelayedBothWays()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());

        await rig.WriteInThreadAsync(thread, TicketRig.Staff, "Hi! Which address did you withdraw to?", TicketRig.StaffRole);
        var dmsBefore = Fake.RequestsTo(FakeRoute.CreateMessage).Count(r => r.Path.EndsWith($"/channels/{TicketRig.UserDm}/messages", StringComparison.Ordinal));
        await rig.DmAsync("To my MetaMask, 0x" + new string('b', 40));

        Assert.Contains(rig.DmsToUser(), t => t.Contains("**Team:**", StringComparison.Ordinal) && t.Contains("Which address did you withdraw to?", StringComparison.Ordinal));
        Assert.Contains(rig.TextsIn(thread), t => t.Contains("Alice", StringComparison.Ordinal) && t.Contains("To my MetaMask", StringComparison.Ordinal));
        // The DM went to the team, not to the guided conversation: nothing answered in the user's DM channel.
        Assert.Equal(dmsBefore, Fake.RequestsTo(FakeRoute.CreateMessage).Count(r => r.Path.EndsWith($"/channels/{TicketRig.UserDm}/messages", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StaffNote_StaysInTheThread_NeverReachesTheUser()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());

        await rig.WriteInThreadAsync(thread, TicketRig.Staff, "// looks like a wrong-network deposit", TicketRig.StaffRole);

        Assert.DoesNotContain(rig.DmsToUser(), t => t.Contains("wrong-network", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Claim_ByStaff_RepliedInTheThreadAndUserTold()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());

        await rig.CommandAsync("claim", thread);

        Assert.Equal(5, Fake.RequestsTo(FakeRoute.InteractionCallback).Single().Json!["type"]!.GetValue<int>());
        Assert.Contains("claimed by Bob", TicketRig.Plain((string?)Fake.RequestsTo(FakeRoute.EditOriginalResponse).Single().Json!["content"]!), StringComparison.Ordinal);
        Assert.Contains(rig.DmsToUser(), t => t.Contains("Bob from the team has taken your ticket #1", StringComparison.Ordinal));
        Assert.Equal(TicketState.Claimed, (await rig.Store.GetAsync(1, CancellationToken.None))!.State);
        Assert.Equal(TicketRig.Staff, (await rig.Store.GetAsync(1, CancellationToken.None))!.ClaimedBy);
    }

    [Fact]
    public async Task NonStaffMember_CommandRefusedEphemerally_NothingChanges()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());

        foreach (var sub in new[] { "claim", "close", "reopen" })
        {
            await rig.CommandAsync(sub, thread, TicketRig.Member, null, TicketRig.OtherRole);
        }

        Assert.All(Fake.RequestsTo(FakeRoute.InteractionCallback).Select(r => r.Json!), response =>
        {
            Assert.Equal(4, response["type"]!.GetValue<int>());
            Assert.Equal(64, response["data"]!["flags"]!.GetValue<int>() & 64);
            Assert.Contains("Only members of the support team role", TicketRig.Plain((string?)response["data"]!["content"]!), StringComparison.Ordinal);
        });
        Assert.Equal(TicketState.Open, (await rig.Store.GetAsync(1, CancellationToken.None))!.State);
        Assert.Empty(Fake.RequestsTo(FakeRoute.ModifyChannel));
        Assert.Empty(Fake.RequestsTo(FakeRoute.EditOriginalResponse));
    }

    [Fact]
    public async Task NonStaffMember_WritingInTheThread_RefusedAndNotRelayed()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());

        await rig.WriteInThreadAsync(thread, TicketRig.Member, "send me your wallet details in private", TicketRig.OtherRole);

        Assert.Contains(rig.TextsIn(thread), t => t.Contains("Only staff can write in ticket #1", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.DmsToUser(), t => t.Contains("wallet details", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThreadSystemMessage_MemberAddedNotice_NeitherRelayedNorRefused()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());
        var before = Fake.RequestsTo(FakeRoute.CreateMessage).Count;
        var notice = TicketRig.ThreadMessage(thread, TicketRig.Member, "", "6001", TicketRig.OtherRole);
        notice["type"] = 1; // RECIPIENT_ADD: someone was added to the thread

        await rig.Bot.OnDispatchAsync("MESSAGE_CREATE", TicketRig.Element(notice), CancellationToken.None);

        Assert.Equal(before, Fake.RequestsTo(FakeRoute.CreateMessage).Count);
    }

    [Fact]
    public async Task Command_OutsideATicketThread_ClearEphemeralMessage()
    {
        await rig.OpenAsync();

        await rig.CommandAsync("close", 4242);

        var response = Fake.RequestsTo(FakeRoute.InteractionCallback).Single().Json!;
        Assert.Equal(4, response["type"]!.GetValue<int>());
        Assert.Equal(64, response["data"]!["flags"]!.GetValue<int>() & 64);
        Assert.Contains("This is not a ticket thread", TicketRig.Plain((string?)response["data"]!["content"]!), StringComparison.Ordinal);
        Assert.Equal(TicketState.Open, (await rig.Store.GetAsync(1, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Close_WithReason_TranscriptFiledToLogAndUser_ThreadArchivedAndLocked_RatingAsked()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());
        await rig.WriteInThreadAsync(thread, TicketRig.Staff, "Please send the TxID from Binance.", TicketRig.StaffRole);
        await rig.DmAsync("Here it is: 0x" + new string('c', 64));
        await rig.WriteInThreadAsync(thread, TicketRig.Staff, "// KYC flag on the account, do not mention", TicketRig.StaffRole);

        await rig.CommandAsync("close", thread, reason: "credited after the exchange's review");

        var reply = Fake.RequestsTo(FakeRoute.EditOriginalResponse).Single();
        Assert.Contains("closed by Bob: credited after the exchange's review", TicketRig.Plain((string?)reply.Json!["content"]!), StringComparison.Ordinal);
        var log = Assert.Single(Fake.FilesIn(TicketRig.LogChannel));
        Assert.Equal("ticket-1.txt", log.FileName);
        Assert.Equal("text/plain", log.ContentType);
        Assert.Contains("Please send the TxID from Binance.", log.Text, StringComparison.Ordinal);
        Assert.Contains("Here it is: 0x" + new string('c', 64), log.Text, StringComparison.Ordinal);
        Assert.Contains("KYC flag", log.Text, StringComparison.Ordinal);
        Assert.Contains("Ticket #1 (user 555) closed", rig.TextsIn(TicketRig.LogChannel).Single(), StringComparison.Ordinal);

        var dm = Fake.DmChannelOf(555)!.Value;
        var userCopy = Assert.Single(Fake.FilesIn(dm));
        Assert.Contains("Please send the TxID from Binance.", userCopy.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("KYC", userCopy.Text, StringComparison.Ordinal);
        Assert.Contains(rig.DmsToUser(), t => t.Contains("Ticket #1 is closed: credited after the exchange's review", StringComparison.Ordinal));
        var rating = Fake.MessagesIn(dm).Last();
        Assert.Equal(["g:rate:1:1", "g:rate:1:2", "g:rate:1:3", "g:rate:1:4", "g:rate:1:5"],
            rating["components"]!.AsArray().SelectMany(row => row!["components"]!.AsArray()).Select(b => (string)b!["custom_id"]!));

        var closed = Assert.Single(Fake.ThreadsIn(TicketRig.TicketChannel));
        Assert.True(closed.Archived);
        Assert.True(closed.Locked);
        // The reply is shown in the thread before it is archived: an archived thread takes no edits.
        var requests = Fake.Requests.ToList();
        Assert.True(requests.IndexOf(reply) < requests.FindIndex(r => r.Route == FakeRoute.ModifyChannel));

        // The user's rating (a button press the conversation passes to the desk) is recorded on the closed ticket.
        Assert.True((await rig.Desk.RateAsync("discord", TicketRig.User, 1, 5, null, CancellationToken.None)).Succeeded);
        Assert.Equal(5, (await rig.Store.GetAsync(1, CancellationToken.None))!.Rating);
    }

    [Fact]
    public async Task Reopen_ClosedTicket_ThreadUnarchivedAndUnlocked_UserTold()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());
        await rig.CommandAsync("close", thread);

        await rig.CommandAsync("reopen", thread);

        var reopened = Assert.Single(Fake.ThreadsIn(TicketRig.TicketChannel));
        Assert.False(reopened.Archived);
        Assert.False(reopened.Locked);
        Assert.Contains("reopened by Bob", TicketRig.Plain((string?)Fake.RequestsTo(FakeRoute.EditOriginalResponse)[^1].Json!["content"]!), StringComparison.Ordinal);
        Assert.Contains(rig.DmsToUser(), t => t.Contains("Your ticket #1 is open again", StringComparison.Ordinal));
        Assert.Equal(TicketState.Open, (await rig.Store.GetAsync(1, CancellationToken.None))!.State);

        await rig.WriteInThreadAsync(thread, TicketRig.Staff, "Back on it.", TicketRig.StaffRole);
        Assert.Contains(rig.DmsToUser(), t => t.Contains("Back on it.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PastedPhrase_FromTheUserByDm_StoppedUserWarnedStaffToldWithoutIt()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());

        await rig.DmAsync("support asked for this: " + Phrase);

        Assert.Contains(rig.TextsIn(TicketRig.UserDm), t => t.Contains("was **not** passed on to the team", StringComparison.Ordinal));
        Assert.Contains(rig.TextsIn(thread), t => t.Contains("it was stopped and the user was warned", StringComparison.Ordinal));
        Assert.All(Fake.Requests.Where(r => r.Body.Length > 0), r => Assert.DoesNotContain("sausage", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PastedPhrase_ByStaffInTheThread_DeletedAtOnceNotRelayedStaffWarned()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());

        var id = await rig.WriteInThreadAsync(thread, TicketRig.Staff, "is this yours? " + Phrase, TicketRig.StaffRole);

        Assert.Contains(Fake.RequestsTo(FakeRoute.DeleteMessage), r => r.Path.EndsWith($"/channels/{thread}/messages/{id}", StringComparison.Ordinal) && r.Status == 204);
        Assert.DoesNotContain(rig.TextsIn(thread), t => t.Contains("sausage", StringComparison.Ordinal));
        Assert.Contains(rig.TextsIn(thread), t => t.Contains("it was not sent to the user", StringComparison.Ordinal));
        Assert.Empty(rig.DmsToUser());
    }

    [Fact]
    public async Task PastedPhrase_ByTheUserInTheThread_DeletedAndWarned()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());

        var id = await rig.WriteInThreadAsync(thread, TicketRig.User, Phrase);

        Assert.Contains(Fake.RequestsTo(FakeRoute.DeleteMessage), r => r.Path.EndsWith($"/messages/{id}", StringComparison.Ordinal) && r.Status == 204);
        Assert.DoesNotContain(rig.TextsIn(thread), t => t.Contains("sausage", StringComparison.Ordinal));
        Assert.Contains(rig.TextsIn(thread), t => t.Contains("contains a recovery phrase", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UserAcceptsNoDms_StaffToldInTheThread_CloseStillFilesTheTranscript()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());
        Fake.RefuseDms(555);

        await rig.WriteInThreadAsync(thread, TicketRig.Staff, "Did it arrive?", TicketRig.StaffRole);
        await rig.CommandAsync("close", thread, reason: "no answer");

        Assert.Contains(rig.TextsIn(thread), t => t.Contains("does not accept direct messages", StringComparison.Ordinal));
        Assert.Contains("closed by Bob", TicketRig.Plain((string?)Fake.RequestsTo(FakeRoute.EditOriginalResponse).Single().Json!["content"]!), StringComparison.Ordinal);
        Assert.Single(Fake.FilesIn(TicketRig.LogChannel));
        Assert.True(Assert.Single(Fake.ThreadsIn(TicketRig.TicketChannel)).Locked);
        Assert.Contains(Fake.RequestsTo(FakeRoute.CreateMessage), r => r.Status == 403);
    }

    [Fact]
    public async Task RateLimited_ThreadCreation_WaitedOutThenCreatedOnce()
    {
        Fake.Inject(FakeRoute.StartThread, FakeFault.RateLimited(0.3));

        var opening = await rig.OpenAsync();

        Assert.Equal(TicketOpeningOutcome.Opened, opening.Outcome);
        var attempts = Fake.RequestsTo(FakeRoute.StartThread);
        Assert.Equal([429, 201], attempts.Select(a => a.Status));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(280), $"retried after {(attempts[1].At - attempts[0].At).TotalMilliseconds} ms");
        Assert.Single(Fake.ThreadsIn(TicketRig.TicketChannel));
    }

    [Fact]
    public async Task Quiet_WarnedInTheThreadAndByDm_ThenClosedWithTheTranscript()
    {
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());

        rig.Clock.Advance(TimeSpan.FromHours(48));
        Assert.Equal(0, await rig.Desk.SweepInactiveAsync(CancellationToken.None));
        Assert.Contains(rig.TextsIn(thread), t => t.Contains("No messages in ticket #1 for 48 h", StringComparison.Ordinal));
        Assert.Contains(rig.DmsToUser(), t => t.Contains("has been quiet for a while", StringComparison.Ordinal));
        Assert.False(Assert.Single(Fake.ThreadsIn(TicketRig.TicketChannel)).Archived);

        rig.Clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(1, await rig.Desk.SweepInactiveAsync(CancellationToken.None));

        Assert.Contains(rig.TextsIn(thread), t => t.Contains("Ticket #1 is closed: no activity", StringComparison.Ordinal));
        Assert.Single(Fake.FilesIn(TicketRig.LogChannel));
        var closed = Assert.Single(Fake.ThreadsIn(TicketRig.TicketChannel));
        Assert.True(closed.Archived && closed.Locked);
        Assert.Contains(rig.DmsToUser(), t => t.Contains("Rate from 1 to 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Commands_WithTicketsSetUp_TicketCommandWithItsSubcommandsInServersOnly()
    {
        await rig.Bot.RegisterCommandsAsync(CancellationToken.None);

        var ticket = Fake.GlobalCommands.Single(c => (string)c!["name"]! == "ticket")!;
        Assert.Equal([0], ticket["contexts"]!.AsArray().Select(c => c!.GetValue<int>()));
        var subcommands = ticket["options"]!.AsArray();
        Assert.Equal(["claim", "close", "reopen"], subcommands.Select(s => (string)s!["name"]!));
        Assert.All(subcommands, s => Assert.Equal(1, s!["type"]!.GetValue<int>()));
        var reason = subcommands[1]!["options"]!.AsArray().Single()!;
        Assert.Equal(("reason", 3, false), ((string)reason["name"]!, reason["type"]!.GetValue<int>(), reason["required"]!.GetValue<bool>()));
        Assert.NotNull(ticket["description_localizations"]!["ru"]);
    }

    [Fact]
    public async Task Open_PlaceFails_ThreadNotLeftOpen_UserAskedToRetry()
    {
        Fake.Inject(FakeRoute.AddThreadMember, FakeFault.Error(404, 10007, "Unknown Member"));

        var opening = await rig.OpenAsync();

        Assert.Equal(TicketOpeningOutcome.Failed, opening.Outcome);
        Assert.True(Assert.Single(Fake.ThreadsIn(TicketRig.TicketChannel)).Archived);
        Assert.Null(await rig.Desk.OpenTicketOfAsync("discord", TicketRig.User, CancellationToken.None));
    }
}
