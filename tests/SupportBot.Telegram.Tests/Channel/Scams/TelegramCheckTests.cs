using SupportBot.Chain.Tests.Fixtures;
using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Telegram.Tests.Channel.Scams;

/// <summary><c>/check</c> in groups and private chats, and hidden links in private messages.</summary>
public sealed class TelegramCheckTests : ScamGroup
{
    private const long Private = Dmitry;

    [Fact]
    public async Task GroupCheck_AnyoneAsks_AnsweredInReplyAndNotTakenForAScam()
    {
        await using var bot = await StartBotAsync();

        var asked = Say(Dmitry, "/check https://metamask-verify.org/claim");
        var answer = await PostedAsync("is on MetaMask's list of phishing sites");

        Assert.Equal(asked, (int?)answer.ReplyParameters?["message_id"]);
        Assert.Empty(Api.Deletions);
        Assert.Empty(LogLines());
    }

    [Fact]
    public async Task GroupCheck_InReplyToASuspiciousMessage_ChecksItsHiddenLink()
    {
        await using var bot = await StartBotAsync();
        Api.SetChatMember(Group, Api.BotId, "administrator", canDeleteMessages: false, canRestrictMembers: false);
        const string text = "Claim your refund here";
        var suspicious = Say(Olga, text, Group, FakeBotApi.TextLink(text, "here", "https://metamask-verify.org/refund"));
        await LoggedAsync("couldn't delete the message");

        Post(Api.UserMessage(Group, Dmitry, "/check", "ru", "supergroup", "Dmitry", "K", "dmitry_k", replyToMessageId: suspicious));
        var answer = await PostedAsync("есть в списке фишинговых сайтов MetaMask");

        Assert.Contains("metamask-verify.org", answer.PlainText, StringComparison.Ordinal);
        Assert.NotEqual(suspicious, (int?)answer.ReplyParameters?["message_id"]); // it answers the /check, not the scam
    }

    [Fact]
    public async Task CheckForAnotherBot_Ignored_CheckWithOurNameAnswered()
    {
        await using var bot = await StartBotAsync();

        Say(Dmitry, "/check@OtherBot metamask.io");
        Say(Dmitry, "/check@support_test_bot support.metamask.io");
        var answer = await PostedAsync("official domain");
        await SettledAsync();

        Assert.Single(GroupPosts());
        Assert.Contains("support.metamask.io", answer.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateCheck_RussianUser_AnsweredInRussianBeforeTheConversation()
    {
        await using var bot = await StartBotAsync();

        Api.EnqueueUserMessage(Private, Private, "/check rnetamask.io", "ru");
        var answer = (await Api.WaitForMessagesAsync(Private, 1))[^1];

        Assert.Contains("rnetamask.io", answer.PlainText, StringComparison.Ordinal);
        Assert.Contains("metamask.io", answer.PlainText, StringComparison.Ordinal);
        Assert.Matches("[А-Яа-я]", answer.PlainText);
        Assert.DoesNotContain("С чем помочь", answer.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateCheck_Empty_Usage()
    {
        await using var bot = await StartBotAsync();

        Api.EnqueueUserMessage(Private, Private, "/check");

        Assert.Contains("Send /check with a link", (await Api.WaitForMessagesAsync(Private, 1))[^1].PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateForwardedSupportMessage_HiddenLinkWarned()
    {
        await using var bot = await StartBotAsync();
        Api.EnqueueUserMessage(Private, Private, "/start");
        await Api.WaitForMessagesAsync(Private, 1);

        const string text = "MetaMask Support: your wallet is out of sync. Verify it here within 24h.";
        var forwarded = Api.Forwarded(FakeBotApi.WithEntities(Api.UserMessage(Private, Private, text),
            FakeBotApi.TextLink(text, "Verify it here", "https://metamask-verify.org/sync")), "MetaMask Support");
        Api.EnqueueUpdate(forwarded);

        await Api.WaitUntilAsync(() => Api.SentMessages(Private).Any(m => m.PlainText.Contains("Don't open this link", StringComparison.Ordinal)));
        Assert.Contains(Api.SentMessages(Private), m => m.PlainText.Contains("metamask-verify.org", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Startup_CheckInCommandListsOfBothLanguages()
    {
        await using var bot = await StartBotAsync();

        await Api.WaitUntilAsync(() => Api.Commands.Count >= 4);

        Assert.Equal(4, Api.Commands.Count(c => c.Commands.Any(x => x.Command == "check")));
        Assert.Contains(Api.Commands, c => c.LanguageCode == "ru" && c.Commands.Any(x => x.Command == "check" && x.Description.StartsWith("Проверить", StringComparison.Ordinal)));
    }
}

/// <summary><c>/check</c> of a token contract, a transfer and a wallet on a real anvil node with a real and a fake USDT.</summary>
public sealed class TelegramCheckOnChainTests(FakeTokenChains chains) : ScamGroup, IClassFixture<FakeTokenChains>
{
    private Task<TelegramBotHarness> StartOnChainAsync() => StartBotAsync(new Dictionary<string, string?>
    {
        ["Chain:Endpoints:bsc:0"] = chains.Bsc.Url.ToString(),
        ["Chain:Tokens:bsc:0:Contract"] = chains.KnownUsdt.Contract,
        ["Chain:Tokens:bsc:0:Symbol"] = chains.KnownUsdt.Symbol,
        ["Chain:Tokens:bsc:0:Decimals"] = "18",
    });

    [RealNodeFact]
    public async Task GroupCheck_FakeUsdtContract_CalledAFake()
    {
        await using var bot = await StartOnChainAsync();

        Say(Dmitry, "/check " + chains.FakeUsdt.Token + " is this real usdt?? 🤔");
        var answer = await PostedAsync("BNB Smart Chain");

        Assert.Contains("calls itself USDT — a fake", answer.PlainText, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task GroupCheck_RealUsdtContract_Known()
    {
        await using var bot = await StartOnChainAsync();

        Say(Dmitry, "/check " + chains.RealUsdt.Token);
        var answer = await PostedAsync("BNB Smart Chain");

        Assert.Contains("a well-known token on my list", answer.PlainText, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task PrivateCheck_FakeUsdtTransfer_Warned()
    {
        await using var bot = await StartOnChainAsync();

        Api.EnqueueUserMessage(Dmitry, Dmitry, "/check " + chains.FakeOnlyHash);
        await Api.WaitUntilAsync(() => Api.SentMessages(Dmitry).Any(m => m.PlainText.Contains("calls itself USDT", StringComparison.Ordinal)));

        Assert.Contains(Api.SentMessages(Dmitry), m => m.PlainText.Contains("it is not Tether's USDT on BNB Smart Chain", StringComparison.Ordinal));
    }

    [RealNodeFact]
    public async Task PrivateCheck_Wallet_SaidToBeAWallet()
    {
        await using var bot = await StartOnChainAsync();

        Api.EnqueueUserMessage(Dmitry, Dmitry, "/check " + AnvilRpc.Account0, "ru");
        var answer = (await Api.WaitForMessagesAsync(Dmitry, 1))[^1];

        Assert.Contains("BNB Smart Chain", answer.PlainText, StringComparison.Ordinal);
        Assert.Matches("кошел", answer.PlainText);
    }
}
