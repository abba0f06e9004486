using System.Net;
using System.Text;
using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Telegram.Tests.Channel;

/// <summary>The Telegram bot end to end: Telegram.Bot over real HTTP to the fake Bot API, the real engine and content.</summary>
public sealed class TelegramChannelTests : IAsyncLifetime
{
    private const long Alice = 1001;
    private const long Group = -100500;
    private const long Admin = 2002;
    private const long Member = 3003;
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    private FakeBotApi api = null!;

    public async Task InitializeAsync() => api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, DefaultWaitTimeout = TimeSpan.FromSeconds(20) });

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task PrivateChat_RussianUserCompletesScenarioWithButtons_EditedInPlaceAndAnswered()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);

        api.EnqueueUserMessage(Alice, Alice, "/start", "ru");
        var menu = Assert.Single(await api.WaitForMessagesAsync(Alice, 1));
        Assert.StartsWith("Привет! Я SupportBot.", menu.PlainText, StringComparison.Ordinal); // welcome and menu: one message
        Assert.Contains("С чем помочь?", menu.PlainText, StringComparison.Ordinal);
        var missing = menu.Buttons.Single(b => b.Text.StartsWith("Отправил токены", StringComparison.Ordinal));

        api.EnqueueCallbackQuery(Alice, Alice, menu.MessageId, missing.CallbackData!, "ru");
        await api.WaitForCallbackAnswersAsync(1);
        await api.WaitUntilAsync(() => api.Edits.Count >= 1);
        var step = api.Edits[^1];
        Assert.Equal(menu.MessageId, step.MessageId);
        Assert.Contains("В какой сети", step.PlainText, StringComparison.Ordinal);

        var bsc = step.InlineKeyboard.SelectMany(r => r).Single(b => b.Text.Contains("BEP20", StringComparison.Ordinal));
        api.EnqueueCallbackQuery(Alice, Alice, menu.MessageId, bsc.CallbackData!, "ru");
        await api.WaitUntilAsync(() => api.Edits.Count >= 2);
        var notAdded = api.Edits[^1].InlineKeyboard.SelectMany(r => r).Single(b => b.Text.StartsWith("Нет", StringComparison.Ordinal));
        api.EnqueueCallbackQuery(Alice, Alice, menu.MessageId, notAdded.CallbackData!, "ru");
        await api.WaitUntilAsync(() => api.Edits.Count >= 3);

        var advice = api.Edits[^1];
        Assert.Contains("Chain ID: 56", advice.PlainText, StringComparison.Ordinal);
        Assert.Contains(advice.InlineKeyboard.SelectMany(r => r), b => b.Url is { } url && url.StartsWith("https://support.metamask.io/", StringComparison.Ordinal));
        Assert.Equal(3, api.CallbackAnswers.Count);
        Assert.Equal("Html", advice.ParseMode, ignoreCase: true);
    }

    [Fact]
    public async Task PrivateChat_StaleButton_AnsweredPolitelyNotApplied()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);
        api.EnqueueUserMessage(Alice, Alice, "/start");
        var menu = (await api.WaitForMessagesAsync(Alice, 1))[^1];
        var first = menu.Buttons.First().CallbackData!;
        api.EnqueueCallbackQuery(Alice, Alice, menu.MessageId, first);
        await api.WaitUntilAsync(() => api.Edits.Count >= 1);

        api.EnqueueCallbackQuery(Alice, Alice, menu.MessageId, first); // the same, now stale, button
        await api.WaitForCallbackAnswersAsync(2);
        await api.WaitUntilAsync(() => api.Edits.Count >= 2);

        Assert.Contains("earlier question", api.Edits[^1].PlainText, StringComparison.Ordinal);
        Assert.Contains("Which way are the funds moving?", api.Edits[^1].PlainText, StringComparison.Ordinal); // still where the user was
    }

    [Fact]
    public async Task DeepLink_StartWithScenario_OpensIt()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);

        api.EnqueueUserMessage(Alice, Alice, "/start cross-chain-transfer");
        var messages = await api.WaitForMessagesAsync(Alice, 1);

        Assert.Contains("What do you want to do?", messages[^1].PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_WithdrawCommand_BriefAnswerWithDeepLinkNotTheWholeConversation()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);

        api.EnqueueUserMessage(Group, Member, "/withdraw@support_test_bot", chatType: "supergroup");
        var reply = Assert.Single(await api.WaitForMessagesAsync(Group, 1));

        Assert.Contains("BNB Smart Chain (BEP20)", reply.PlainText, StringComparison.Ordinal);
        Assert.Equal("https://t.me/support_test_bot?start=exchange-withdrawal", Assert.Single(reply.Buttons).Url);
    }

    [Fact]
    public async Task Group_Lookup_ModeratorGetsReportOthersPoliteRefusal()
    {
        api.SetChatMember(Group, Admin, "administrator", canDeleteMessages: true);
        await using var bot = await TelegramBotHarness.StartAsync(api);
        var hash = "0x" + new string('a', 64);

        api.EnqueueUserMessage(Group, Member, $"/lookup {hash}", chatType: "supergroup");
        var refusal = (await api.WaitForMessagesAsync(Group, 1))[^1];
        api.EnqueueUserMessage(Group, Admin, $"/lookup {hash}", chatType: "supergroup");
        var report = (await api.WaitForMessagesAsync(Group, 2))[^1];

        Assert.Contains("for moderators", refusal.PlainText, StringComparison.Ordinal);
        Assert.Contains("couldn't check BNB Smart Chain", report.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_RecoveryPhrase_DeletedWarnedInGroupWithoutSecretAndPrivately()
    {
        api.SetBotCanDelete(Group, true);
        await using var bot = await TelegramBotHarness.StartAsync(api);

        var messageId = api.EnqueueUpdate(api.UserMessage(Group, Member, $"support asked me for {Phrase}", chatType: "supergroup", username: "victim"));
        var warning = (await api.WaitForMessagesAsync(Group, 1))[^1];
        var privately = (await api.WaitForMessagesAsync(Member, 1))[^1];

        Assert.Contains(api.Deletions, d => d.ChatId == Group);
        Assert.Contains("@victim, I deleted your message", warning.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("sausage", warning.Text, StringComparison.Ordinal);
        Assert.Contains("compromised", privately.PlainText, StringComparison.Ordinal);
        Assert.True(messageId > 0);
    }

    [Fact]
    public async Task Group_RecoveryPhraseWithoutDeleteRight_WarnsOnly()
    {
        api.SetBotCanDelete(Group, false);
        await using var bot = await TelegramBotHarness.StartAsync(api);

        api.EnqueueUserMessage(Group, Member, Phrase, chatType: "supergroup");
        var warning = (await api.WaitForMessagesAsync(Group, 1))[^1];

        Assert.DoesNotContain(api.Deletions, d => d.ChatId == Group);
        Assert.Contains("delete it now", warning.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_RegistersCommandsPerLanguage()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);

        await api.WaitUntilAsync(() => api.Commands.Count >= 4);

        Assert.Contains(api.Commands, c => c.LanguageCode == "ru" && c.Commands.Any(x => x.Command == "lookup" && x.Description.Contains("Найти", StringComparison.Ordinal)));
        Assert.Contains(api.Commands, c => c.LanguageCode is null && c.Commands.Any(x => x.Command == "withdraw"));
    }

    [Fact]
    public async Task PendingUpdatesBeforeStart_NotDropped()
    {
        api.EnqueueUserMessage(Alice, Alice, "/start");
        api.EnqueueUserMessage(Alice + 1, Alice + 1, "/start");

        await using var bot = await TelegramBotHarness.StartAsync(api);

        await api.WaitForMessagesAsync(Alice, 1);
        await api.WaitForMessagesAsync(Alice + 1, 1);
    }

    [Fact]
    public async Task RateLimitStorm_EveryReplyDeliveredInOrderPerChat()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);
        api.InjectTooManyRequests(6, retryAfterSeconds: 1);
        var users = Enumerable.Range(0, 3).Select(i => 7000L + i).ToList();

        foreach (var user in users)
        {
            api.EnqueueUserMessage(user, user, "/start");
            api.EnqueueUserMessage(user, user, "help");
        }

        foreach (var user in users)
        {
            var messages = await api.WaitForMessagesAsync(user, 2, TimeSpan.FromSeconds(20));
            Assert.Contains("I'm SupportBot", messages[0].PlainText, StringComparison.Ordinal);
            Assert.Contains("What do you need help with?", messages[0].PlainText, StringComparison.Ordinal);
            Assert.Contains("I can help with", messages[1].PlainText, StringComparison.Ordinal);
        }

        Assert.True(api.TooManyRequestsAnswered >= 6);
    }

    [Fact]
    public async Task FailingUpdate_RetriedBoundedThenSkipped_ChatNotStalled()
    {
        const long Bob = 5005;
        await using var bot = await TelegramBotHarness.StartAsync(api, settings: new Dictionary<string, string?>
        {
            ["Telegram:SendRetries"] = "0",
            ["Telegram:MaxUpdateAttempts"] = "2",
        });
        api.InjectError("sendMessage", 500, "Internal Server Error", count: 2, chatId: Bob);

        api.EnqueueUserMessage(Bob, Bob, "/start");
        api.EnqueueUserMessage(Alice, Alice, "/start");
        await api.WaitForMessagesAsync(Alice, 1);
        await api.WaitUntilAsync(() => api.CallsOf("sendMessage").Count(c => c.StatusCode == 500) == 2, TimeSpan.FromSeconds(10));
        api.EnqueueUserMessage(Bob, Bob, "help");
        var answered = await api.WaitForMessagesAsync(Bob, 1, TimeSpan.FromSeconds(10));

        Assert.Contains("I can help with", Assert.Single(answered).PlainText, StringComparison.Ordinal); // the /start was skipped, "help" answered
    }

    [Fact]
    public async Task Burst_ThousandUsersPressStartAtOnce_EveryOneAnswered()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);
        var users = Enumerable.Range(1, 1000).Select(i => 900_000L + i).ToList();

        foreach (var user in users)
        {
            api.EnqueueUserMessage(user, user, "/start");
        }

        await api.WaitUntilAsync(() => users.All(u => api.SentMessages(u).Count == 1), TimeSpan.FromSeconds(90), "every user answered");
        Assert.All(users, u => Assert.Contains("What do you need help with?", api.SentMessages(u)[0].PlainText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_MidConversation_ContinuesWithoutDuplicateReplies()
    {
        var database = Path.Combine(Path.GetTempPath(), $"tg-restart-{Guid.NewGuid():N}.db");
        try
        {
            SentMessage menu;
            await using (var first = await TelegramBotHarness.StartAsync(api, database))
            {
                api.EnqueueUserMessage(Alice, Alice, "/start");
                menu = (await api.WaitForMessagesAsync(Alice, 1))[^1];
            }

            var sentBefore = api.SentMessages(Alice).Count;
            await using var second = await TelegramBotHarness.StartAsync(api, database);
            api.EnqueueCallbackQuery(Alice, Alice, menu.MessageId, menu.Buttons.First(b => b.Text.StartsWith("Move funds", StringComparison.Ordinal)).CallbackData!);
            await api.WaitUntilAsync(() => api.Edits.Count >= 1);

            Assert.Contains("What do you want to do?", api.Edits[^1].PlainText, StringComparison.Ordinal);
            Assert.Equal(sentBefore, api.SentMessages(Alice).Count); // nothing from before the restart was answered again
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task Webhook_WrongSecretRejected_RightSecretHandledOnce()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api, webhookSecret: "s3cret_token");
        using var http = new HttpClient();
        var update = "{\"update_id\":77,\"message\":{\"message_id\":1,\"date\":1700000000,\"chat\":{\"id\":1001,\"type\":\"private\"},\"from\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"A\",\"language_code\":\"en\"},\"text\":\"/start\"}}";

        HttpRequestMessage Post(string? secret)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, bot.WebhookUrl) { Content = new StringContent(update, Encoding.UTF8, "application/json") };
            if (secret is not null)
            {
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
            }

            return request;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Post(null))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Post("s3cret_tokem"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Post("s3cret_token"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Post("s3cret_token"))).StatusCode); // Telegram re-delivers

        await api.WaitForMessagesAsync(Alice, 1);
        await Task.Delay(500);
        Assert.Single(api.SentMessages(Alice)); // welcome and menu, once
        Assert.Contains(api.CallsOf("setWebhook"), c => c.Parameters["secret_token"]?.GetValue<string>() == "s3cret_token");
    }
}
