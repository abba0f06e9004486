using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Polling;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SupportBot.Telegram.Tests.Fakes;

/// <summary>The fake Bot API driven by the real Telegram.Bot client over loopback HTTP.</summary>
public sealed class FakeBotApiTests : IAsyncLifetime
{
    private const long UserChat = 42;
    private const long Group = -1001234567890;

    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false });
    private FakeBotApi fake = null!;

    public async Task InitializeAsync() => fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync()
    {
        await fake.DisposeAsync();
        http.Dispose();
    }

    [Fact]
    public async Task GetMe_ReturnsTheBotUser()
    {
        var me = await Bot().GetMe();

        Assert.Equal(123456, me.Id);
        Assert.True(me.IsBot);
        Assert.Equal("support_test_bot", me.Username);
    }

    [Fact]
    public async Task RawHttp_WrongTokenUnknownMethodFormAndQuery_AnswerAsTelegramDoes()
    {
        var wrongToken = await http.PostAsync(Endpoint("bot999:WRONG/getMe"), null);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Equal("""{"ok":false,"error_code":401,"description":"Unauthorized"}""", await wrongToken.Content.ReadAsStringAsync());

        var unknown = await http.PostAsync(Endpoint($"bot{fake.Token}/sendTelepathy"), null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("""{"ok":false,"error_code":404,"description":"Not Found: method not found"}""", await unknown.Content.ReadAsStringAsync());

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["chat_id"] = "42",
            ["text"] = "<i>form</i>",
            ["parse_mode"] = "HTML",
            ["reply_markup"] = """{"inline_keyboard":[[{"text":"Go","url":"https://example.org"}]]}""",
        });
        var sent = JsonNode.Parse(await (await http.PostAsync(Endpoint($"bot{fake.Token}/sendMessage"), form)).Content.ReadAsStringAsync())!;
        Assert.True((bool)sent["ok"]!);
        Assert.Equal("form", (string?)sent["result"]!["text"]);
        Assert.Equal("https://example.org", fake.SentMessages(UserChat).Single().Buttons.Single().Url);

        var me = JsonNode.Parse(await http.GetStringAsync(Endpoint($"bot{fake.Token}/GETME?unused=1")))!;
        Assert.Equal(123456L, (long)me["result"]!["id"]!);
    }

    [Fact]
    public async Task SendMessage_WithInlineKeyboard_RoundTripsTheMarkup()
    {
        var bot = Bot();
        var keyboard = new InlineKeyboardMarkup(
        [
            [InlineKeyboardButton.WithCallbackData("Yes", "answer:yes"), InlineKeyboardButton.WithCallbackData("No", "answer:no")],
            [InlineKeyboardButton.WithUrl("Docs", "https://example.org/docs")],
        ]);

        var first = await bot.SendMessage(chatId: UserChat, text: "Proceed?", replyMarkup: keyboard,
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true });
        var second = await bot.SendMessage(chatId: UserChat, text: "Second");

        Assert.Equal(first.Id + 1, second.Id);
        Assert.Equal(ChatType.Private, first.Chat.Type);
        Assert.True(first.From!.IsBot);
        Assert.InRange(first.Date, TestClock.Instance.GetUtcNow().UtcDateTime.AddMinutes(-1), TestClock.Instance.GetUtcNow().UtcDateTime.AddMinutes(1));
        var rows = first.ReplyMarkup!.InlineKeyboard.Select(row => row.ToArray()).ToArray();
        Assert.Equal("answer:no", rows[0][1].CallbackData);
        Assert.Equal("https://example.org/docs", rows[1][0].Url);
        Assert.Null(second.ReplyMarkup);

        var recorded = await fake.WaitForMessagesAsync(UserChat, 2);
        Assert.Equal(["Yes", "No", "Docs"], recorded[0].Buttons.Select(b => b.Text));
        Assert.Equal("answer:yes", recorded[0].InlineKeyboard[0][0].CallbackData);
        Assert.True((bool?)recorded[0].LinkPreviewOptions!["is_disabled"]);
        Assert.Equal("Second", recorded[1].Text);
    }

    [Fact]
    public async Task GetUpdates_LongPoll_ReturnsEnqueuedStartAndConfirmsByOffset()
    {
        var bot = Bot();
        var watch = Stopwatch.StartNew();
        var poll = bot.GetUpdates(timeout: 10);
        await fake.WaitUntilAsync(() => fake.GetUpdatesCalls.Count == 1);

        var id = fake.EnqueueUpdate(fake.UserMessage(UserChat, UserChat, "/start", languageCode: "ru"));
        var updates = await poll.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "the long poll answered as soon as the update came");
        var update = Assert.Single(updates);
        Assert.Equal(id, update.Id);
        Assert.Equal(UpdateType.Message, update.Type);
        Assert.Equal(ChatType.Private, update.Message!.Chat.Type);
        Assert.Equal("ru", update.Message.From!.LanguageCode);
        Assert.Equal("/start", update.Message.Text);
        Assert.Equal(MessageEntityType.BotCommand, update.Message.Entities!.Single().Type);

        // Not confirmed yet: asked again without an offset, Telegram returns it again.
        Assert.Equal(id, Assert.Single(await bot.GetUpdates(timeout: 0)).Id);

        Assert.Empty(await bot.GetUpdates(offset: id + 1, timeout: 0));
        Assert.Equal(0, fake.PendingUpdateCount);
        Assert.Equal([null, null, id + 1], fake.GetUpdatesCalls.Select(c => c.Offset));
        Assert.Equal([id], fake.GetUpdatesCalls[0].ReturnedUpdateIds);
    }

    [Fact]
    public async Task GetUpdates_HonoursLimitNegativeOffsetAndAllowedUpdates()
    {
        var bot = Bot();
        var ids = Enumerable.Range(0, 3).Select(i => fake.EnqueueUserMessage(UserChat, UserChat, $"m{i}")).ToArray();
        fake.EnqueueUpdate(fake.BotMembershipChange(UserChat, UserChat, "member", "kicked"));

        Assert.Equal(ids[..2], (await bot.GetUpdates(limit: 2, timeout: 0)).Select(u => u.Id));
        Assert.Equal([UpdateType.MyChatMember], (await bot.GetUpdates(offset: -1, timeout: 0)).Select(u => u.Type));
        Assert.Equal(1, fake.PendingUpdateCount);

        fake.EnqueueUserMessage(UserChat, UserChat, "dropped by allowed_updates");
        var onlyMembership = await bot.GetUpdates(timeout: 0, allowedUpdates: [UpdateType.MyChatMember]);
        Assert.Equal([UpdateType.MyChatMember], onlyMembership.Select(u => u.Type));
    }

    [Fact]
    public async Task EnqueueUpdate_AcceptsTypedAndAnonymousUpdates()
    {
        var typed = fake.EnqueueUpdate(new Update
        {
            Message = new Message { Id = 77, Date = TestClock.Instance.GetUtcNow().UtcDateTime, Chat = new Chat { Id = UserChat, Type = ChatType.Private }, Text = "typed" },
        });
        var anonymous = fake.EnqueueUpdate((object)new
        {
            callback_query = new { id = "q1", from = new { id = UserChat, is_bot = false, first_name = "A" }, chat_instance = "ci", data = "x:1" },
        });

        var updates = await Bot().GetUpdates(timeout: 0);

        Assert.Equal([typed, anonymous], updates.Select(u => u.Id));
        Assert.Equal("typed", updates[0].Message!.Text);
        Assert.Equal(77, updates[0].Message!.Id);
        Assert.Equal("x:1", updates[1].CallbackQuery!.Data);
        await Bot().AnswerCallbackQuery(callbackQueryId: "q1");
    }

    [Fact]
    public async Task SendMessage_ParsesMarkupIntoPlainTextAndEntities()
    {
        var bot = Bot();

        var html = await bot.SendMessage(chatId: UserChat, parseMode: ParseMode.Html,
            text: "  <b>Tx</b> <a href=\"https://bscscan.com/tx/0x1\">link</a> &lt;3 &#128512; <pre><code class=\"language-json\">{}</code></pre>\n");
        Assert.Equal("Tx link <3 \U0001F600 {}", html.Text);
        Assert.Equal([MessageEntityType.Bold, MessageEntityType.TextLink, MessageEntityType.Pre], html.Entities!.Select(e => e.Type));
        Assert.Equal("https://bscscan.com/tx/0x1", html.Entities![1].Url);
        Assert.Equal("json", html.Entities![2].Language);
        Assert.Equal(html.Text!.IndexOf('{', StringComparison.Ordinal), html.Entities![2].Offset);

        var markdown = await bot.SendMessage(chatId: UserChat, parseMode: ParseMode.MarkdownV2, text: "*Done*\\. Fee: `0.1` [docs](https://example.org/a\\)b)");
        Assert.Equal("Done. Fee: 0.1 docs", markdown.Text);
        Assert.Equal([MessageEntityType.Bold, MessageEntityType.Code, MessageEntityType.TextLink], markdown.Entities!.Select(e => e.Type));
        Assert.Equal("https://example.org/a)b", markdown.Entities![2].Url);

        Assert.Equal("  <b>Tx</b>", fake.SentMessages(UserChat)[0].Text[..11]);
        Assert.Equal("Done. Fee: 0.1 docs", fake.SentMessages(UserChat)[1].PlainText);
    }

    [Fact]
    public async Task GetUpdates_SecondPoller_TerminatesTheFirstWithConflict()
    {
        var bot = Bot();
        var first = bot.GetUpdates(timeout: 10);
        await fake.WaitUntilAsync(() => fake.GetUpdatesCalls.Count == 1);

        Assert.Empty(await bot.GetUpdates(timeout: 0));

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => first);
        Assert.Equal(409, error.ErrorCode);
        Assert.Contains("terminated by other getUpdates request", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receiver_PollsWithTheLibraryLoop_AndTheHandlerReplies()
    {
        var bot = Bot();
        using var stop = new CancellationTokenSource();
        bot.StartReceiving(
            async (client, update, ct) =>
            {
                if (update.Message is { Text: { } text } message)
                {
                    await client.SendMessage(chatId: message.Chat.Id, text: "echo: " + text, cancellationToken: ct);
                }
            },
            (_, _, _, _) => Task.CompletedTask,
            new ReceiverOptions { AllowedUpdates = [UpdateType.Message] },
            stop.Token);

        fake.EnqueueUserMessage(UserChat, UserChat, "one");
        fake.EnqueueUserMessage(UserChat, UserChat, "two");

        var replies = await fake.WaitForMessagesAsync(UserChat, 2);
        Assert.Equal(["echo: one", "echo: two"], replies.Select(m => m.Text));
        await fake.WaitForUpdatesConsumedAsync();
        await stop.CancelAsync();
    }

    [Fact]
    public async Task CallbackQuery_ArrivesAsCallbackQuery_AndIsAnsweredOnce()
    {
        var bot = Bot();
        var sent = await bot.SendMessage(chatId: UserChat, text: "Pick",
            replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("One", "x:1")));
        fake.EnqueueCallbackQuery(UserChat, UserChat, sent.Id, "x:1");

        var update = Assert.Single(await bot.GetUpdates(timeout: 5));

        Assert.Equal(UpdateType.CallbackQuery, update.Type);
        var query = update.CallbackQuery!;
        Assert.Equal("x:1", query.Data);
        Assert.Equal(sent.Id, query.Message!.Id);
        Assert.Equal("x:1", query.Message.ReplyMarkup!.InlineKeyboard.Single().Single().CallbackData);
        Assert.False(string.IsNullOrEmpty(query.ChatInstance));

        await bot.AnswerCallbackQuery(callbackQueryId: query.Id, text: "Done");
        Assert.Equal("Done", Assert.Single(fake.CallbackAnswers).Text);

        var again = await Assert.ThrowsAsync<ApiRequestException>(() => bot.AnswerCallbackQuery(callbackQueryId: query.Id));
        Assert.Equal(400, again.ErrorCode);
        Assert.Contains("query is too old", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyRequests_WithLibraryRetryOff_SurfacesRetryAfter()
    {
        fake.InjectTooManyRequests(count: 1, retryAfterSeconds: 7);

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => Bot(retryCount: 1).SendMessage(chatId: UserChat, text: "hi"));

        Assert.Equal(429, error.ErrorCode);
        Assert.Equal(7, error.Parameters!.RetryAfter);
        Assert.Equal("Too Many Requests: retry after 7", error.Message);
        Assert.Single(fake.CallsOf("sendMessage"));
        Assert.Empty(fake.SentMessages(UserChat));
    }

    [Fact]
    public async Task TooManyRequests_WithLibraryRetryOn_IsRetriedAfterRetryAfter()
    {
        fake.InjectTooManyRequests(count: 1, retryAfterSeconds: 1);
        var watch = Stopwatch.StartNew();

        var sent = await Bot().SendMessage(chatId: UserChat, text: "eventually");

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {watch.Elapsed}");
        Assert.Equal("eventually", sent.Text);
        Assert.Equal([429, 200], fake.CallsOf("sendMessage").Select(c => c.StatusCode));
    }

    [Fact]
    public async Task LimitPerChat_SecondMessageTooSoon_Gets429WithRetryAfter()
    {
        fake.LimitPerChat(perSecond: 0.2);
        var bot = Bot(retryCount: 1);

        await bot.SendMessage(chatId: UserChat, text: "first");
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(chatId: UserChat, text: "second"));
        await bot.SendMessage(chatId: UserChat + 1, text: "another chat");

        Assert.Equal(429, error.ErrorCode);
        Assert.InRange(error.Parameters!.RetryAfter ?? 0, 1, 5);
        Assert.Equal(1, fake.TooManyRequestsAnswered);
    }

    [Fact]
    public async Task MostMessagesWithin_CountsAcceptedMessagesOnly()
    {
        var bot = Bot(retryCount: 1);
        fake.InjectError("sendMessage", 400, "Bad Request: chat not found", chatId: UserChat + 9);

        await bot.SendMessage(chatId: UserChat, text: "one");
        await bot.SendMessage(chatId: UserChat + 1, text: "two");
        await bot.SendChatAction(UserChat, ChatAction.Typing);
        await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(chatId: UserChat + 9, text: "refused"));
        await bot.SendMessage(chatId: UserChat, text: "three");

        // A day holds all three; a window shorter than any pause between two calls holds one at a time.
        Assert.Equal(3, fake.MostMessagesWithin(TimeSpan.FromDays(1)));
        Assert.Equal(1, fake.MostMessagesWithin(TimeSpan.FromTicks(1)));
        Assert.Equal(2, fake.MostMessagesWithin(TimeSpan.FromDays(1), fromMessage: 1));
        Assert.Equal(3, fake.MessagesAccepted().Messages);
        Assert.True(fake.MessagesAccepted().Span > TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => fake.MostMessagesWithin(TimeSpan.Zero));
    }

    [Fact]
    public async Task EditMessageText_IdenticalContent_IsNotModified_AndOmittedMarkupRemovesTheKeyboard()
    {
        var bot = Bot();
        var keyboard = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("A", "a"));
        var sent = await bot.SendMessage(chatId: UserChat, text: "<b>Status</b>", parseMode: ParseMode.Html, replyMarkup: keyboard);

        var same = await Assert.ThrowsAsync<ApiRequestException>(() =>
            bot.EditMessageText(chatId: UserChat, messageId: sent.Id, text: "<b>Status</b>", parseMode: ParseMode.Html, replyMarkup: keyboard));
        Assert.Equal(400, same.ErrorCode);
        Assert.StartsWith("Bad Request: message is not modified", same.Message, StringComparison.Ordinal);

        var edited = await bot.EditMessageText(chatId: UserChat, messageId: sent.Id, text: "<b>Status</b>", parseMode: ParseMode.Html);
        Assert.Null(edited.ReplyMarkup);
        Assert.NotNull(edited.EditDate);
        Assert.Null(fake.GetMessage(UserChat, sent.Id)!.ReplyMarkup);
        Assert.Equal("editMessageText", Assert.Single(fake.Edits).Method);

        var missing = await Assert.ThrowsAsync<ApiRequestException>(() =>
            bot.EditMessageText(chatId: UserChat, messageId: 999, text: "x"));
        Assert.Equal("Bad Request: message to edit not found", missing.Message);
    }

    [Fact]
    public async Task DeleteMessage_FollowsTheDocumentedRights()
    {
        var bot = Bot();
        fake.SetChat(Group, "supergroup", "Support");
        var own = await bot.SendMessage(chatId: Group, text: "bot message");
        fake.EnqueueUpdate(fake.UserMessage(Group, 7, "user message", chatType: "supergroup"));
        var userMessage = Assert.Single(await bot.GetUpdates(timeout: 0)).Message!;

        var noRight = await Assert.ThrowsAsync<ApiRequestException>(() => bot.DeleteMessage(chatId: Group, messageId: userMessage.Id));
        Assert.Equal("Bad Request: message can't be deleted", noRight.Message);

        await bot.DeleteMessage(chatId: Group, messageId: own.Id);
        fake.SetBotCanDelete(Group, true);
        await bot.DeleteMessage(chatId: Group, messageId: userMessage.Id);

        var gone = await Assert.ThrowsAsync<ApiRequestException>(() => bot.DeleteMessage(chatId: Group, messageId: userMessage.Id));
        Assert.Equal("Bad Request: message to delete not found", gone.Message);
        Assert.Equal([own.Id, userMessage.Id], fake.Deletions.Select(d => d.MessageId));
    }

    [Fact]
    public async Task GetChatMember_ReturnsTheConfiguredStatus()
    {
        var bot = Bot();
        fake.SetChatMember(Group, 7, "administrator", canDeleteMessages: true);
        fake.SetChatMember(Group, 8, "creator");
        fake.SetChatMember(Group, 9, "kicked");

        var admin = Assert.IsType<ChatMemberAdministrator>(await bot.GetChatMember(chatId: Group, userId: 7));
        Assert.True(admin.CanDeleteMessages);
        Assert.True(admin.IsAdmin);
        Assert.IsType<ChatMemberOwner>(await bot.GetChatMember(chatId: Group, userId: 8));
        Assert.IsType<ChatMemberBanned>(await bot.GetChatMember(chatId: Group, userId: 9));
        Assert.IsType<ChatMemberMember>(await bot.GetChatMember(chatId: Group, userId: 10));
        Assert.Equal([8L, 7L], (await bot.GetChatAdministrators(chatId: Group)).Select(m => m.User.Id));
    }

    [Fact]
    public async Task BlockedBot_SendMessage_IsForbidden()
    {
        fake.BlockBot(UserChat);

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => Bot().SendMessage(chatId: UserChat, text: "hi"));

        Assert.Equal(403, error.ErrorCode);
        Assert.Equal("Forbidden: bot was blocked by the user", error.Message);
    }

    [Fact]
    public async Task SetMyCommands_IsRecordedPerScopeAndLanguage()
    {
        var bot = Bot();
        await bot.SetMyCommands(commands: [new BotCommand("start", "Начать"), new BotCommand("help", "Помощь")],
            scope: BotCommandScope.AllPrivateChats(), languageCode: "ru");

        var ru = await bot.GetMyCommands(scope: BotCommandScope.AllPrivateChats(), languageCode: "ru");
        Assert.Equal(["start", "help"], ru.Select(c => c.Command));
        Assert.Empty(await bot.GetMyCommands());
        var change = Assert.Single(fake.Commands);
        Assert.Equal("ru", change.LanguageCode);
        Assert.Equal("all_private_chats", (string?)change.Scope!["type"]);

        var invalid = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SetMyCommands(commands: [new BotCommand("Start!", "x")]));
        Assert.Equal("Bad Request: BOT_COMMAND_INVALID", invalid.Message);
    }

    [Fact]
    public async Task Webhook_SetWebhookBlocksGetUpdates_AndDeliversWithTheSecretHeader()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1,
            respondWith: """{"method":"sendMessage","chat_id":42,"text":"answered in the webhook response"}""");
        var bot = Bot();

        await bot.SetWebhook(url: receiver.Url.ToString(), secretToken: "s3cr3t-token", allowedUpdates: [UpdateType.Message]);
        var conflict = await Assert.ThrowsAsync<ApiRequestException>(() => bot.GetUpdates(timeout: 0));
        Assert.Equal(409, conflict.ErrorCode);

        var id = fake.EnqueueUserMessage(UserChat, UserChat, "hello webhook");
        var deliveries = await fake.WaitForWebhookDeliveriesAsync(1);

        Assert.Equal([(1, false, (int?)500), (2, true, (int?)200)], deliveries.Select(d => (d.Attempt, d.Succeeded, d.StatusCode)));
        Assert.All(receiver.Requests, r => Assert.Equal("s3cr3t-token", r.Secret));
        var update = JsonSerializer.Deserialize<Update>(receiver.Requests.Last().Body, JsonBotAPI.Options)!;
        Assert.Equal(id, update.Id);
        Assert.Equal("hello webhook", update.Message!.Text);
        Assert.Equal("answered in the webhook response", (await fake.WaitForMessagesAsync(UserChat, 1)).Single().Text);

        var info = await bot.GetWebhookInfo();
        Assert.Equal(receiver.Url.ToString(), info.Url);
        Assert.Equal(0, info.PendingUpdateCount);
        Assert.Contains("500", info.LastErrorMessage, StringComparison.Ordinal);

        await bot.DeleteWebhook();
        Assert.Empty(await bot.GetUpdates(timeout: 0));
    }

    [Theory]
    [InlineData(40, true)]
    [InlineData(1, false)]
    public async Task Webhook_ChatsGoConcurrentlyUpToMaxConnections_EachChatInSequence(int maxConnections, bool otherChatMeanwhile)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext context) =>
        {
            var update = await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options);
            received.Enqueue(update!.Message!.Text!);
            if (update.Message.Text == "first in A")
            {
                await release.Task; // the receiver is slow with this one
            }

            return Results.Ok();
        });
        await receiver.StartAsync();
        await Bot().SetWebhook(url: receiver.Urls.First().TrimEnd('/') + "/hook", maxConnections: maxConnections);

        fake.EnqueueUserMessage(UserChat, UserChat, "first in A");
        fake.EnqueueUserMessage(UserChat, UserChat, "second in A");
        var other = fake.EnqueueUserMessage(UserChat + 1, UserChat + 1, "first in B");
        var heldUp = fake.WaitUntilAsync(() => fake.WebhookDeliveries.Any(d => d.UpdateId == other && d.Succeeded), TimeSpan.FromSeconds(1));
        if (otherChatMeanwhile)
        {
            await heldUp; // another chat does not wait for A
        }
        else
        {
            await Assert.ThrowsAsync<TimeoutException>(() => heldUp); // one connection: everything waits
        }

        Assert.DoesNotContain("second in A", received); // A's next waits for its first to be answered
        release.SetResult();
        await fake.WaitForWebhookDeliveriesAsync(3);
        var order = received.ToList();
        Assert.True(order.IndexOf("first in A") < order.IndexOf("second in A"));
        Assert.Equal(otherChatMeanwhile, order.IndexOf("first in B") < order.IndexOf("second in A"));
    }

    [Fact]
    public async Task SetWebhook_TerminatesAPendingLongPoll()
    {
        var bot = Bot();
        var poll = bot.GetUpdates(timeout: 10);
        await fake.WaitUntilAsync(() => fake.GetUpdatesCalls.Count == 1);

        await bot.SetWebhook(url: "http://127.0.0.1:9/hook");

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => poll);
        Assert.Equal("Conflict: terminated by setWebhook request", error.Message);
    }

    [Fact]
    public async Task SendMessage_CallbackDataOver64Bytes_IsButtonDataInvalid()
    {
        var bot = Bot();
        await bot.SendMessage(chatId: UserChat, text: "ok",
            replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Cyrillic", new string('ж', 32))));

        foreach (var data in new[] { new string('a', 65), new string('ж', 33) })
        {
            var error = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(chatId: UserChat, text: "too long",
                replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Go", data))));
            Assert.Equal(400, error.ErrorCode);
            Assert.Equal("Bad Request: BUTTON_DATA_INVALID", error.Message);
        }
    }

    [Fact]
    public async Task SendMessage_LengthIsCountedAfterEntityParsing()
    {
        var bot = Bot();

        var tooLong = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(chatId: UserChat, text: new string('x', 5000)));
        Assert.Equal("Bad Request: message is too long", tooLong.Message);

        var markedUp = "<b>" + new string('y', 4000) + "</b> &amp;" + new string('z', 94);
        var sent = await bot.SendMessage(chatId: UserChat, text: markedUp, parseMode: ParseMode.Html);
        Assert.Equal(4096, sent.Text!.Length);
        Assert.Equal(MessageEntityType.Bold, sent.Entities!.Single().Type);

        var empty = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(chatId: UserChat, text: "<b> </b>", parseMode: ParseMode.Html));
        Assert.Equal("Bad Request: message text is empty", empty.Message);
    }

    [Theory]
    [InlineData("HTML", "<b>unclosed", "Can't find end tag corresponding to start tag \"b\"")]
    [InlineData("HTML", "line<br>break", "Unsupported start tag \"br\" at byte offset 4")]
    [InlineData("HTML", "<b>x</i>", "Unmatched end tag at byte offset 4, expected \"</b>\", found \"</i>\"")]
    [InlineData("MarkdownV2", "Done.", "Character '.' is reserved and must be escaped with the preceding '\\'")]
    [InlineData("MarkdownV2", "*bold", "Can't find end of Bold entity at byte offset 0")]
    [InlineData("Markdown", "snake_case", "Can't find end of the entity starting at byte offset 5")]
    public async Task SendMessage_MalformedMarkup_CannotParseEntities(string parseMode, string text, string detail)
    {
        var error = await Assert.ThrowsAsync<ApiRequestException>(() =>
            Bot().SendMessage(chatId: UserChat, text: text, parseMode: Enum.Parse<ParseMode>(parseMode, ignoreCase: true)));

        Assert.Equal(400, error.ErrorCode);
        Assert.Equal("Bad Request: can't parse entities: " + detail, error.Message);
    }

    [Fact]
    public async Task Dispose_EndsAPendingLongPollPromptly()
    {
        var poll = Bot().GetUpdates(timeout: 30);
        await fake.WaitUntilAsync(() => fake.GetUpdatesCalls.Count == 1);
        var watch = Stopwatch.StartNew();

        await fake.DisposeAsync();
        try
        {
            await poll.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception error) when (error is RequestException or HttpRequestException)
        {
            // Either an empty answer or a closed connection is fine; hanging is not.
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    // Not new Uri(base, "bot1:x/…"): a relative reference with ':' in its first segment parses as a scheme.
    private Uri Endpoint(string path) => new(fake.Url + path);

    private TelegramBotClient Bot(int? retryCount = null)
    {
        var options = new TelegramBotClientOptions(fake.Token, baseUrl: fake.Url.ToString());
        if (retryCount is { } count)
        {
            options.RetryCount = count;
        }

        return new TelegramBotClient(options, http);
    }

    /// <summary>A local webhook endpoint: fails the first N requests with 500, then answers 200 with a body.</summary>
    private sealed class WebhookReceiver : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly ConcurrentQueue<(string? Secret, string Body)> requests = new();
        private int failuresLeft;

        private WebhookReceiver(WebApplication app, int failFirst, string respondWith)
        {
            this.app = app;
            failuresLeft = failFirst;
            app.MapPost("/hook", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
                requests.Enqueue((context.Request.Headers["X-Telegram-Bot-Api-Secret-Token"].FirstOrDefault(), await reader.ReadToEndAsync()));
                if (Interlocked.Decrement(ref failuresLeft) >= 0)
                {
                    return Results.StatusCode(500);
                }

                return Results.Text(respondWith, "application/json");
            });
        }

        public Uri Url { get; private set; } = null!;

        public IReadOnlyList<(string? Secret, string Body)> Requests => [.. requests];

        public static async Task<WebhookReceiver> StartAsync(int failFirst, string respondWith)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var receiver = new WebhookReceiver(builder.Build(), failFirst, respondWith);
            await receiver.app.StartAsync();
            receiver.Url = new Uri(receiver.app.Urls.First().TrimEnd('/') + "/hook");
            return receiver;
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
