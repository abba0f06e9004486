using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Telegram.Tests.Channel.Scams;

/// <summary>Scam links in a group, end to end: the message goes, the group is warned, the moderators get the reason and a button.</summary>
public sealed class TelegramScamLinkTests : ScamGroup
{
    [Theory]
    [InlineData("guys the airdrop is live 🚀🚀 https://metamask-verify.org/claim hurry up", "metamask-verify.org", "on MetaMask's list of phishing sites")]
    [InlineData("Ребята, проверка кошелька тут metamask-verify.org/start 🙏 у меня сработало", "metamask-verify.org", "on MetaMask's list of phishing sites")]
    [InlineData("new site is faster, just imoprt there: rnetamask.io/import", "rnetamask.io", "imitates `metamask.io`")]
    [InlineData("Official support page: https://mеtаmаsk.io/ (new domain)", "xn--mtmsk-5veb0b.io", "look-alike letters")]
    public async Task ScamLink_DeletedWarnedAndLoggedWithNotAScamButton(string text, string host, string reason)
    {
        await using var bot = await StartBotAsync();

        var messageId = Say(Dmitry, text);
        var log = await LoggedAsync("Link flagged from Dmitry K (@dmitry_k, id 3003) in BNB Chain Help");
        var warning = await PostedAsync("I removed a link from Dmitry K");

        Assert.Contains(Api.Deletions, d => d.ChatId == Group && d.MessageId == messageId);
        Assert.Contains(reason.Replace("`", "", StringComparison.Ordinal), warning.PlainText, StringComparison.Ordinal);
        Assert.Contains("message deleted", log.PlainText, StringComparison.Ordinal);
        var button = Assert.Single(log.Buttons);
        Assert.Equal("scam:ok:" + host, button.CallbackData);
        Assert.Contains("Not a scam", button.Text, StringComparison.Ordinal);
        Assert.Contains(Api.CallsOf("sendMessage"), c => (long?)c.Parameters["chat_id"] == Group && (bool?)c.Parameters["link_preview_options"]?["is_disabled"] == true);
    }

    [Fact]
    public async Task TextLink_ShowsOfficialDomainButOpensAnother_Flagged()
    {
        await using var bot = await StartBotAsync();
        const string text = "Hi all 👋 the official guide is here: metamask.io — restore your wallet there if tokens are missing";

        var messageId = Say(Dmitry, text, Group, FakeBotApi.TextLink(text, "metamask.io", "https://wallet-connect-sync.example/restore"));
        var warning = await PostedAsync("I removed a link");

        Assert.Contains(Api.Deletions, d => d.MessageId == messageId);
        Assert.Contains("shows metamask.io but opens wallet-connect-sync.example", warning.PlainText, StringComparison.Ordinal);
        Assert.Equal("scam:ok:wallet-connect-sync.example", Assert.Single((await LoggedAsync("Link flagged")).Buttons).CallbackData);
    }

    [Fact]
    public async Task TextLink_AfterEmojiAndCyrillic_OffsetsInUtf16Units()
    {
        await using var bot = await StartBotAsync();
        // The emoji are two UTF-16 units each: an offset counted otherwise would cut the shown words wrong.
        const string text = "🔥🔥 Поддержка MetaMask 👉 support.metamask.io 👈 пишите туда";

        var messageId = Say(Olga, text, Group, FakeBotApi.TextLink(text, "support.metamask.io", "https://metamask-verify.org/help"));
        var log = await LoggedAsync("Link flagged from Оля");

        Assert.Contains(Api.Deletions, d => d.MessageId == messageId);
        Assert.Contains("metamask-verify.org", log.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhotoCaption_WithHiddenLink_Flagged()
    {
        await using var bot = await StartBotAsync();
        const string caption = "Screenshot of the fix ✅ details here";

        var messageId = Post(FakeBotApi.AsPhotoCaption(Message(Dmitry, caption, Group, FakeBotApi.TextLink(caption, "here", "https://metamask-verify.org/fix"))));
        await LoggedAsync("Link flagged");

        Assert.Contains(Api.Deletions, d => d.MessageId == messageId);
    }

    [Fact]
    public async Task MarkdownTypedAsPlainText_TextAndTargetDiffer_Flagged()
    {
        await using var bot = await StartBotAsync();

        var messageId = Say(Dmitry, "docs here [metamask.io](https://wallet-connect-sync.example/restore) read pls");
        var log = await LoggedAsync("Link flagged");

        Assert.Contains(Api.Deletions, d => d.MessageId == messageId);
        Assert.Contains("wallet-connect-sync.example", log.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfficialDomains_NeverFlagged()
    {
        await using var bot = await StartBotAsync();
        const string hidden = "Withdraw guide 📘";

        Say(Dmitry, "https://support.metamask.io/start/ and https://www.binance.com/en/support — read both pls");
        Say(Olga, "посмотри транзакцию на bscscan.com, там всё видно");
        Say(Dmitry, hidden, Group, FakeBotApi.TextLink(hidden, "Withdraw guide", "https://www.binance.com/en/support/faq/withdraw"));
        Say(Olga, "[support.metamask.io](https://support.metamask.io/more-web3/) вот");
        await SettledAsync();

        Assert.Empty(Api.Deletions);
        Assert.Empty(LogLines());
        Assert.Empty(GroupPosts());
    }

    [Fact]
    public async Task ShortenedLink_OnlyLoggedNotDeleted()
    {
        await using var bot = await StartBotAsync();

        Say(Dmitry, "look at this bit.ly/3AbCdEf 😉");
        var log = await LoggedAsync("link shortener");
        await SettledAsync();

        Assert.Empty(Api.Deletions);
        Assert.Empty(log.Buttons);
        Assert.Empty(GroupPosts());
    }

    [Fact]
    public async Task EditedIntoScamLink_Deleted()
    {
        await using var bot = await StartBotAsync();
        var messageId = Say(Dmitry, "thanks, it worked!");
        await SettledAsync();

        Api.EnqueueUpdate(Api.UserEdit(Group, messageId, "thanks, it worked! also claim here metamask-verify.org/bonus"));
        await LoggedAsync("Link flagged");

        Assert.Contains(Api.Deletions, d => d.MessageId == messageId);
    }

    [Fact]
    public async Task AdministratorsAndAnonymousAdmins_NeverChecked()
    {
        await using var bot = await StartBotAsync();

        Say(Admin, "Scam alert: do NOT open metamask-verify.org, DM me if you clicked it");
        Post(Api.AnonymousAdminMessage(Group, "Reminder: rnetamask.io is a phishing copy, contact @sasha_mod for help"));
        Post(Api.ChannelMessage(Group, -1001111111111, "BNB Chain Help News", "New post: beware of metamask-verify.org", linkedChannelPost: true));
        await SettledAsync();

        Assert.Empty(Api.Deletions);
        Assert.Empty(LogLines());
        Assert.Empty(GroupPosts());
    }

    [Fact]
    public async Task ChannelWritingInGroup_LinksCheckedNameNot()
    {
        await using var bot = await StartBotAsync();

        Post(Api.ChannelMessage(Group, -1002222222222, "MetaMask Support Official", "gm everyone ☀️", "metamask_support_official"));
        var scam = Post(Api.ChannelMessage(Group, -1003333333333, "Crypto Gems", "free BNB airdrop: metamask-verify.org/bnb", "cryptogems"));
        var log = await LoggedAsync("Link flagged from Crypto Gems (@cryptogems, id -1003333333333)");
        await SettledAsync();

        Assert.Contains(Api.Deletions, d => d.MessageId == scam);
        Assert.Single(LogLines());
        Assert.Empty(Api.Restrictions);
        Assert.DoesNotContain("impersonator", log.PlainText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BotWithoutDeleteRight_StillWarnsAndLogs()
    {
        Api.SetBotCanDelete(Group, false);
        await using var bot = await StartBotAsync();

        var messageId = Say(Dmitry, "claim your BNB: https://metamask-verify.org/claim");
        var log = await LoggedAsync("Link flagged");
        var warning = await PostedAsync("Careful with the link from Dmitry K");
        await SettledAsync(); // and the bot carries on

        Assert.Empty(Api.Deletions);
        Assert.Contains(Api.Calls, c => c.Method == "deleteMessage" && c.StatusCode == 400 && c.ErrorDescription == "Bad Request: message can't be deleted");
        Assert.Contains("couldn't delete the message", log.PlainText, StringComparison.Ordinal);
        Assert.Equal(messageId, (int?)warning.ReplyParameters?["message_id"]); // the warning points at the message still there
        Assert.False(Api.GetMessage(Group, messageId)!.Deleted);
        Assert.DoesNotContain(Api.SentMessages(Group), m => m.PlainText.Contains("I removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PolicyPerGroup_LinksOffInOneGroupOnly()
    {
        const long Quiet = -1005555555555;
        Api.SetChat(Quiet, "supergroup", "Traders Lounge");
        Api.SetChatMember(Quiet, Api.BotId, "administrator", canDeleteMessages: true, canRestrictMembers: true);
        await using var bot = await StartBotAsync(new Dictionary<string, string?>
        {
            [$"Scams:Communities:Telegram:{Quiet}:Links"] = "false",
            [$"Scams:Communities:Telegram:{Quiet}:ModLog"] = ModLog.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"Scams:Communities:Telegram:{Quiet}:Language"] = "ru",
        });

        var kept = Say(Dmitry, "metamask-verify.org/claim works for me", Quiet);
        Say(Dmitry, "DM me for support, I fix wallets fast", Quiet);
        var reminder = await PostedAsync("никогда не пишет в личку первой", Quiet);
        var deleted = Say(Dmitry, "metamask-verify.org/claim works for me");
        await LoggedAsync("Link flagged from Dmitry K (@dmitry_k, id 3003) in BNB Chain Help");

        Assert.DoesNotContain(Api.Deletions, d => d.ChatId == Quiet && d.MessageId == kept);
        Assert.Contains(Api.Deletions, d => d.ChatId == Group && d.MessageId == deleted);
        Assert.DoesNotContain(LogLines(), m => m.PlainText.Contains("Link flagged", StringComparison.Ordinal) && m.PlainText.Contains("Traders Lounge", StringComparison.Ordinal));
        Assert.NotNull(reminder);
    }
}
