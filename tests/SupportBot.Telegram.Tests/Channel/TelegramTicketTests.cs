using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Tickets;
using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Telegram.Tests.Channel;

/// <summary>
/// Tickets on Telegram, end to end: a topic per ticket in the staff's forum supergroup, the user's private messages
/// relayed into it and staff's answers back, staff commands, the secret guard both ways, non-members refused, a
/// restart mid-ticket, and the inactivity check. Tickets are opened as the conversation engine opens them, with
/// <see cref="TicketDesk.OpenAsync"/>. Through Telegram.Bot, real HTTP and the fake Bot API.
/// </summary>
public sealed class TelegramTicketTests : IAsyncLifetime
{
    private const long Staff = -1001234567890;
    private const long User = 5005;
    private const long Alice = 6006; // staff: a member of the staff chat
    private const long Outsider = 7007; // not (or no longer) a member
    private const long OtherGroup = -100555;
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    private readonly string database = Path.Combine(Path.GetTempPath(), $"tg-tickets-{Guid.NewGuid():N}.db");
    private FakeBotApi api = null!;

    private static Dictionary<string, string?> Settings => new()
    {
        ["Telegram:StaffChatId"] = Staff.ToString(CultureInfo.InvariantCulture),
    };

    public async Task InitializeAsync()
    {
        api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, DefaultWaitTimeout = TimeSpan.FromSeconds(30) });
        api.SetForum(Staff);
        api.SetBotAdmin(Staff, canManageTopics: true);
        api.SetChatMember(Staff, Alice, "member");
        api.SetChatMember(Staff, Outsider, "left");
    }

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Conversation_RelayedBothWaysClaimedAndClosed_TranscriptsFiledAndRatingAsked()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api, settings: Settings);
        var (ticket, topic) = await OpenTicketAsync(bot);

        Assert.Equal($"#{ticket.Id} · bsc", api.Topic(Staff, topic)!.Name);
        await WaitInTopicAsync(topic, "What happened: My USDT deposit to Binance has not arrived");

        api.EnqueueUserMessage(User, User, "Hello team, it has been two hours", firstName: "Dana");
        var relayed = await WaitInTopicAsync(topic, "it has been two hours");
        Assert.StartsWith("👤 Dana:", relayed.Text, StringComparison.Ordinal);

        // A screenshot: copied into the topic with the bot's caption (the guard read the user's).
        var photo = Enqueue(api.UserPhoto(User, User, "this is what I see", firstName: "Dana"));
        await api.WaitUntilAsync(() => api.Copies.Any(c => c.SourceMessageId == photo), description: "the screenshot copied");
        var copy = api.Copies.Single(c => c.SourceMessageId == photo);
        Assert.Equal((Staff, topic, User), (copy.ChatId, copy.ThreadId, copy.FromChatId));
        Assert.Equal("👤 Dana:\n[photo] this is what I see", copy.Caption);

        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "/claim", firstName: "Alice"));
        await WaitInTopicAsync(topic, $"Ticket #{ticket.Id} claimed by Alice.");
        await WaitToUserAsync($"Alice from the team has taken your ticket #{ticket.Id}.");

        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "Please send the transaction hash from BscScan", firstName: "Alice"));
        var answer = await WaitToUserAsync("Please send the transaction hash from BscScan");
        Assert.StartsWith("💬 Team:", answer.PlainText, StringComparison.Ordinal);

        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "// probably a missing memo", firstName: "Alice"));
        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "/close@support_test_bot credited after the memo fix", firstName: "Alice"));
        await WaitInTopicAsync(topic, $"Ticket #{ticket.Id} closed by Alice: credited after the memo fix");
        await api.WaitUntilAsync(() => api.Topic(Staff, topic)!.Closed, description: "the topic closed");
        var rating = await WaitToUserAsync($"How did the team do with ticket #{ticket.Id}?");

        Assert.DoesNotContain(api.SentMessages(User), m => m.PlainText.Contains("memo", StringComparison.Ordinal) && !m.PlainText.Contains("closed", StringComparison.Ordinal));
        Assert.Contains(api.SentMessages(User), m => m.PlainText == $"Ticket #{ticket.Id} is closed: credited after the memo fix");
        Assert.Equal(Enumerable.Range(1, 5).Select(n => ChoicePayload.Rate(ticket.Id, n)), rating.Buttons.Select(b => b.CallbackData));

        // No log chat: the full transcript goes into the topic; the user's has no internal note and no staff summary.
        var staffCopy = api.Documents.Single(d => d.ChatId == Staff);
        Assert.Equal((topic, $"ticket-{ticket.Id}.txt"), (staffCopy.ThreadId, staffCopy.FileName));
        Assert.Contains("Hello team, it has been two hours", staffCopy.Text, StringComparison.Ordinal);
        Assert.Contains("note Alice: // probably a missing memo", staffCopy.Text, StringComparison.Ordinal);
        var userCopy = api.Documents.Single(d => d.ChatId == User);
        Assert.Contains("user Dana: [photo] this is what I see", userCopy.Text, StringComparison.Ordinal);
        Assert.Contains("staff Alice: Please send the transaction hash from BscScan", userCopy.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("memo", userCopy.Text.Replace("credited after the memo fix", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("Reply here and the user gets it", userCopy.Text, StringComparison.Ordinal);

        // The rating press reaches the conversation, like any button; what the user writes now is no longer relayed.
        api.EnqueueCallbackQuery(User, User, rating.MessageId, ChoicePayload.Rate(ticket.Id, 5));
        await api.WaitForCallbackAnswersAsync(1);
        var inTopic = api.TopicMessages(Staff, topic).Count;
        api.EnqueueUserMessage(User, User, "thanks, all good now", firstName: "Dana");
        await WaitUntilHandledAsync(bot);
        Assert.Equal(inTopic, api.TopicMessages(Staff, topic).Count);
    }

    [Fact]
    public async Task FromTheConversation_AskedForAPerson_FormSentAnsweredClosedRatedWithAComment_FiguresCountIt()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api, database, settings: Settings);

        // As people write it: no command, a typo, lower case.
        api.EnqueueUserMessage(User, User, "can i talk to a real persn pls", firstName: "Dana");
        var offer = await WaitForButtonAsync("g:ticket");
        api.EnqueueCallbackQuery(User, User, offer, "g:ticket");
        await WaitForButtonAsync("g:ticket:send");

        api.EnqueueUserMessage(User, User, "withdrew 120 USDT from binance via BEP20 to metamask 3 hours ago, still nothing", firstName: "Dana");
        await WaitToUserAsync("withdrew 120 USDT from binance");
        var send = await WaitForButtonAsync("g:ticket:send");
        api.EnqueueCallbackQuery(User, User, send, "g:ticket:send");

        // The pressed form turns into the answer (an edit of that message).
        var opened = await WaitShownToUserAsync("Ticket #1 is open");
        Assert.Contains("right here", opened, StringComparison.Ordinal);
        var topic = api.Topics(Staff).Single().ThreadId;
        await WaitInTopicAsync(topic, "What happened: withdrew 120 USDT from binance via BEP20 to metamask");

        api.EnqueueUserMessage(User, User, "any news?", firstName: "Dana");
        await WaitInTopicAsync(topic, "any news?");
        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "Found it on BscScan: it is in your wallet, import USDT", firstName: "Alice"));
        await WaitToUserAsync("Found it on BscScan");
        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "/close imported, balance shows", firstName: "Alice"));
        await WaitToUserAsync("How did the team do with ticket #1?");

        // The notice comes before the rating question.
        var toUser = api.SentMessages(User).Select(m => m.PlainText).ToList();
        Assert.True(toUser.FindIndex(t => t.Contains("Ticket #1 is closed: imported, balance shows", StringComparison.Ordinal))
            < toUser.FindIndex(t => t.Contains("How did the team do", StringComparison.Ordinal)));

        var rate = await WaitForButtonAsync(ChoicePayload.Rate(1, 4));
        api.EnqueueCallbackQuery(User, User, rate, ChoicePayload.Rate(1, 4));
        await WaitShownToUserAsync("Thank you for the rating!");
        api.EnqueueUserMessage(User, User, "quick and clear, thx", firstName: "Dana");
        await WaitToUserAsync("the team will read your comment");

        var ticket = await bot.Services.GetRequiredService<ITicketStore>().GetAsync(1, CancellationToken.None);
        Assert.Equal((TicketState.Closed, 4, "quick and clear, thx"), (ticket!.State, ticket.Rating, ticket.RatingComment));
        Assert.Equal("bsc", ticket.Form.Network);
        Assert.DoesNotContain(api.TopicMessages(Staff, topic), m => m.Text.Contains("quick and clear", StringComparison.Ordinal));

        // The figures over that period, as `stats` computes them.
        var to = DateTimeOffset.MaxValue;
        var figures = SupportFigures.Compute(DateTimeOffset.MinValue, to,
            await bot.Services.GetRequiredService<IConversationEvents>().ReadAsync(DateTimeOffset.MinValue, to, CancellationToken.None),
            await bot.Services.GetRequiredService<ITicketStore>().ListOpenedAsync(DateTimeOffset.MinValue, to, CancellationToken.None));
        Assert.Equal((1, 1, 1, 0, 1), (figures.Escalated, figures.Tickets.Opened, figures.Tickets.Closed, figures.Tickets.StillOpen, figures.Tickets.Answered));
        Assert.Equal((1, (double?)4.0, 1), (figures.Tickets.Ratings.Count, figures.Tickets.Ratings.Average, figures.Tickets.Ratings.Comments));
    }

    /// <summary>The text of a message in the user's chat as it reads now, after any edits.</summary>
    private async Task<string> WaitShownToUserAsync(string text)
    {
        string? found = null;
        await api.WaitUntilAsync(() => (found = api.SentMessages(User).Select(m => m.MessageId).Distinct()
            .Select(id => api.GetMessage(User, id)?.Text).LastOrDefault(t => t?.Contains(text, StringComparison.Ordinal) == true)) is not null,
            description: $"\"{text}\" shown to the user");
        return found!;
    }

    /// <summary>The message that now (after any edits) carries a button with <paramref name="callbackData"/>.</summary>
    private async Task<int> WaitForButtonAsync(string callbackData)
    {
        int? found = null;
        await api.WaitUntilAsync(() => (found = api.SentMessages(User).Select(m => m.MessageId).Distinct().Reverse()
            .FirstOrDefault(id => api.GetMessage(User, id)?.ReplyMarkup?["inline_keyboard"]?.AsArray()
                .SelectMany(row => row!.AsArray()).Any(b => (string?)b!["callback_data"] == callbackData) == true) is > 0 and var id ? id : null) is not null,
            description: $"a button {callbackData}");
        return found!.Value;
    }

    [Fact]
    public async Task Reopen_TopicOpenAgainAndRelayResumes_ClosedTicketRelaysNothing()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api, settings: Settings);
        var (ticket, topic) = await OpenTicketAsync(bot);

        // Commands still reach the conversation while a ticket is open: /start shows the menu, staff see nothing of it.
        var before = api.TopicMessages(Staff, topic).Count;
        api.EnqueueUserMessage(User, User, "/start", firstName: "Dana");
        await api.WaitUntilAsync(() => api.SentMessages(User).Any(m => m.Buttons.Any()), description: "the menu");
        Assert.Equal(before, api.TopicMessages(Staff, topic).Count);

        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "/close", firstName: "Alice"));
        await api.WaitUntilAsync(() => api.Topic(Staff, topic)!.Closed, description: "the topic closed");

        // An administrator can still write in a closed topic: the user does not get it, staff are told.
        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "one more thing", firstName: "Alice"));
        await WaitInTopicAsync(topic, "the user did not get this. Reopen it first.");

        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "/reopen", firstName: "Alice"));
        await WaitInTopicAsync(topic, $"Ticket #{ticket.Id} reopened by Alice.");
        await api.WaitUntilAsync(() => !api.Topic(Staff, topic)!.Closed, description: "the topic reopened");
        await WaitToUserAsync($"Your ticket #{ticket.Id} is open again");

        api.EnqueueUserMessage(User, User, "it happened again", firstName: "Dana");
        await WaitInTopicAsync(topic, "it happened again");
        Assert.DoesNotContain(api.SentMessages(User), m => m.PlainText.Contains("one more thing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Media_ScreenshotsCopiedBothWays_StickersDescribed()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api, settings: Settings);
        var (_, topic) = await OpenTicketAsync(bot);

        // Staff show the user where to click: a copy with the team's caption; the staff member's own caption stays behind.
        var screenshot = Enqueue(api.UserPhoto(Staff, Alice, "tap Import tokens here", threadId: topic, chatType: "supergroup", firstName: "Alice"));
        await api.WaitUntilAsync(() => api.Copies.Any(c => c.SourceMessageId == screenshot), description: "the staff screenshot copied");
        var copy = api.Copies.Single(c => c.SourceMessageId == screenshot);
        Assert.Equal((User, (int?)null, Staff, "💬 Team:\n[photo] tap Import tokens here"), (copy.ChatId, copy.ThreadId, copy.FromChatId, copy.Caption));

        var sticker = api.UserMessage(User, User, "sticker", firstName: "Dana");
        var message = (JsonObject)sticker["message"]!;
        message.Remove("text");
        message["sticker"] = new JsonObject
        {
            ["file_id"] = "sticker-1", ["file_unique_id"] = "s1", ["type"] = "regular", ["width"] = 512, ["height"] = 512,
            ["is_animated"] = false, ["is_video"] = false, ["emoji"] = "👍",
        };
        api.EnqueueUpdate(sticker);
        var described = await WaitInTopicAsync(topic, "[sticker 👍]");

        Assert.Equal("👤 Dana:\n[sticker 👍]", described.Text);
        Assert.Single(api.Copies); // a sticker is not copied: it has no caption to carry the author
    }

    [Fact]
    public async Task PastedPhrase_StoppedInBothDirections_DeletedAndItsAuthorWarned()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api, database, settings: Settings);
        var (_, topic) = await OpenTicketAsync(bot);

        var leak = Enqueue(api.UserMessage(User, User, $"here is my phrase {Phrase}", firstName: "Dana"));
        await WaitToUserAsync("That message was not passed on to the team: it contains a recovery phrase.");
        await WaitInTopicAsync(topic, "The user sent a message holding a recovery phrase or private key; it was stopped and the user was warned.");
        Assert.Contains(api.Deletions, d => d.ChatId == User && d.MessageId == leak);

        var staffLeak = Enqueue(api.TopicMessage(Staff, topic, Alice, $"type this into MetaMask: {Phrase}", firstName: "Alice"));
        await WaitInTopicAsync(topic, "That message looks like it holds a recovery phrase or private key, so it was not sent to the user.");
        Assert.Contains(api.Deletions, d => d.ChatId == Staff && d.MessageId == staffLeak);

        // A staff answer edited into a phrase afterwards goes the same way (the user got the original only).
        var answer = Enqueue(api.TopicMessage(Staff, topic, Alice, "checking your wallet now", firstName: "Alice"));
        await WaitToUserAsync("checking your wallet now");
        api.EnqueueUpdate(api.UserEdit(Staff, answer, $"checking {Phrase}"));
        await api.WaitUntilAsync(() => api.Deletions.Any(d => d.ChatId == Staff && d.MessageId == answer), description: "the edited answer deleted");
        await api.WaitUntilAsync(() => api.TopicMessages(Staff, topic).Count(m => m.Text.StartsWith("That message looks like it holds", StringComparison.Ordinal)) == 2,
            description: "the second warning in the topic");

        // A screenshot's caption is read too.
        var photo = Enqueue(api.UserPhoto(User, User, Phrase, firstName: "Dana"));
        await api.WaitUntilAsync(() => api.Deletions.Any(d => d.ChatId == User && d.MessageId == photo), description: "the captioned photo deleted");
        await WaitUntilHandledAsync(bot);

        Assert.Empty(api.Copies);
        Assert.DoesNotContain(api.TopicMessages(Staff, topic), m => m.Text.Contains("sausage", StringComparison.Ordinal));
        Assert.DoesNotContain(api.SentMessages(User), m => m.PlainText.Contains("sausage", StringComparison.Ordinal) || m.PlainText.Contains("MetaMask", StringComparison.Ordinal));
        var lines = await bot.Services.GetRequiredService<ITicketMessages>().ListAsync(1, CancellationToken.None);
        Assert.DoesNotContain(lines, l => l.Text.Contains("sausage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NonMember_RefusedInTheTopic_CommandsElsewhereDoNothing_AnonymousAdminIsStaff()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api, settings: Settings);
        var (ticket, topic) = await OpenTicketAsync(bot);
        var desk = bot.Services.GetRequiredService<TicketDesk>();

        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Outsider, "hi, I can help you, DM me", firstName: "Mallory"));
        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Outsider, "/claim", firstName: "Mallory"));
        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Outsider, "/close", firstName: "Mallory"));
        await api.WaitUntilAsync(() => api.TopicMessages(Staff, topic).Count(m => m.Text == $"Only staff can write in ticket #{ticket.Id}.") == 3,
            description: "three refusals");

        // The ticket commands anywhere but in the ticket's topic: the user's private chat, another group, the staff chat's General topic.
        api.EnqueueUserMessage(User, User, "/close", firstName: "Dana");
        api.EnqueueUserMessage(OtherGroup, Alice, "/claim", chatType: "supergroup", firstName: "Alice");
        api.EnqueueUpdate(api.UserMessage(Staff, Alice, "/close", chatType: "supergroup", firstName: "Alice"));
        await WaitUntilHandledAsync(bot);

        var now = await desk.OpenTicketOfAsync("telegram", User.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.Equal((TicketState.Open, null), (now!.State, now.ClaimedBy));
        Assert.DoesNotContain(api.SentMessages(User), m => m.PlainText.Contains("DM me", StringComparison.Ordinal));
        Assert.Empty(api.SentMessages(OtherGroup));
        Assert.False(api.Topic(Staff, topic)!.Closed);

        // An anonymous administrator writes as the staff chat itself: only its administrators can, so they are staff.
        api.EnqueueUpdate(api.AnonymousAdminMessage(Staff, topic, "We are looking into it", signature: "Support lead"));
        var answer = await WaitToUserAsync("We are looking into it");
        Assert.StartsWith("💬 Team:", answer.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestartMidTicket_EveryRelayedMessageArrivesOnce_ButTheOneInFlight()
    {
        int topic;
        await using (var first = await TelegramBotHarness.StartAsync(api, database, settings: Settings))
        {
            (_, topic) = await OpenTicketAsync(first);
            api.EnqueueUserMessage(User, User, "first: still missing", firstName: "Dana");
            await WaitInTopicAsync(topic, "first: still missing");

            // The relay of "second" reaches Telegram, but its answer never comes back; "third" is committed behind it.
            api.HangResponse("sendMessage", chatId: Staff);
            api.EnqueueUserMessage(User, User, "second: here is the hash", firstName: "Dana");
            await api.WaitUntilAsync(() => api.HungResponses == 1, description: "the second relay in flight");
            api.EnqueueUserMessage(User, User, "third: any news?", firstName: "Dana");
            api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "answer one: checking now", firstName: "Alice"));
            await WaitToUserAsync("answer one: checking now");
            await WaitUntilHandledAsync(first);
            Assert.DoesNotContain(api.TopicMessages(Staff, topic), m => m.Text.Contains("third", StringComparison.Ordinal));
        } // stopped while Telegram's answer is owed

        Assert.Equal(2, OutboundRows()); // the relay in flight and the one behind it: owed, nothing else

        await using (var second = await TelegramBotHarness.StartAsync(api, database, settings: Settings))
        {
            await WaitInTopicAsync(topic, "third: any news?");
            api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "answer two: it is credited", firstName: "Alice"));
            api.EnqueueUserMessage(User, User, "fourth: I see it, thanks", firstName: "Dana");
            await WaitToUserAsync("answer two: it is credited");
            await WaitInTopicAsync(topic, "fourth: I see it, thanks");
            await WaitUntilHandledAsync(second);

            var inTopic = api.TopicMessages(Staff, topic).Select(m => m.Text).ToList();
            Assert.Single(inTopic, t => t.Contains("first:", StringComparison.Ordinal));
            Assert.InRange(inTopic.Count(t => t.Contains("second:", StringComparison.Ordinal)), 1, 2); // in flight at the stop: may repeat, once
            Assert.Single(inTopic, t => t.Contains("third:", StringComparison.Ordinal));
            Assert.Single(inTopic, t => t.Contains("fourth:", StringComparison.Ordinal));
            Assert.Single(api.SentMessages(User), m => m.PlainText.Contains("answer one:", StringComparison.Ordinal));
            Assert.Single(api.SentMessages(User), m => m.PlainText.Contains("answer two:", StringComparison.Ordinal));

            // The transcript holds each line once.
            var lines = (await second.Services.GetRequiredService<ITicketMessages>().ListAsync(1, CancellationToken.None)).Select(l => l.Text).ToList();
            string[] expected = ["first: still missing", "second: here is the hash", "third: any news?", "answer one: checking now", "answer two: it is credited",
                "fourth: I see it, thanks"];
            Assert.Equal(expected.Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task QuietTicket_WarnedThenClosedByTheInactivityCheck_TopicClosedUserToldAndAskedToRate()
    {
        var clock = new FakeTimeProvider(TestClock.Epoch);
        await using var fake = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, TimeProvider = clock });
        await api.DisposeAsync();
        api = fake;
        fake.SetForum(Staff);
        fake.SetBotAdmin(Staff, canManageTopics: true);
        await using var bot = await TelegramBotHarness.StartAsync(fake, settings: Settings, time: clock);
        var desk = bot.Services.GetRequiredService<TicketDesk>();
        var (ticket, topic) = await OpenTicketAsync(bot, clock);

        clock.Advance(desk.Options.InactivityWarning);
        Assert.Equal(0, await desk.SweepInactiveAsync(CancellationToken.None));
        await WaitInTopicAsync(topic, $"No messages in ticket #{ticket.Id} for 48 h; it closes in 24 h unless someone writes.", clock);
        await WaitToUserAsync($"Your ticket #{ticket.Id} has been quiet for a while.", clock);

        clock.Advance(desk.Options.InactivityClose);
        Assert.Equal(1, await desk.SweepInactiveAsync(CancellationToken.None));
        await WaitUntilAsync(() => fake.Topic(Staff, topic)!.Closed, clock);
        await WaitToUserAsync($"Ticket #{ticket.Id} is closed: no activity", clock);
        var rating = await WaitToUserAsync($"How did the team do with ticket #{ticket.Id}?", clock);
        Assert.Equal(5, rating.Buttons.Count());
        Assert.Contains(fake.Documents, d => d.ChatId == User && d.FileName == $"ticket-{ticket.Id}.txt");
        Assert.Equal(0, await desk.SweepInactiveAsync(CancellationToken.None)); // closed once
    }

    [Fact]
    public async Task TicketLogChat_ClosedTranscriptFiledThereInItsTopic()
    {
        const long Log = -1009876543210;
        api.SetForum(Log, "Ticket log");
        api.SetBotAdmin(Log, canManageTopics: true);
        var logTopic = await CreateTopicAsAdminAsync(Log, "Transcripts");
        var settings = Settings;
        settings["Telegram:TicketLogChatId"] = Log.ToString(CultureInfo.InvariantCulture);
        settings["Telegram:TicketLogThreadId"] = logTopic.ToString(CultureInfo.InvariantCulture);
        await using var bot = await TelegramBotHarness.StartAsync(api, settings: settings);
        var (ticket, topic) = await OpenTicketAsync(bot);
        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "// a note for the log", firstName: "Alice"));
        api.EnqueueUpdate(api.TopicMessage(Staff, topic, Alice, "/close duplicate", firstName: "Alice"));
        await api.WaitUntilAsync(() => api.Documents.Count == 2, description: "two transcripts");

        var filed = api.Documents.Single(d => d.ChatId == Log);
        Assert.Equal((logTopic, $"ticket-{ticket.Id}.txt"), (filed.ThreadId, filed.FileName));
        Assert.Contains("a note for the log", filed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Documents, d => d.ChatId == Staff);
    }

    [Theory]
    [InlineData(false, true, "is not a forum supergroup")]
    [InlineData(true, false, "The bot cannot manage topics")]
    public async Task StaffChatNotUsable_StartUpStopsWithWhatToChange(bool forum, bool canManageTopics, string expected)
    {
        const long Plain = -1005550000000;
        if (forum)
        {
            api.SetForum(Plain);
        }
        else
        {
            api.SetChat(Plain, "supergroup", "Staff");
        }

        api.SetBotAdmin(Plain, canManageTopics);
        var settings = Settings;
        settings["Telegram:StaffChatId"] = Plain.ToString(CultureInfo.InvariantCulture);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TelegramBotHarness.StartAsync(api, settings: settings));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("Telegram:StaffChatId", error.Message, StringComparison.Ordinal);
        Assert.Contains("Manage topics", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffChatUnknownToTelegram_StartUpStopsAndSaysSo()
    {
        var settings = Settings;
        settings["Telegram:StaffChatId"] = "-1004440000000";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TelegramBotHarness.StartAsync(api, settings: settings));
        Assert.Contains("chat not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TicketLogChatUnknownToTelegram_StartUpStopsAndSaysSo()
    {
        var settings = Settings;
        settings["Telegram:TicketLogChatId"] = "-1003330000000";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TelegramBotHarness.StartAsync(api, settings: settings));
        Assert.StartsWith("Telegram:TicketLogChatId -1003330000000: Telegram says \"Bad Request: chat not found\"", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Opens a ticket as the conversation does once the user confirmed the form; waits for its topic.</summary>
    private async Task<(Ticket Ticket, int Topic)> OpenTicketAsync(TelegramBotHarness bot, FakeTimeProvider? clock = null)
    {
        var desk = bot.Services.GetRequiredService<TicketDesk>();
        var id = User.ToString(CultureInfo.InvariantCulture);
        var opening = await desk.OpenAsync(new TicketRequest($"telegram/{id}", "telegram", id,
            new TicketForm("My USDT deposit to Binance has not arrived", "bsc", null), "en"), CancellationToken.None);
        Assert.Equal(TicketOpeningOutcome.Opened, opening.Outcome);
        var topic = int.Parse(opening.Ticket!.Place!, CultureInfo.InvariantCulture);
        await WaitInTopicAsync(topic, $"Ticket #{opening.Ticket.Id}", clock);
        return (opening.Ticket, topic);
    }

    private async Task<int> CreateTopicAsAdminAsync(long chat, string name)
    {
        using var http = new HttpClient();
        var answer = await http.PostAsync(new Uri($"{api.Url}bot{api.Token}/createForumTopic"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["chat_id"] = chat.ToString(CultureInfo.InvariantCulture), ["name"] = name }));
        var json = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        api.SetBotAdmin(chat, canManageTopics: false); // made by a person, as far as the bot is concerned
        return (int)json["result"]!["message_thread_id"]!;
    }

    private async Task<ChatMessage> WaitInTopicAsync(int topic, string text, FakeTimeProvider? clock = null)
    {
        await WaitUntilAsync(() => api.TopicMessages(Staff, topic).Any(m => m.Text.Contains(text, StringComparison.Ordinal)), clock,
            $"\"{text}\" in topic {topic}");
        return api.TopicMessages(Staff, topic).Last(m => m.Text.Contains(text, StringComparison.Ordinal));
    }

    private async Task<SentMessage> WaitToUserAsync(string text, FakeTimeProvider? clock = null)
    {
        await WaitUntilAsync(() => api.SentMessages(User).Any(m => m.PlainText.Contains(text, StringComparison.Ordinal)), clock, $"\"{text}\" to the user");
        return api.SentMessages(User).Last(m => m.PlainText.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>With a clock of the test's, time moves on a second at a time while waiting, so the per-chat limits let messages through.</summary>
    private async Task WaitUntilAsync(Func<bool> condition, FakeTimeProvider? clock, string? description = null)
    {
        if (clock is null)
        {
            await api.WaitUntilAsync(condition, description: description);
            return;
        }

        for (var i = 0; i < 300 && !condition(); i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.True(condition(), description);
    }

    /// <summary>Every update fetched from the fake is handled and its turn committed.</summary>
    private async Task WaitUntilHandledAsync(TelegramBotHarness bot)
    {
        await api.WaitForUpdatesConsumedAsync();
        var inbox = bot.Services.GetRequiredService<IUpdateInbox>();
        for (var i = 0; i < 400 && (await inbox.PendingAsync("telegram", 1, CancellationToken.None)).Count > 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.Empty(await inbox.PendingAsync("telegram", 1, CancellationToken.None));
    }

    private int Enqueue(JsonObject update)
    {
        api.EnqueueUpdate(update);
        return (int)update["message"]!["message_id"]!;
    }

    private int OutboundRows()
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM channel_outbound;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
