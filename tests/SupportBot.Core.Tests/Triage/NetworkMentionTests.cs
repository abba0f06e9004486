using SupportBot.Core.Tests.Support;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Tests.Triage;

/// <summary>
/// Network names as people write them in English and Russian chats, with the real content's names: which networks a
/// message mentions, in order of first mention; and the coins and ordinary words that are no network.
/// </summary>
public sealed class NetworkMentionTests
{
    private readonly TriageService triage = new(TestContent.Catalog);

    [Theory]
    // BNB Smart Chain
    [InlineData("withdrew usdt via BSC, nothing arrived", "bsc")]
    [InlineData("binance only offers bep20 for this coin", "bsc")]
    [InlineData("is BNB Smart Chain the same as smart chain in metamask?", "bsc")]
    [InlineData("sent it over bnb smart", "bsc")]
    [InlineData("which rpc for bnb network", "bsc")]
    [InlineData("added BNB Chain to metamask", "bsc")]
    [InlineData("is this usdt on bnb?", "bsc")]
    [InlineData("BSC mainnet rpc is down", "bsc")]
    [InlineData("вывел в бск, не вижу", "bsc")]
    [InlineData("бсц", "bsc")]
    [InlineData("отправил на бсц", "bsc")]
    [InlineData("в бске баланс ноль", "bsc")]
    [InlineData("бнб смарт чейн или бэп 20?", "bsc")]
    [InlineData("перевел по бнб смарт", "bsc")]
    [InlineData("в сети бнб пусто", "bsc")]
    // Ethereum
    [InlineData("gas on eth mainnet is crazy", "ethereum")]
    [InlineData("switch metamask to ethereum mainnet", "ethereum")]
    [InlineData("is it on mainnet or somewhere else", "ethereum")]
    [InlineData("usdt erc20 not showing", "ethereum")]
    [InlineData("which eth network should i pick", "ethereum")]
    [InlineData("I have usdt on eth", "ethereum")]
    [InlineData("send usdc via ETH", "ethereum")]
    [InlineData("держу usdt в эфире", "ethereum")]
    [InlineData("вывел с эфира", "ethereum")]
    [InlineData("сеть эфириум", "ethereum")]
    [InlineData("ерц20 или эфир?", "ethereum")]
    [InlineData("в сети eth нет токенов", "ethereum")]
    // Polygon
    [InlineData("bridge usdc to polygon", "polygon")]
    [InlineData("my matic wallet", "polygon")]
    [InlineData("is pol network supported", "polygon")]
    [InlineData("токены в полигоне не видны", "polygon")]
    [InlineData("через матик дешевле", "polygon")]
    // Arbitrum
    [InlineData("usdt on arb not showing", "arbitrum")]
    [InlineData("arbitrum one gas fee", "arbitrum")]
    [InlineData("bridging via arb", "arbitrum")]
    [InlineData("отправил через арбитрум", "arbitrum")]
    [InlineData("в арбитруме ноль", "arbitrum")]
    [InlineData("через арб быстрее", "arbitrum")]
    // OP Mainnet
    [InlineData("withdrew to optimism", "optimism")]
    [InlineData("OP Mainnet rpc", "optimism")]
    [InlineData("usdc on OP", "optimism")]
    [InlineData("добавить сеть OP в метамаск", "optimism")]
    [InlineData("перевел в оптимизм", "optimism")]
    // Base
    [InlineData("withdraw usdc to base", "base")]
    [InlineData("my usdc is on base", "base")]
    [InlineData("base network not in metamask", "base")]
    [InlineData("base chain id?", "base")]
    [InlineData("base mainnet rpc", "base")]
    [InlineData("вывел usdc в сети base", "base")]
    [InlineData("отправил на base", "base")]
    // Avalanche
    [InlineData("avax c-chain address", "avalanche")]
    [InlineData("is c-chain the same as avalanche", "avalanche")]
    [InlineData("вывел на авакс", "avalanche")]
    [InlineData("в аваланче пусто", "avalanche")]
    // Linea
    [InlineData("linea bridge stuck", "linea")]
    [InlineData("отправил в линея", "linea")]
    // opBNB
    [InlineData("opBNB gas is cheap", "opbnb")]
    [InlineData("opbnb chain rpc", "opbnb")]
    public void Analyze_NetworkAsWritten_IsThatNetwork(string text, string network) =>
        Assert.Equal([network], triage.Analyze(text).Networks);

    [Theory]
    [InlineData("from eth to bsc", "ethereum", "bsc")]
    [InlineData("bridge from bsc to eth", "bsc", "ethereum")]
    [InlineData("move usdt from arb to base", "arbitrum", "base")]
    [InlineData("bridge from eth to bnb chain", "ethereum", "bsc")]
    [InlineData("из бск в арб", "bsc", "arbitrum")]
    [InlineData("с эфира на бсц", "ethereum", "bsc")]
    [InlineData("перевел из полигона в бск", "polygon", "bsc")]
    [InlineData("send ETH on arbitrum to my BSC wallet", "arbitrum", "bsc")]
    [InlineData("BSC network or eth network?", "bsc", "ethereum")]
    public void Analyze_TwoNetworks_BothInOrder(string text, string first, string second) =>
        Assert.Equal([first, second], triage.Analyze(text).Networks);

    [Theory]
    // "base" as an English word
    [InlineData("database error in metamask")]
    [InlineData("based on what you said")]
    [InlineData("base fee is too high")]
    [InlineData("Base fee went up")]
    [InlineData("this is the base of the problem")]
    // ETH, BNB, ARB, OP, POL as coins or words
    [InlineData("the ETH I bought is gone")]
    [InlineData("swap BNB to ETH")]
    [InlineData("поменял usdt на ETH")]
    [InlineData("my bnb balance")]
    [InlineData("an arb opportunity")]
    [InlineData("ARB price dropped")]
    [InlineData("op amp")]
    [InlineData("OP said it works")]
    [InlineData("pol staking rewards")]
    // Ordinary words a typo away from a network name
    [InlineData("eth lines")]
    [InlineData("the lines are red")]
    [InlineData("magic")]
    [InlineData("линия поддержки")]
    public void Analyze_CoinOrOrdinaryWord_NoNetwork(string text) =>
        Assert.Empty(triage.Analyze(text).Networks);

    [Fact]
    public void Analyze_NetworkWordAfterName_BelongsToIt_NotToEthereum() =>
        Assert.Equal(["polygon"], triage.Analyze("polygon mainnet").Networks);

    [Fact]
    public void Analyze_NetworkWordOfOneName_DoesNotPlaceTheNextCoin() =>
        Assert.Equal(["bsc"], triage.Analyze("bsc network eth").Networks);

    [Theory]
    [InlineData("Binance Smart Chain")]
    [InlineData("binance smart chain?")]
    [InlineData("бинанс смарт чейн")]
    public void Analyze_BinanceSmartChain_IsTheNetworkNotTheExchange(string text)
    {
        var result = triage.Analyze(text);

        Assert.Equal(["bsc"], result.Networks);
        Assert.NotEqual("exchange-withdrawal", result.Scenario);
    }

    [Fact]
    public void Analyze_WithdrawalOnBinanceSmartChain_StillAWithdrawal() =>
        Assert.Equal("exchange-withdrawal", triage.Analyze("how do I withdraw from binance via binance smart chain").Scenario);
}
