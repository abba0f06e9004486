using SupportBot.Core.Messages;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>What the engine tells channels about final advice, /start in a conversation, Check again and button order.</summary>
public sealed class NavigationTests
{
    private const string Tx = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060";

    [Fact]
    public async Task PressOnFinalAdvice_KeepsTheAnsweredMessage_PressOnAQuestionDoesNot()
    {
        var bot = new TestBot();
        var chat = await bot.User("keep").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From the exchange").Presses("Binance (binance.com)");
        Assert.False(chat.Last.KeepAnswered); // a question step is edited into the next one

        await chat.Presses("BNB Smart Chain (BEP20)");
        chat.ExpectAt("exchange-withdrawal/withdraw-advice");
        Assert.False(chat.Last.KeepAnswered);

        await chat.Presses("Back");
        Assert.True(chat.Last.KeepAnswered);
        await chat.Presses("BNB Smart Chain (BEP20)");
        await chat.Presses("Main menu");
        Assert.True(chat.Last.KeepAnswered);
        chat.ExpectAt("menu/main");
    }

    [Fact]
    public async Task FinalAdvice_LinksBeforeChoices_ChoicesAskIfSolvedThenBackAndMainMenu()
    {
        var chat = await new TestBot().User("order").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From the exchange").Presses("Binance (binance.com)").Presses("BNB Smart Chain (BEP20)");

        var advice = chat.Last.Replies[^1];
        var buttons = advice.Buttons.ToList();
        Assert.IsType<LinkButton>(buttons[0]);
        Assert.Equal([.. advice.Links, .. advice.Choices], buttons);
        Assert.Equal(["g:solved", "g:unsolved", "g:back", "g:menu"], advice.Choices.Select(c => c.Payload));
    }

    [Fact]
    public async Task Start_NewConversationOrAtTheMenu_ShowsTheMenu_MidConversation_Asks()
    {
        var bot = new TestBot();
        var chat = await bot.User("start").Sends("g:start");
        chat.ExpectAt("menu/main").Expect("never ask for your Secret Recovery Phrase");
        await chat.Sends("g:start");
        chat.ExpectAt("menu/main");

        await chat.Presses("Binance ↔ MetaMask");
        await chat.Sends("g:start");
        chat.ExpectAt("exchange-withdrawal/direction").Expect("Continue where you were, or start over");
        Assert.Equal(["g:continue", "g:menu"], chat.Buttons.Select(b => b.Payload));

        await chat.Says("2"); // the question's buttons, not the step's
        chat.ExpectAt("menu/main");
    }

    [Fact]
    public async Task Start_AfterTheConversationExpired_MenuWithoutAsking()
    {
        var bot = new TestBot(idleExpiry: TimeSpan.FromHours(1));
        var chat = await bot.User("expired").Says("/start").Presses("Binance ↔ MetaMask");

        bot.Time.Advance(TimeSpan.FromHours(2));
        await chat.Says("/start");

        chat.ExpectAt("menu/main");
        Assert.DoesNotContain("start over", chat.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAgain_AtAStepThatLooksNothingUp_IsAStaleButton()
    {
        var chat = await new TestBot().User("stale-recheck").Says("/start").Presses("Binance ↔ MetaMask").Sends("g:recheck");

        chat.ExpectAt("exchange-withdrawal/direction").Expect("earlier question");
    }

    [Fact]
    public async Task SameHashAgainOrCheckAgain_AtTheLookupStep_LookedUpEachTime()
    {
        var lookup = new RecordingChainLookup();
        var bot = new TestBot(chainLookup: lookup);
        var chat = await bot.User("again").Says("/start").Presses("I sent tokens").Says(Tx);
        chat.ExpectAt("missing-tokens/tx-advice");

        await chat.Says("here it is again: " + Tx);
        chat.ExpectAt("missing-tokens/tx-advice");
        await chat.Sends("g:recheck");

        Assert.Equal([Tx, Tx, Tx], lookup.Queries);
        // Nothing was pending or unreachable: "not found" is an answer, and Check again is not offered for it.
        Assert.DoesNotContain(chat.Buttons, b => b.Payload == "g:recheck");
    }
}
