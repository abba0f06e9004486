using SupportBot.Core.Conversations;
using SupportBot.Core.Messages;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>Conversations a user would have, checked for the advice that keeps their money safe.</summary>
public sealed class TranscriptTests
{
    private const string Tx = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060";
    private const string Address = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

    private readonly TestBot bot = new();

    [Fact]
    public async Task Withdrawal_BinanceToMetaMaskOnBep20_AdvisesMatchingNetworkAndEmptyMemo()
    {
        var chat = await bot.User("u1").Says("/start")
            .Expect("never ask for your Secret Recovery Phrase")
            .Presses("Binance ↔ MetaMask")
            .Presses("From the exchange to my MetaMask")
            .Presses("Binance (binance.com)")
            .Presses("BNB Smart Chain (BEP20)");

        chat.ExpectAt("exchange-withdrawal/withdraw-advice")
            .Expect("chain ID 56")
            .Expect("Leave the memo/tag field empty")
            .Expect("small test amount")
            .Expect("https://bscscan.com");
        Assert.Contains(chat.Links, l => l.Url.StartsWith("https://www.binance.com/", StringComparison.Ordinal));
        Assert.DoesNotContain(chat.Links, l => l.Url.Contains("binance.us", StringComparison.Ordinal));
        Assert.DoesNotContain("BEP2)", chat.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Withdrawal_FromBinanceUs_LinksBinanceUsNotBinanceCom()
    {
        var chat = await bot.User("u2").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From the exchange").Presses("Binance.US").Presses("Ethereum (ERC20)");

        chat.Expect("Withdrawing from Binance.US to MetaMask on Ethereum").Expect("chain ID 1)");
        Assert.Contains(chat.Links, l => l.Url.StartsWith("https://support.binance.us", StringComparison.Ordinal));
        Assert.DoesNotContain(chat.Links, l => l.Url.Contains("binance.com/en/support", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Withdrawal_OnlyBep2Offered_RoutesToRecoveryNotBep2()
    {
        var chat = await bot.User("u3").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From the exchange").Presses("Binance (binance.com)").Presses("Only BEP2");

        chat.ExpectAt("exchange-withdrawal/bep2").Expect("3 December 2024").Expect("BNB Smart Chain (BEP20)").Expect("self-service");
        Assert.Contains(chat.Links, l => l.Url == "https://github.com/bnb-chain/token-recover-self-service-tools");
    }

    [Fact]
    public async Task Withdrawal_NonEvmNetwork_ExplainsAddressFormats()
    {
        var chat = await bot.User("u4").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From the exchange").Presses("Binance (binance.com)").Presses("Only TRC20");

        chat.ExpectAt("exchange-withdrawal/non-evm").Expect("only works with EVM networks");
    }

    [Fact]
    public async Task Deposit_OnArbitrum_MentionsMemoAndGasInNativeCoin()
    {
        var chat = await bot.User("u5").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From MetaMask to the exchange").Presses("Binance (binance.com)")
            .Presses("Another EVM network").Presses("Arbitrum One");

        chat.ExpectAt("exchange-withdrawal/deposit-advice").Expect("memo/tag").Expect("**ETH** for the network fee");
    }

    [Fact]
    public async Task Deposit_AlreadySentOnWrongNetwork_OnlyTheExchangeCanHelp()
    {
        var chat = await bot.User("u6").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From MetaMask to the exchange").Presses("Binance (binance.com)")
            .Presses("I already sent it on the wrong network");

        chat.ExpectAt("exchange-withdrawal/wrong-network-binance").Expect("only Binance can help").Expect("Never share your recovery phrase");
        Assert.Contains(chat.Links, l => l.Url.Contains("academy.binance.com", StringComparison.Ordinal));
        Assert.DoesNotContain(chat.Links, l => l.Url.Contains("binance.us", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bridge_FromBscToPolygon_OfficialBridgesAndFakeSiteWarning()
    {
        var chat = await bot.User("u7").Says("/start")
            .Presses("Move funds between BSC").Presses("from BNB Smart Chain to another").Presses("Polygon");

        chat.Expect("same on both networks").Expect("bridge").Expect("Fake bridge sites").Expect("some **POL** on Polygon PoS")
            .Expect("connect them to Ethereum, not to BNB Smart Chain");
        // Polygon's portal bridges Polygon and Ethereum: it is no way to or from BSC.
        Assert.DoesNotContain(chat.Links, l => l.Url == "https://portal.polygon.technology/bridge");
        Assert.Contains(chat.Links, l => l.Url == "https://www.bnbchain.org/en/bnb-chain-bridge");
    }

    [Fact]
    public async Task Bridge_ToOpBnb_UsesOfficialOpBnbBridge()
    {
        var chat = await bot.User("u8").Says("/start")
            .Presses("Move funds between BSC").Presses("from another network to BNB Smart Chain").Presses("opBNB");

        chat.ExpectAt("cross-chain-transfer/opbnb-advice").Expect("chain ID 204");
        Assert.Contains(chat.Links, l => l.Url == "https://opbnb-bridge.bnbchain.org");
    }

    [Fact]
    public async Task WrongChain_OwnAddressOnEthereum_FundsAreNotLost()
    {
        var chat = await bot.User("u9").Says("/start")
            .Presses("Move funds between BSC").Presses("wrong network").Presses("my own MetaMask address").Presses("Ethereum");

        chat.Expect("the funds are not lost").Expect("your address on Ethereum").Expect("chain ID 1)");
    }

    [Fact]
    public async Task WrongChain_SentToExchange_JumpsToExchangeRecovery()
    {
        var chat = await bot.User("u10").Says("/start")
            .Presses("Move funds between BSC").Presses("wrong network").Presses("exchange deposit address");

        chat.ExpectAt("exchange-withdrawal/wrong-network-deposit").Expect("Which exchange?");
        var back = await chat.Says("back");
        back.ExpectAt("cross-chain-transfer/where-sent");
    }

    [Fact]
    public async Task WrongChain_SentToContract_OnlyRecipientCanHelp()
    {
        var chat = await bot.User("u11").Says("/start")
            .Presses("Move funds between BSC").Presses("wrong network").Presses("contract");

        chat.Expect("whoever controls that contract").Expect("scammer");
    }

    [Fact]
    public async Task MissingTokens_NetworkNotAdded_AddBsc56ThenImportByContract()
    {
        var chat = await bot.User("u12").Says("/start")
            .Presses("don't see them").Presses("BNB Smart Chain (BEP20)").Presses("No, or I'm not sure");

        chat.ExpectAt("missing-tokens/add-network").Expect("Chain ID: `56`").Expect("https://bsc-dataseed.bnbchain.org").Expect("https://bscscan.com");
        Assert.Contains(chat.Links, l => l.Url.StartsWith("https://docs.bnbchain.org/", StringComparison.Ordinal));

        await chat.Presses("Done");
        chat.ExpectAt("missing-tokens/import-token").Expect("contract address").Expect("Never use a contract address someone sent you in a DM");

        await chat.Presses("I see them now");
        chat.ExpectAt("missing-tokens/resolved");
    }

    [Fact]
    public async Task MissingTokens_StillMissing_PastedHashMovesToTransactionCheck()
    {
        var chat = await bot.User("u13").Says("/start")
            .Presses("don't see them").Presses("BNB Smart Chain").Presses("Yes, it's selected").Presses("Still not visible");

        chat.ExpectAt("missing-tokens/check-tx");
        await chat.Says($"here it is: {Tx}");
        chat.ExpectAt("missing-tokens/tx-advice").Expect($"https://bscscan.com/tx/{Tx}").Expect("Status Failed");
    }

    [Fact]
    public async Task MissingTokens_PastedAddressAtCheck_ShowsAddressOnExplorer()
    {
        var chat = await bot.User("u14").Says("/start").Presses("don't see them").Presses("I don't know");

        await chat.Says(Address.ToLowerInvariant());
        chat.ExpectAt("missing-tokens/address-advice").Expect($"https://bscscan.com/address/{Address}");
    }

    [Fact]
    public async Task FreeText_RussianMissingTokens_StartsScenarioInRussian()
    {
        var chat = await bot.User("r1", "en").Says("вывел USDT с бинанса и не вижу токены в метамаске");

        chat.ExpectAt("missing-tokens/which-network").Expect("В какой сети");
    }

    [Fact]
    public async Task FreeText_TransliteratedRussian_Understood()
    {
        var chat = await bot.User("r2", "ru").Says("/start");
        await chat.Says("ya otpravil tokeny v druguyu set");

        // Sent to another network — to one's own address there, or tokens that just don't show? Either way the bot
        // understood; when the two are close it asks instead of guessing, in Russian.
        if (chat.Step == "menu/main")
        {
            chat.Expect(TestContent.Catalog.Texts.Get("ru", SupportBot.Core.Intents.IntentTextKeys.Question));
            await chat.Presses(TestContent.Catalog.Texts.Get("ru", SupportBot.Core.Intents.IntentTextKeys.Label("own-address-other-chain")));
        }

        Assert.Equal("cross-chain-transfer", chat.Last.ScenarioId);
    }

    [Fact]
    public async Task FreeText_TxHashAtMenu_GoesToTransactionCheck()
    {
        var chat = await bot.User("t1").Says("/start");
        await chat.Says(Tx);

        chat.ExpectAt("missing-tokens/tx-advice").Expect(Tx);
    }

    [Fact]
    public async Task FreeText_TxHashDuringExchangeScenario_AsksWhereItWent()
    {
        var chat = await bot.User("t2").Says("/start").Presses("Binance ↔ MetaMask");
        await chat.Says($"the txid is {Tx.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)}");

        chat.ExpectAt("exchange-withdrawal/tx-received").Expect(Tx);
        await chat.Presses("exchange deposit address");
        chat.ExpectAt("exchange-withdrawal/deposit-tx-exchange").Expect("Which exchange?");
        await chat.Presses("Binance (binance.com)");
        chat.ExpectAt("exchange-withdrawal/deposit-tx-advice").Expect($"https://bscscan.com/tx/{Tx}");
    }

    [Fact]
    public async Task FreeText_NetworkNameAtNetworkStep_PicksThatChoice()
    {
        var chat = await bot.User("n1").Says("/start").Presses("Binance ↔ MetaMask").Presses("From the exchange").Presses("Binance (binance.com)");
        await chat.Says("bep-20");

        chat.ExpectAt("exchange-withdrawal/withdraw-advice").Expect("BNB Smart Chain");
    }

    [Fact]
    public async Task FreeText_Bnb1Address_RoutesToBep2Recovery()
    {
        var chat = await bot.User("b1").Says("/start").Presses("Move funds between BSC");
        await chat.Says("my old address bnb1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5axnj8j has tokens");

        chat.ExpectAt("exchange-withdrawal/bep2").Expect("BNB Beacon Chain (BEP2)");
    }

    [Theory]
    [InlineData("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TRON")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "Bitcoin")]
    [InlineData("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "Solana")]
    public async Task FreeText_NonEvmAddress_ExplainedAndStepKept(string address, string chain)
    {
        var chat = await bot.User("x-" + chain).Says("/start").Presses("don't see them").Presses("I don't know");
        await chat.Says(address);

        chat.ExpectAt("missing-tokens/check-tx").Expect($"**{chain}**").Expect("not an EVM address");
    }

    [Theory]
    [InlineData("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b2206", "64 characters")]
    [InlineData("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b2206z", "a–f")]
    public async Task FreeText_CutShortOrNotHexHash_ExplainedAndStepKept(string text, string hint)
    {
        var chat = await bot.User("m-" + hint.Length).Says("/start").Presses("don't see them").Presses("I don't know");
        await chat.Says(text);

        chat.ExpectAt("missing-tokens/check-tx").Expect(hint);
    }

    [Fact]
    public async Task FreeText_AddressWithBadChecksum_Warned()
    {
        var chat = await bot.User("c1").Says("/start").Presses("don't see them").Presses("I don't know");
        await chat.Says("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD");

        chat.ExpectAt("missing-tokens/check-tx").Expect("checksum error");
    }

    [Fact]
    public async Task Commands_BackRestartMenuHelp_WorkAtAnyStep()
    {
        var chat = await bot.User("g1").Says("/start").Presses("Binance ↔ MetaMask").Presses("From the exchange");
        chat.ExpectAt("exchange-withdrawal/exchange");

        (await chat.Says("Back")).ExpectAt("exchange-withdrawal/direction");
        (await chat.Says("back")).ExpectAt("menu/main");
        (await chat.Says("back")).ExpectAt("menu/main").Expect("nothing to go back to");
        await chat.Presses("Binance ↔ MetaMask").Presses("From the exchange").Presses("Binance.US");
        (await chat.Says("restart")).ExpectAt("exchange-withdrawal/direction");
        (await chat.Says("help")).ExpectAt("exchange-withdrawal/direction").Expect("Type **menu**");
        (await chat.Says("/menu")).ExpectAt("menu/main");
        (await chat.Says("Меню")).ExpectAt("menu/main");
    }

    [Fact]
    public async Task Commands_BackRestoresSlotsOfThatStep()
    {
        var chat = await bot.User("g2").Says("/start").Presses("Binance ↔ MetaMask").Presses("From the exchange")
            .Presses("Binance.US").Presses("Ethereum");
        chat.Expect("Binance.US");
        await chat.Says("back");
        await chat.Says("back");
        await chat.Presses("Binance (binance.com)").Presses("BNB Smart Chain");

        chat.Expect("Withdrawing from Binance (binance.com)").Expect("BNB Smart Chain");
    }

    [Fact]
    public async Task Language_SwitchedByButton_StaysEvenWhenWritingEnglish()
    {
        var chat = await bot.User("l1").Says("/start").Presses("Language");
        await chat.Presses("Русский");
        chat.Expect("по-русски").ExpectAt("menu/main").Expect("С чем помочь?");

        await chat.Says("I withdrew from Binance and cannot see my tokens");
        chat.ExpectAt("missing-tokens/which-network").Expect("В какой сети");
    }

    [Fact]
    public async Task Language_TypedName_Switches()
    {
        var chat = await bot.User("l2", "ru").Says("/start");
        chat.Expect("С чем помочь?");
        (await chat.Says("English")).Expect("What do you need help with?");
    }

    [Fact]
    public async Task Choices_TypedNumberOrLabel_Select()
    {
        var chat = await bot.User("n2").Says("/start");
        (await chat.Says("2")).ExpectAt("cross-chain-transfer/situation");
        (await chat.Says("main menu")).ExpectAt("menu/main");
        (await chat.Says("I sent tokens but dont see them in metamask")).ExpectAt("missing-tokens/which-network");
    }

    [Fact]
    public async Task StaleButton_FromEarlierStep_AnsweredPolitelyAndStepKept()
    {
        var chat = await bot.User("s1").Says("/start");
        var menuButton = chat.Buttons[0].Payload;
        await chat.Sends(menuButton);
        await chat.Presses("From the exchange");

        await chat.Sends(menuButton);
        chat.ExpectAt("exchange-withdrawal/exchange").Expect("earlier question");
        Assert.NotEmpty(chat.Buttons);

        await chat.Sends("c:nope:nope:99");
        chat.ExpectAt("exchange-withdrawal/exchange").Expect("earlier question");
    }

    [Fact]
    public async Task UnknownText_MidFlow_RepromptsWithChoices()
    {
        var chat = await bot.User("u-unknown").Says("/start").Presses("Move funds between BSC");
        await chat.Says("qwerty zxcvb");

        chat.ExpectAt("cross-chain-transfer/situation").Expect("I didn't catch that");
        Assert.True(chat.Buttons.Count >= 3);
    }

    [Fact]
    public async Task RussianTranscript_WithdrawalToBep20_InRussian()
    {
        var chat = await bot.User("ru1", "ru").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("С биржи на мой MetaMask").Presses("Binance (binance.com)").Presses("BEP20");

        chat.Expect("Поле memo/тег оставьте пустым").Expect("chain ID 56");
        Assert.Contains(chat.Links, l => l.Label.Contains("как вывести", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RussianTranscript_Bep2Recovery_NaturalRussianNotACalque()
    {
        var chat = await bot.User("ru3", "ru").Says("/start").Presses("Binance ↔ MetaMask").Presses("У меня токены BEP2");

        chat.ExpectAt("exchange-withdrawal/bep2")
            .Expect("веб-сервис восстановления на сайте BNB Chain закрыли 1 июля 2026 года")
            .Expect("программой BNB Chain, которую запускают на своём компьютере");
        Assert.DoesNotContain("размещённый", chat.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain("self-service", chat.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RussianTranscript_WrongNetworkOwnAddress_NotLost()
    {
        var chat = await bot.User("ru2", "ru-RU").Says("/start")
            .Presses("Перевод между BSC").Presses("не в ту сеть").Presses("На мой адрес MetaMask").Presses("Polygon");

        chat.Expect("средства не потеряны").Expect("Polygon PoS");
    }

    [Fact]
    public async Task WelcomeOnce_ThenNotRepeated()
    {
        var chat = await bot.User("w1").Says("hello");
        chat.Expect("I'm SupportBot").ExpectAt("menu/main");
        await chat.Says("/start");
        Assert.DoesNotContain("I'm SupportBot", chat.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_ExistingConversation_ShowsWelcomeBackAndSameStep()
    {
        var chat = await bot.User("rs").Says("/start").Presses("Move funds between BSC");
        await chat.Sends(ChoicePayload.Command("resume"));

        chat.ExpectAt("cross-chain-transfer/situation").Expect("Welcome back");
    }

    [Fact]
    public void Replies_UseOnlyTheFormattingSubset()
    {
        var parsed = RichText.Parse("**Bold** and `code` and [MetaMask](https://support.metamask.io)\n- item\n2. step\n\nplain");

        Assert.Equal([LineKind.Plain, LineKind.Bullet, LineKind.Numbered, LineKind.Blank, LineKind.Plain], parsed.Select(l => l.Kind));
        Assert.Equal([SpanKind.Bold, SpanKind.Plain, SpanKind.Code, SpanKind.Plain, SpanKind.Link], parsed[0].Spans.Select(s => s.Kind));
        Assert.Equal("https://support.metamask.io", parsed[0].Spans[4].Url);
        Assert.Equal("2", parsed[2].Number);
        Assert.Equal("[evil](javascript:alert(1))", RichText.ToPlainText("[evil](javascript:alert(1))"));
    }
}
