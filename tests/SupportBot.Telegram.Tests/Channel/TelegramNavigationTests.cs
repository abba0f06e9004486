using System.Numerics;
using SupportBot.Chain.Tests.Fixtures;
using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Telegram.Tests.Channel;

/// <summary>
/// Moving on from final advice, <c>/start</c> in the middle of a conversation, and "Check again" after a lookup that
/// could not finish: Telegram.Bot over HTTP to the fake Bot API, the real engine and content.
/// </summary>
public sealed class TelegramNavigationTests : IAsyncLifetime
{
    private const long User = 5151;

    private FakeBotApi api = null!;

    public async Task InitializeAsync() =>
        api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, DefaultWaitTimeout = TimeSpan.FromSeconds(20) });

    public async Task DisposeAsync() => await api.DisposeAsync();

    /// <summary>A message as the chat shows it now (after any edits): its id, text and buttons in order.</summary>
    private sealed record Shown(int MessageId, string Text, IReadOnlyList<InlineButton> Buttons);

    private Shown Show(int messageId)
    {
        var message = api.GetMessage(User, messageId)!;
        var buttons = message.ReplyMarkup?["inline_keyboard"]?.AsArray().SelectMany(row => row!.AsArray())
            .Select(b => new InlineButton(b!["text"]!.GetValue<string>(), (string?)b["callback_data"], (string?)b["url"])).ToList() ?? [];
        return new Shown(messageId, message.Text, buttons);
    }

    /// <summary>The bot's newest message: the one the user is looking at.</summary>
    private Shown Latest() => Show(api.SentMessages(User)[^1].MessageId);

    private async Task StartAsync(string language = "en")
    {
        var before = api.SentMessages(User).Count;
        api.EnqueueUserMessage(User, User, "/start", language);
        await api.WaitForMessagesAsync(User, before + 1);
    }

    private async Task SayAsync(string text, string language = "en")
    {
        var before = api.SentMessages(User).Count;
        api.EnqueueUserMessage(User, User, text, language);
        await api.WaitForMessagesAsync(User, before + 1);
    }

    /// <summary>Presses the button of the newest message whose label contains <paramref name="label"/>, and waits for the answer.</summary>
    private async Task PressAsync(string label, string language = "en")
    {
        var shown = Latest();
        var button = shown.Buttons.First(b => b.CallbackData is not null && b.Text.Contains(label, StringComparison.Ordinal));
        var before = api.Calls.Count;
        api.EnqueueCallbackQuery(User, User, shown.MessageId, button.CallbackData!, language);
        await api.WaitUntilAsync(() => api.Calls.Skip(before).Any(c => c.Method is "editMessageText" or "sendMessage"));
    }

    private async Task ToBep20WithdrawalAdviceAsync()
    {
        await PressAsync("Binance ↔ MetaMask");
        await PressAsync("From the exchange to my MetaMask");
        await PressAsync("Binance (binance.com)");
        await PressAsync("BNB Smart Chain (BEP20)");
    }

    [Fact]
    public async Task FinalAdvice_BackThenMainMenu_EachSentAsNewMessage_AdviceKeepsItsTextAndLosesOnlyItsButtons()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);
        await StartAsync();
        await ToBep20WithdrawalAdviceAsync();
        var advice = Latest();
        Assert.Contains("Leave the memo/tag field empty", advice.Text, StringComparison.Ordinal);

        await PressAsync("Back");

        var kept = Show(advice.MessageId);
        Assert.Equal(advice.Text, kept.Text);
        Assert.Empty(kept.Buttons);
        Assert.Contains(api.Edits, e => e.MessageId == advice.MessageId && e.Method == "editMessageReplyMarkup");
        var back = Latest();
        Assert.NotEqual(advice.MessageId, back.MessageId);
        Assert.Contains("Which network will you choose?", back.Text, StringComparison.Ordinal);

        // A question step is still edited in place: the advice comes again in the same new message.
        await PressAsync("BNB Smart Chain (BEP20)");
        var again = Latest();
        Assert.Equal(back.MessageId, again.MessageId);
        Assert.Contains("Leave the memo/tag field empty", again.Text, StringComparison.Ordinal);

        await PressAsync("Main menu");

        Assert.Contains("Leave the memo/tag field empty", Show(again.MessageId).Text, StringComparison.Ordinal);
        Assert.Empty(Show(again.MessageId).Buttons);
        Assert.StartsWith("What do you need help with?", Latest().Text, StringComparison.Ordinal);
        Assert.Equal(3, api.SentMessages(User).Count); // the first advice, the second, the menu
    }

    [Fact]
    public async Task FinalAdvice_LinkButtonsFirst_ThenSolvedQuestionBackAndMainMenu()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);
        await StartAsync();
        await ToBep20WithdrawalAdviceAsync();

        var buttons = Latest().Buttons;

        Assert.True(buttons.Count >= 3);
        var links = buttons.TakeWhile(b => b.Url is not null).ToList();
        Assert.NotEmpty(links);
        Assert.Equal(["✅ Yes, this solved it", "❌ No, still not solved", "Back", "Main menu"], buttons.Skip(links.Count).Select(b => b.Text));
    }

    [Fact]
    public async Task Start_MidConversation_OffersContinueOrStartOver()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);
        await StartAsync();
        await PressAsync("Binance ↔ MetaMask");
        await PressAsync("From the exchange to my MetaMask");

        await StartAsync();
        var question = Latest();
        Assert.StartsWith("You are in the middle of a conversation.", question.Text, StringComparison.Ordinal);
        Assert.Equal(["Continue where I was", "Start over"], question.Buttons.Select(b => b.Text));

        await PressAsync("Continue where I was");
        Assert.StartsWith("Which exchange?", Latest().Text, StringComparison.Ordinal);
        Assert.Contains(Latest().Buttons, b => b.Text == "Binance (binance.com)");

        await StartAsync();
        await PressAsync("Start over");
        Assert.StartsWith("What do you need help with?", Latest().Text, StringComparison.Ordinal);

        // At the menu there is nothing to lose: /start shows it at once.
        await StartAsync();
        Assert.StartsWith("What do you need help with?", Latest().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MidConversationInRussian_QuestionAndButtonsInRussian_TypedNumberAnswersIt()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);
        await StartAsync("ru");
        await PressAsync("Binance ↔ MetaMask", "ru");

        await StartAsync("ru");
        var question = Latest();
        Assert.StartsWith("Мы ещё не закончили.", question.Text, StringComparison.Ordinal);
        Assert.Equal(["Продолжить", "Начать сначала"], question.Buttons.Select(b => b.Text));

        await SayAsync("1", "ru");
        Assert.StartsWith("Куда переводите средства?", Latest().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeepLink_MidConversation_OpensItsScenarioAtOnce_BackReturnsToWhereTheUserWas()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);
        await StartAsync();
        await PressAsync("Binance ↔ MetaMask");

        await SayAsync("/start cross-chain-transfer");
        Assert.StartsWith("What do you want to do?", Latest().Text, StringComparison.Ordinal);

        await PressAsync("Back");
        Assert.StartsWith("Which way are the funds moving?", Latest().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableLookup_CheckAgain_LooksItUpAgain()
    {
        // The harness's BNB Smart Chain endpoint refuses every connection.
        await using var bot = await TelegramBotHarness.StartAsync(api);
        var hash = "0x" + new string('d', 64);
        await ToTransactionHashStepAsync();
        await SayAsync(hash);
        var report = Latest();
        Assert.Contains("couldn't check BNB Smart Chain", report.Text, StringComparison.Ordinal);
        Assert.Contains(report.Buttons, b => b.Text == "🔄 Check again");
        var calls = api.Calls.Count;

        await PressAsync("Check again");

        Assert.Contains("couldn't check BNB Smart Chain", Latest().Text, StringComparison.Ordinal);
        Assert.Contains(api.Calls.Skip(calls), c => c.Method is "editMessageText" or "sendMessage");
    }

    [RealNodeFact]
    public async Task PendingTransaction_CheckAgainAfterItIsMined_ShowsItConfirmed_SameHashPastedOrLookupAgainToo()
    {
        await using var node = await AnvilNode.StartAsync(56);
        using var rpc = new AnvilRpc(node.Url);
        await rpc.SetAutomineAsync(false);
        var hash = await rpc.SendTransactionAsync(AnvilRpc.Account0, "0x7e57000000000000000000000000000000000051", BigInteger.Pow(10, 18));
        await using var bot = await TelegramBotHarness.StartAsync(api, settings: new Dictionary<string, string?> { ["Chain:Endpoints:bsc:0"] = node.Url.ToString() });
        await ToTransactionHashStepAsync();

        await SayAsync(hash);
        Assert.Contains("still pending", Latest().Text, StringComparison.Ordinal);
        Assert.Contains(Latest().Buttons, b => b.Text == "🔄 Check again");

        await PressAsync("Check again"); // not mined yet: still pending, still offered
        Assert.Contains("still pending", Latest().Text, StringComparison.Ordinal);
        Assert.Contains(Latest().Buttons, b => b.Text == "🔄 Check again");

        await rpc.MineAsync();
        await PressAsync("Check again");
        Assert.Contains("confirmed in block", Latest().Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Latest().Buttons, b => b.Text == "🔄 Check again");

        // The same hash pasted again, or given to /lookup, is looked up again rather than answered from the conversation.
        await SayAsync(hash);
        Assert.Contains("confirmed in block", Latest().Text, StringComparison.Ordinal);
        await SayAsync("/lookup " + hash);
        Assert.Contains("Found on BNB Smart Chain", Latest().Text, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task PendingTransaction_SameHashPastedAgainAfterItIsMined_LookedUpAgain()
    {
        await using var node = await AnvilNode.StartAsync(56);
        using var rpc = new AnvilRpc(node.Url);
        await rpc.SetAutomineAsync(false);
        var hash = await rpc.SendTransactionAsync(AnvilRpc.Account0, "0x7e57000000000000000000000000000000000052", BigInteger.Pow(10, 18));
        await using var bot = await TelegramBotHarness.StartAsync(api, settings: new Dictionary<string, string?> { ["Chain:Endpoints:bsc:0"] = node.Url.ToString() });
        await ToTransactionHashStepAsync();
        await SayAsync(hash);
        Assert.Contains("still pending", Latest().Text, StringComparison.Ordinal);

        await rpc.MineAsync();
        await SayAsync("/lookup " + hash);

        Assert.Contains("confirmed in block", Latest().Text, StringComparison.Ordinal);
    }

    /// <summary>From /start to the step that asks for a transaction hash: "don't see them", then "I don't know".</summary>
    private async Task ToTransactionHashStepAsync()
    {
        await StartAsync();
        await PressAsync("don't see them");
        await PressAsync("I don't know");
    }
}
