using SupportBot.Core.Tests.Support;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Tests.Triage;

/// <summary>Routing, language, networks and commands read from free text, with the real content's words.</summary>
public sealed class TriageServiceTests
{
    private readonly TriageService triage = new(TestContent.Catalog);

    [Theory]
    // English
    [InlineData("How do I withdraw USDT from Binance to MetaMask?", "exchange-withdrawal")]
    [InlineData("deposit from metamask to binance.us", "exchange-withdrawal")]
    [InlineData("binance asks for a memo, what do I put?", "exchange-withdrawal")]
    [InlineData("how do I bridge BNB to Arbitrum", "cross-chain-transfer")]
    [InlineData("I sent ETH to the wrong network", "cross-chain-transfer")]
    [InlineData("move my tokens from ethereum to bsc", "cross-chain-transfer")]
    [InlineData("I withdrew USDT from Binance but don't see it in MetaMask", "missing-tokens")]
    [InlineData("tokens not showing in metamask", "missing-tokens")]
    [InlineData("my tokens disappeared", "missing-tokens")]
    [InlineData("hello", "none")]
    [InlineData("what is the weather", "none")]
    // Typos and case
    [InlineData("how do i WITHDRAWL from BINANCE", "exchange-withdrawal")]
    [InlineData("brigde to polygon", "cross-chain-transfer")]
    [InlineData("tokens dissapeared", "missing-tokens")]
    // Russian
    [InlineData("как вывести USDT с бинанса на метамаск", "exchange-withdrawal")]
    [InlineData("пополнить биржу с метамаска", "exchange-withdrawal")]
    [InlineData("как перевести через мост в арбитрум", "cross-chain-transfer")]
    [InlineData("отправил не в ту сеть", "cross-chain-transfer")]
    [InlineData("вывел с бинанса, токены не пришли", "missing-tokens")]
    [InlineData("не вижу токены в метамаске", "missing-tokens")]
    [InlineData("Токены пропали!!!", "missing-tokens")]
    // Russian typed in Latin letters, and Russian typos
    [InlineData("kak vyvesti s binansa", "exchange-withdrawal")]
    [InlineData("ne vizhu tokeny", "missing-tokens")]
    [InlineData("otpravil v druguyu set", "cross-chain-transfer")]
    [InlineData("токены не отображаюца", "missing-tokens")]
    // Entities as evidence
    [InlineData("bnb1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5axnj8j", "exchange-withdrawal")]
    [InlineData("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060", "missing-tokens")]
    [InlineData("I have BEP2 tokens", "exchange-withdrawal")]
    public void Analyze_Message_RoutesToScenario(string text, string scenario) =>
        Assert.Equal(scenario, triage.Analyze(text).Scenario);

    [Theory]
    [InlineData("I withdrew and don't see my tokens", "en", true)]
    [InlineData("не вижу токены", "ru", true)]
    [InlineData("ne vizhu tokeny posle vyvoda", "ru", true)]
    [InlineData("ok", "en", false)]
    [InlineData("BEP20", "en", false)]
    [InlineData("да", "ru", false)]
    public void Analyze_Message_DetectsLanguage(string text, string language, bool confident)
    {
        var result = triage.Analyze(text);
        Assert.Equal(language, result.Language);
        Assert.Equal(confident, result.LanguageConfident);
    }

    [Theory]
    [InlineData("withdraw on BEP20", "bsc")]
    [InlineData("bep-20", "bsc")]
    [InlineData("Binance Smart Chain", "bsc")]
    [InlineData("смарт чейн", "bsc")]
    [InlineData("ERC20", "ethereum")]
    [InlineData("etherium", "ethereum")]
    [InlineData("в сети эфириум", "ethereum")]
    [InlineData("BEP2", "bnb-beacon")]
    [InlineData("бэп2", "bnb-beacon")]
    [InlineData("полигон", "polygon")]
    [InlineData("arbitrom", "arbitrum")]
    [InlineData("on Base", "base")]
    [InlineData("сеть base", "base")]
    [InlineData("opBNB", "opbnb")]
    [InlineData("avax c-chain", "avalanche")]
    [InlineData("линеа", "linea")]
    [InlineData("OP Mainnet", "optimism")]
    public void Analyze_NetworkMention_NormalisedToKey(string text, string network) =>
        Assert.Equal([network], triage.Analyze(text).Networks);

    [Theory]
    [InlineData("withdraw to binance chain")]
    [InlineData("binance chain network")]
    [InlineData("вывожу на бинанс чейн")]
    [InlineData("отправил в бинанс чейне")]
    [InlineData("sent on BC")]
    public void Analyze_BinanceChain_AmbiguousNeverBep2(string text)
    {
        var result = triage.Analyze(text);

        Assert.Equal(["binance-chain"], result.AmbiguousNetworks);
        Assert.Empty(result.Networks);
    }

    [Fact]
    public void Analyze_LowercaseBc_IsJustAWord() =>
        Assert.Empty(triage.Analyze("cant see it bc metamask is empty").AmbiguousNetworks);

    [Fact]
    public void Analyze_BridgeToBinanceChain_IsAMoveNotAnExchangeWithdrawal() =>
        Assert.Equal("cross-chain-transfer", triage.Analyze("how to bridge from ethereum to binance chain").Scenario);

    [Theory]
    [InlineData("this is the base of the problem")]
    [InlineData("op")]
    [InlineData("my bnb")]
    public void Analyze_OrdinaryWords_AreNotNetworks(string text) =>
        Assert.Empty(triage.Analyze(text).Networks);

    [Fact]
    public void Analyze_BridgeBetweenTwoNetworks_ListsBothInOrder() =>
        Assert.Equal(["bsc", "arbitrum"], triage.Analyze("from BEP20 to arbitrum one").Networks);

    [Theory]
    [InlineData("menu", "menu")]
    [InlineData("/start", "menu")]
    [InlineData("/start@SupportBot", "menu")]
    [InlineData("Главное меню", "menu")]
    [InlineData("назад", "back")]
    [InlineData("BACK", "back")]
    [InlineData("start over", "restart")]
    [InlineData("начать заново", "restart")]
    [InlineData("/help", "help")]
    [InlineData("помощь", "help")]
    [InlineData("язык", "language")]
    public void MatchCommand_CommandWords_Recognised(string text, string command) =>
        Assert.Equal(command, triage.MatchCommand(text));

    [Theory]
    [InlineData("go back to binance and withdraw")]
    [InlineData("I need help with a withdrawal")]
    [InlineData("")]
    public void MatchCommand_SentencesContainingCommandWords_AreNotCommands(string text) =>
        Assert.Null(triage.MatchCommand(text));

    [Fact]
    public void Analyze_Secret_RedactedBeforeAnythingElse()
    {
        var result = triage.Analyze("help! abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about");

        Assert.Equal(SecretKinds.RecoveryPhrase, result.Secret);
        Assert.DoesNotContain("abandon", result.RedactedText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 <- that is my private key, tokens missing")]
    [InlineData("pk: 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 tokens missing")]
    [InlineData("мой приватник 0x5C504ED432CB51138BCF09AA5E8A410DD4A1E204EF84BFED1BE16DFBA1B22060, не вижу токены")]
    public void Analyze_KeyThatLooksLikeAHash_SecretAndNoTransaction(string text)
    {
        var result = triage.Analyze(text);

        Assert.Equal(SecretKinds.PrivateKey, result.Secret);
        Assert.Empty(result.Entities.Transactions);
        Assert.DoesNotContain("5c504ed4", result.RedactedText, StringComparison.OrdinalIgnoreCase);
    }
}
