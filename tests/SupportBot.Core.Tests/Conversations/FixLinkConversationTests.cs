using SupportBot.Core.Tests.Fix;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>Where the funds are to be seen in MetaMask, the lookup report offers the fix page; never for a deposit at an exchange.</summary>
public sealed class FixLinkConversationTests
{
    private const string Tx = "0x8a1b6f6b3c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7";
    private const string OwnAddress = "0x28c6c06298d514db089934071355e5743bf21d60";

    private static TestBot Bot(string network, SupportBot.Core.Lookup.TokenTransfer? token = null, bool configured = true) =>
        new(chainLookup: new FakeChainLookup().Transfer(Tx, network, OwnAddress, token ?? FakeChainLookup.Usdt()),
            fixLinks: configured ? FixLinksTests.Links() : FixLinksTests.Links(key: null));

    [Fact]
    public async Task WithdrawalLandedOnEthereum_ButtonToTheSignedPage_ForThatNetworkAndToken()
    {
        var chat = await Bot("ethereum", FakeChainLookup.Usdt("0xdAC17F958D2ee523a2206206994597C13D831ec7")).User("f1").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From the exchange to my MetaMask").Presses("Binance (binance.com)")
            .Presses("BNB Smart Chain (BEP20)");

        await chat.Says($"withdrew usdt, txid {Tx} not showing in metamask");

        var fix = Assert.Single(chat.Links, l => l.Label == "🦊 Fix it in MetaMask");
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(fix.Url).Query);
        Assert.StartsWith("https://bot.example.org/fix?", fix.Url, StringComparison.Ordinal);
        Assert.Equal(new SupportBot.Core.Fix.FixTarget("ethereum", "0xdac17f958d2ee523a2206206994597c13d831ec7"),
            FixLinksTests.Links().Verify(query["n"], query["t"], query["s"]));
    }

    [Fact]
    public async Task RussianConversation_ButtonAndPageInRussian()
    {
        var chat = await Bot("bsc").User("f2", "ru").Says($"где мои usdt? вот хеш {Tx}");

        var fix = Assert.Single(chat.Links, l => l.Label == "🦊 Исправить в MetaMask");
        Assert.Contains("&l=ru&", fix.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DepositToAnExchange_NoButton_SwitchingWouldShowNothing()
    {
        var chat = await Bot("ethereum").User("f3").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From MetaMask to the exchange").Presses("Binance (binance.com)")
            .Presses("BNB Smart Chain (BEP20)");

        await chat.Says(Tx);

        Assert.DoesNotContain(chat.Links, l => l.Url.Contains("/fix?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FakeUsdtOnly_NoButton_AFakeIsNeverOffered()
    {
        var fake = FakeChainLookup.Usdt("0x1234567890abcdef1234567890abcdef12345678") with
        {
            Imitates = new SupportBot.Core.Scams.ImitatedToken("USDT", "0x55d398326f99059ff775485246999027b3197955"),
        };
        var chat = await Bot("bsc", fake).User("f4").Says($"got free usdt airdrop {Tx} cant sell it");

        Assert.DoesNotContain(chat.Links, l => l.Url.Contains("/fix?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotConfigured_NoButton()
    {
        var chat = await Bot("bsc", configured: false).User("f5").Says($"tokens missing {Tx}");

        Assert.DoesNotContain(chat.Links, l => l.Label.Contains("MetaMask", StringComparison.Ordinal) && l.Url.Contains("/fix", StringComparison.Ordinal));
    }
}
