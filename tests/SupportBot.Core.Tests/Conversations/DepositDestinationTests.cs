using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>
/// A transaction sent on the "wrong" network: at your own MetaMask address the funds are there to see by switching
/// networks; at an exchange's deposit address only that exchange can recover them. The bot knows which from the
/// conversation, or asks — and Binance.US problems go to Binance.US, not to Binance.com's recovery guide.
/// </summary>
public sealed class DepositDestinationTests
{
    private const string Tx = "0x8a1b6f6b3c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7";
    private const string DepositAddress = "0x28c6c06298d514db089934071355e5743bf21d60";
    private const string BinanceRecovery = "https://academy.binance.com/en/articles/how-to-recover-crypto-transferred-to-the-wrong-network-on-binance";
    private const string BinanceUsSupport = "https://support.binance.us/";

    private static TestBot BotWhereTxIsOn(string network) =>
        new(chainLookup: new FakeChainLookup().Transfer(Tx, network, DepositAddress, FakeChainLookup.Usdt()));

    [Fact]
    public async Task DepositToBinanceOnBep20_SentOnEthereum_OnlyBinanceCanRecoverNotSwitchMetaMask()
    {
        var chat = await BotWhereTxIsOn("ethereum").User("d1").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From MetaMask to the exchange").Presses("Binance (binance.com)")
            .Presses("BNB Smart Chain (BEP20)");

        await chat.Says($"I sent it, it never arrived: {Tx}");

        chat.ExpectAt("exchange-withdrawal/deposit-tx-advice")
            .Expect("went out on **Ethereum**, but the deposit page showed **BNB Smart Chain**")
            .Expect("only Binance (binance.com) can recover them");
        Assert.DoesNotContain("not lost", chat.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain("switch MetaMask to **Ethereum**", chat.Reply, StringComparison.Ordinal);
        Assert.Equal([BinanceRecovery], chat.Links.Select(l => l.Url));
    }

    [Fact]
    public async Task DepositToBinanceUs_SentOnWrongNetwork_GoesToBinanceUsSupportNotBinanceCom()
    {
        var chat = await BotWhereTxIsOn("polygon").User("d2").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From MetaMask to the exchange").Presses("Binance.US")
            .Presses("Ethereum (ERC20)");

        await chat.Says(Tx);

        chat.ExpectAt("exchange-withdrawal/deposit-tx-advice")
            .Expect("deposit page showed **Ethereum**")
            .Expect("only Binance.US can recover them");
        Assert.Equal([BinanceUsSupport], chat.Links.Select(l => l.Url));
        Assert.DoesNotContain(chat.Links, l => l.Url.Contains("binance.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DepositOnTheRightNetwork_CreditedAfterConfirmations_NoRecoveryScare()
    {
        var chat = await BotWhereTxIsOn("bsc").User("d3").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From MetaMask to the exchange").Presses("Binance (binance.com)")
            .Presses("BNB Smart Chain (BEP20)");

        await chat.Says(Tx);

        chat.ExpectAt("exchange-withdrawal/deposit-tx-advice").Expect("credits the deposit after the confirmations it requires");
        Assert.DoesNotContain("⚠️", chat.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain("switch MetaMask", chat.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithdrawalToOwnMetaMask_LandedOnAnotherNetwork_FundsAreThereSwitchNetworks()
    {
        var chat = await BotWhereTxIsOn("ethereum").User("d4").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From the exchange to my MetaMask").Presses("Binance (binance.com)")
            .Presses("BNB Smart Chain (BEP20)");

        await chat.Says($"withdrawal txid {Tx}");

        chat.ExpectAt("missing-tokens/tx-own-wallet")
            .Expect("You mentioned BNB Smart Chain, but this transaction is on **Ethereum**")
            .Expect("they are not lost")
            .Expect("switch MetaMask to **Ethereum** and import USDT");
    }

    [Fact]
    public async Task HashPastedAtMenu_RecipientUnknown_BothCasesExplainedAndAsked()
    {
        var chat = await BotWhereTxIsOn("ethereum").User("d5").Says("/start");

        await chat.Says(Tx);

        chat.ExpectAt("missing-tokens/tx-advice")
            .Expect("Found on Ethereum")
            .Expect($"if `{DepositAddress}` is your own MetaMask address")
            .Expect("If it is an exchange deposit address, switching MetaMask won't show them");
        Assert.DoesNotContain("not lost", chat.Reply, StringComparison.Ordinal);
        Assert.Contains(chat.Buttons, b => b.Label == "To my own MetaMask address");
        Assert.Contains(chat.Buttons, b => b.Label.StartsWith("To an exchange deposit address", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HashPastedAtMenu_UserSaysExchangeThenBinanceUs_BinanceUsAdviceOnly()
    {
        var chat = await BotWhereTxIsOn("ethereum").User("d6").Says("/start");
        await chat.Says(Tx);

        await chat.Presses("To an exchange deposit address");
        chat.ExpectAt("exchange-withdrawal/deposit-tx-exchange").Expect("Which exchange?");
        await chat.Presses("Binance.US");

        chat.ExpectAt("exchange-withdrawal/deposit-tx-advice").Expect("check that Ethereum is the network Binance.US's deposit page showed")
            .Expect("only Binance.US can recover the funds");
        Assert.DoesNotContain("switch MetaMask to", chat.Reply, StringComparison.Ordinal);
        Assert.Equal([BinanceUsSupport], chat.Links.Select(l => l.Url));
    }

    [Fact]
    public async Task HashPastedAtMenu_UserSaysOwnWallet_SwitchAndImportAdvice()
    {
        var chat = await BotWhereTxIsOn("polygon").User("d7").Says("/start");
        await chat.Says(Tx);

        await chat.Presses("To my own MetaMask address");

        chat.ExpectAt("missing-tokens/tx-own-wallet").Expect("switch MetaMask to **Polygon PoS** and import USDT")
            .Expect("https://polygonscan.com/tx/" + Tx);
    }

    [Fact]
    public async Task SentToExchangeOnWrongChain_FromBridgeMenu_AsksWhichExchange_BinanceUsSupport()
    {
        var chat = await new TestBot().User("d8").Says("/start")
            .Presses("Move funds between BSC").Presses("wrong network").Presses("exchange deposit address");

        chat.ExpectAt("exchange-withdrawal/wrong-network-deposit").Expect("Which exchange?");
        await chat.Presses("Binance.US");

        chat.ExpectAt("exchange-withdrawal/wrong-network-binance-us").Expect("only Binance.US can help").Expect("Switching networks in MetaMask won't show them");
        Assert.Equal([BinanceUsSupport], chat.Links.Select(l => l.Url));
    }

    [Fact]
    public async Task RussianDepositToBinance_SentOnWrongNetwork_ReportInNaturalRussian()
    {
        var chat = await BotWhereTxIsOn("ethereum").User("d9", "ru").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("С MetaMask на биржу").Presses("Binance (binance.com)").Presses("BNB Smart Chain (BEP20)");

        await chat.Says($"отправил, но не пришло: {Tx}");

        chat.ExpectAt("exchange-withdrawal/deposit-tx-advice")
            .Expect("Транзакция найдена в сети Ethereum")
            .Expect("(12 подтверждений)")
            .Expect("Депозит ушёл в сети **Ethereum**, а на странице пополнения была указана **BNB Smart Chain**")
            .Expect("вернуть их может только Binance (binance.com)");
        Assert.DoesNotContain("не потеряны", chat.Reply, StringComparison.Ordinal);
    }
}
