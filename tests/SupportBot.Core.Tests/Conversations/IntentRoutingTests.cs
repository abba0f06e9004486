using SupportBot.Core.Intents;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>
/// Free text routed by the intent model: into the right scenario and step, to an answer of its own outside the
/// scenarios, or — when unsure — to a question with the likeliest situations as buttons.
/// </summary>
public sealed class IntentRoutingTests
{
    private static string Text(string key, string language = "en") => TestContent.Catalog.Texts.Get(language, key);

    [Fact]
    public async Task FakeSupportAskedForThePhrase_AtTheMenu_ScamAnswerNotAWithdrawalFlow()
    {
        var chat = await new TestBot().User("i1").Says("/start")
            .Says("someone from binance support DMed me on telegram and wants my 12 words to unlock my withdrawal, is that legit?");

        chat.Expect(Text(IntentTextKeys.Answer("fake-support"))).ExpectAt("menu/main");
    }

    [Fact]
    public async Task ExchangeAccountFrozen_InRussian_OfficialSupportAnswer()
    {
        var chat = await new TestBot().User("i2", "ru").Says("/start").Says("бинанс заморозил аккаунт после верификации, что делать??");

        chat.Expect(Text(IntentTextKeys.Answer("exchange-account"), "ru"));
    }

    [Fact]
    public async Task AddTokenByContract_EntersTheImportStepDirectly()
    {
        var chat = await new TestBot().User("i3").Says("/start").Says("how do i add a custom token by contract address in metamask");

        chat.ExpectAt("missing-tokens/import-token");
    }

    [Fact]
    public async Task StuckBridgeOnArbitrum_OpensTheCrossChainScenarioWithTheNetworkKept()
    {
        var bot = new TestBot();
        var chat = await bot.User("i4").Says("/start").Says("bridged usdt from bsc to arbitrum 4 hours ago and it still hasnt arrived");

        Assert.Equal("cross-chain-transfer", chat.Last.ScenarioId);
    }

    [Fact]
    public async Task Unsure_AsksWithTheLikeliestAsButtons_PressingOneRoutesThere()
    {
        var bot = new TestBot(thresholds: new IntentThresholds { MinConfidence = 1.01f });
        var chat = await bot.User("i5").Says("/start").Says("my usdt from binance never showed up in metamask");

        chat.Expect(Text(IntentTextKeys.Question)).ExpectAt("menu/main");
        var offered = chat.Buttons.Select(b => b.Label).ToList();
        Assert.InRange(offered.Count, 2, 4);
        Assert.Equal(Text(IntentTextKeys.SomethingElse), offered[^1]);
        Assert.Contains(Text(IntentTextKeys.Label("withdrawal-not-arrived")), offered);

        await chat.Presses(Text(IntentTextKeys.Label("withdrawal-not-arrived")));

        chat.ExpectAt("missing-tokens/which-network");
    }

    [Fact]
    public async Task Unsure_TypedNumberPicksFromTheQuestion_SomethingElseShowsWhatTheBotDoes()
    {
        var bot = new TestBot(thresholds: new IntentThresholds { MinConfidence = 1.01f });
        var chat = await bot.User("i6").Says("/start").Says("how do i withdraw from binance to metamask which network");
        var first = chat.Buttons[0].Label;

        await chat.Says("1");
        Assert.NotEqual("menu/main", chat.Step);

        var other = await bot.User("i7").Says("/start").Says("how do i withdraw from binance to metamask which network");
        await other.Presses(Text(IntentTextKeys.SomethingElse));
        other.ExpectAt("menu/main").Expect(Text("common.not-understood-menu"));
        Assert.NotEqual(first, other.Buttons[0].Label);
    }

    [Fact]
    public async Task SmallTalkMidScenario_DoesNotDerailTheStep()
    {
        var chat = await new TestBot().User("i8").Says("/start").Presses("Binance ↔ MetaMask");
        var step = chat.Step;

        await chat.Says("ok thanks");

        chat.ExpectAt(step);
        Assert.DoesNotContain(Text(IntentTextKeys.Answer("greeting")), chat.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScamMidScenario_InterruptsWithTheWarning()
    {
        var chat = await new TestBot().User("i9").Says("/start").Presses("Binance ↔ MetaMask")
            .Says("wait, an admin just messaged me asking to validate my wallet on some site, should i?");

        chat.Expect(Text(IntentTextKeys.Answer("fake-support")));
    }

    [Theory]
    [InlineData("withdrew usdt from binance via bep20 and dont see it in metamask", "en", "BNB Smart Chain")]
    [InlineData("юсдт пришли в сети полигон но в метамаске их не видно", "ru", "Polygon")]
    public async Task NetworkNamedInTheFirstMessage_NotAskedAgain(string text, string locale, string network)
    {
        var chat = await new TestBot().User("i10-" + locale, locale).Says("/start").Says(text);

        chat.ExpectAt("missing-tokens/network-selected").Expect(network);
    }

    [Theory]
    [InlineData("en", "not sure", "missing-tokens/add-network")]
    [InlineData("en", "yes", "missing-tokens/import-token")]
    [InlineData("ru", "нет", "missing-tokens/add-network")]
    [InlineData("ru", "да", "missing-tokens/import-token")]
    public async Task TypedShortAnswer_PicksTheOneButtonItIsPartOf(string locale, string answer, string step)
    {
        var chat = await new TestBot().User("i11-" + locale + answer, locale).Says("/start").Says("3").Says("1");
        chat.ExpectAt("missing-tokens/network-selected");

        await chat.Says(answer);

        chat.ExpectAt(step);
    }

    [Fact]
    public async Task TypedWordOfSeveralButtons_NotTakenAsEither()
    {
        var chat = await new TestBot().User("i12").Says("/start").Says("1").Says("2");
        var step = chat.Step;
        Assert.True(chat.Buttons.Count(b => b.Label.Contains("Binance", StringComparison.Ordinal)) >= 2, "both exchanges are offered here");

        await chat.Says("binance");

        chat.ExpectAt(step);
    }
}
