namespace SupportBot.Telegram.Tests.Channel.Scams;

/// <summary>Impersonators joining and fake-support messages in a group, end to end.</summary>
public sealed class TelegramScamPeopleTests : ScamGroup
{
    private const long FakeSupport = 4001;
    private const long FakeAdmin = 4002;

    private static readonly string[] Permissions =
    [
        "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos", "can_send_video_notes",
        "can_send_voice_notes", "can_send_polls", "can_send_other_messages", "can_add_web_page_previews", "can_change_info",
        "can_invite_users", "can_pin_messages", "can_manage_topics",
    ];

    private static readonly Dictionary<string, string?> RestrictImpersonators = new()
    {
        ["Scams:Defaults:ImpersonatorActions"] = "Log, Warn, Restrict",
        ["Scams:Defaults:RestrictFor"] = "02:00:00",
    };

    [Fact]
    public async Task ImpersonatorJoins_NewChatMembers_LoggedWarnedAndRestrictedAsThePolicySays()
    {
        Api.SetUser(FakeSupport, "MetaMask Support", null, "metamask_support_desk");
        await using var bot = await StartBotAsync(RestrictImpersonators);

        Post(Api.MembersJoined(Group, FakeSupport, FakeSupport));
        var log = await LoggedAsync("Possible impersonator: MetaMask Support (@metamask_support_desk, id 4001)");
        var warning = await PostedAsync("has a name that looks like the team's");

        var restriction = Assert.Single(Api.Restrictions);
        Assert.Equal((Group, FakeSupport), (restriction.ChatId, restriction.UserId));
        Assert.All(Permissions, p => Assert.False((bool?)restriction.Permissions[p] ?? false, p)); // omitted means false
        Assert.True(restriction.UseIndependentChatPermissions);
        Assert.InRange(restriction.Until!.Value - restriction.At, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(10), TimeSpan.FromHours(2));
        Assert.Contains("restricted for 2h", log.PlainText, StringComparison.Ordinal);
        Assert.Contains("MetaMask Support", warning.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImpersonatorJoins_BasicGroupOrNoRight_LoggedWithWhyNotRestricted()
    {
        const long Basic = -4004;
        Api.SetChat(Basic, "group", "Old small group");
        Api.SetChatMember(Basic, Api.BotId, "administrator", canDeleteMessages: true);
        Api.SetChatMember(Group, Api.BotId, "administrator", canDeleteMessages: true); // "Ban users" taken away
        Api.SetUser(FakeSupport, "MetaMask Support", null, "metamask_support_desk");
        Api.SetUser(FakeAdmin, "Binance Admin", null, "binance_admin_help");
        await using var bot = await StartBotAsync(RestrictImpersonators);

        Post(Api.MembersJoined(Basic, FakeSupport, FakeSupport));
        Post(Api.MembersJoined(Group, FakeAdmin, FakeAdmin));
        var inBasic = await LoggedAsync("Possible impersonator: MetaMask Support");
        var inGroup = await LoggedAsync("Possible impersonator: Binance Admin");

        Assert.Empty(Api.Restrictions);
        Assert.Contains("couldn't restrict the member", inBasic.PlainText, StringComparison.Ordinal);
        Assert.Contains("couldn't restrict the member", inGroup.PlainText, StringComparison.Ordinal);
        Assert.Contains(Api.Calls, c => c.Method == "restrictChatMember" && c.ErrorDescription == "Bad Request: not enough rights to restrict/unrestrict chat member");
    }

    [Fact]
    public async Task CopyOfAnAdminJoins_ChatMemberUpdate_LoggedOnceWithTheAdminsName()
    {
        Api.SetUser(FakeAdmin, "Аlехаndrа", "Petrova", "sasha_mod_help"); // Cyrillic А, е, х, а
        await using var bot = await StartBotAsync(RestrictImpersonators);

        // Telegram sends both for one join: the service message and, to an administrator that asked, chat_member.
        Post(Api.MembersJoined(Group, FakeAdmin, FakeAdmin));
        Api.EnqueueUpdate(Api.MemberStatusChange(Group, FakeAdmin, "left", "member"));
        var log = await LoggedAsync("Possible impersonator: Аlехаndrа Petrova");
        await SettledAsync();

        Assert.Contains("Alexandra Petrova", log.PlainText, StringComparison.Ordinal);
        Assert.Single(LogLines());
        Assert.Single(Api.Restrictions);
        Assert.Contains(Api.GetUpdatesCalls, c => c.AllowedUpdates?.Contains("chat_member") == true);
    }

    [Fact]
    public async Task ImpersonatorJoins_OnlyChatMemberUpdate_Caught()
    {
        Api.SetUser(FakeSupport, "Binance Support Team", null, "binance_help_247");
        await using var bot = await StartBotAsync(RestrictImpersonators);

        Api.EnqueueUpdate(Api.MemberStatusChange(Group, FakeSupport, "kicked", "member", byUserId: Admin)); // unbanned and added back
        await LoggedAsync("Possible impersonator: Binance Support Team");

        Assert.Equal(FakeSupport, Assert.Single(Api.Restrictions).UserId);
    }

    [Fact]
    public async Task Webhook_ChatMemberAskedForAndHandled()
    {
        Api.SetUser(FakeSupport, "MetaMask Support", null, "metamask_support_desk");
        await using var bot = await StartBotAsync(RestrictImpersonators, webhookSecret: "s3cret_token");
        await Api.WaitUntilAsync(() => Api.CallsOf("setWebhook").Count > 0, description: "the webhook set");
        var update = Api.MemberStatusChange(Group, FakeSupport, "left", "member");
        update["update_id"] = 900;

        // Telegram posts to the webhook; the fake cannot reach this test's host, so the test posts as Telegram would.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, bot.WebhookUrl) { Content = new StringContent(update.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "s3cret_token");
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
        await LoggedAsync("Possible impersonator: MetaMask Support");

        var allowed = Api.CallsOf("setWebhook")[^1].Parameters["allowed_updates"]!.AsArray().Select(t => t!.GetValue<string>());
        Assert.Contains("chat_member", allowed);
        Assert.Equal(FakeSupport, Assert.Single(Api.Restrictions).UserId);
    }

    [Fact]
    public async Task ImpersonatorJoins_DefaultPolicy_LoggedOnly()
    {
        Api.SetUser(FakeSupport, "MetaMask Support", null, "metamask_support_desk");
        await using var bot = await StartBotAsync();

        Post(Api.MembersJoined(Group, Admin, FakeSupport)); // added by an admin who didn't look closely
        var log = await LoggedAsync("Possible impersonator");
        await SettledAsync();

        Assert.Empty(Api.Restrictions);
        Assert.Empty(GroupPosts());
        Assert.Contains("logged only", log.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenamedToSupportAfterJoining_CaughtOnFirstMessage()
    {
        await using var bot = await StartBotAsync();
        Say(Dmitry, "hi all, glad to be here");
        await SettledAsync();

        var renamed = Api.UserMessage(Group, Dmitry, "hello again", "en", "supergroup", "MetaMask Help Desk", null, "dmitry_k");
        Post(renamed);
        await LoggedAsync("Possible impersonator: MetaMask Help Desk");
    }

    [Theory]
    [InlineData(Dmitry, "Hello! Having issues? Dm me i will guide you 🙂", "Fake-support message from Dmitry K")]
    [InlineData(Olga, "у кого не приходят токены — напиши мне в личку помогу 👍", "Fake-support message from Оля")]
    [InlineData(Dmitry, "you need to validate your wallet to fix the sync error, go to the dapp", "Fake-support message from Dmitry K")]
    public async Task FakeSupportMessage_PublicReminderAndLog(long author, string text, string logged)
    {
        await using var bot = await StartBotAsync();

        var messageId = Say(author, text);
        var log = await LoggedAsync(logged);
        var reminder = await PostedAsync("never DMs you first");

        Assert.Equal(messageId, (int?)reminder.ReplyParameters?["message_id"]);
        Assert.Contains(text[..10], log.PlainText, StringComparison.Ordinal);
        Assert.Empty(Api.Deletions);
    }

    [Fact]
    public async Task FakeSupportSendingPeopleToStaff_NotFlagged()
    {
        await using var bot = await StartBotAsync();

        Say(Olga, "если что, пишите @sasha_mod, она админ");
        await SettledAsync();

        Assert.Empty(LogLines());
    }

    [Fact]
    public async Task AdminListAsked_OnceWhileRemembered()
    {
        await using var bot = await StartBotAsync();

        Say(Dmitry, "gm");
        Say(Olga, "привет");
        Say(Admin, "welcome everyone");
        await SettledAsync();

        Assert.Single(Api.CallsOf("getChatAdministrators"), c => (long?)c.Parameters["chat_id"] == Group);
    }

    [Fact]
    public async Task StaffChatOfTickets_NotChecked()
    {
        const long Staff = -1007777777777;
        Api.SetForum(Staff, "Support team");
        Api.SetChatMember(Staff, Api.BotId, "administrator", canDeleteMessages: true, canManageTopics: true);
        Api.SetChatMember(Staff, Dmitry, "member");
        await using var bot = await StartBotAsync(new Dictionary<string, string?> { ["Telegram:StaffChatId"] = Staff.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Say(Dmitry, "FYI the user got phished via metamask-verify.org", Staff);
        Say(Dmitry, "and this one too: metamask-verify.org/claim");
        await LoggedAsync("Link flagged");

        Assert.DoesNotContain(Api.Deletions, d => d.ChatId == Staff);
    }

}
