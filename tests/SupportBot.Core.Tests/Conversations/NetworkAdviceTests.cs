using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>
/// Advice about networks that must be right to the letter: an L2's own bridge is never offered as a way to or from
/// BSC, manual network details quote the RPC the chain's own documentation lists, and "Binance Chain" is asked about,
/// never taken for the retired BEP2 chain.
/// </summary>
public sealed class NetworkAdviceTests
{
    private const string BnbChainBridge = "https://www.bnbchain.org/en/bnb-chain-bridge";

    private readonly TestBot bot = new();

    public static TheoryData<string, string, string> L2s => new()
    {
        { "Arbitrum One", "https://bridge.arbitrum.io", "from BNB Smart Chain to another" },
        { "OP Mainnet", "https://app.optimism.io/bridge", "from another network to BNB Smart Chain" },
        { "Base", "https://docs.base.org/base-chain/network-information/bridges-mainnet", "from BNB Smart Chain to another" },
        { "Linea", "https://linea.build/hub/bridge", "from another network to BNB Smart Chain" },
        { "Polygon", "https://portal.polygon.technology/bridge", "from another network to BNB Smart Chain" },
        { "Avalanche C-Chain", "https://core.app/bridge", "from BNB Smart Chain to another" },
    };

    [Theory]
    [MemberData(nameof(L2s))]
    public async Task BridgeBetweenBscAndL2_NeverOffersTheL2sOwnBridge(string network, string ownBridge, string direction)
    {
        var chat = await bot.User("b-" + network + direction.Length).Says("/start")
            .Presses("Move funds between BSC").Presses(direction).Presses(network);

        chat.ExpectAt("cross-chain-transfer/bridge-advice").Expect("connect them to Ethereum, not to BNB Smart Chain");
        Assert.DoesNotContain(chat.Links, l => l.Url == ownBridge);
        Assert.Contains(chat.Links, l => l.Url == BnbChainBridge);
        Assert.Equal(chat.Links.Count, chat.Links.Select(l => l.Url).Distinct().Count());
    }

    [Fact]
    public async Task BridgeBetweenBscAndEthereum_OneButtonPerPage()
    {
        var chat = await bot.User("b-eth").Says("/start")
            .Presses("Move funds between BSC").Presses("from BNB Smart Chain to another").Presses("Ethereum");

        Assert.Single(chat.Links, l => l.Url == BnbChainBridge);
        Assert.Equal(chat.Links.Count, chat.Links.Select(l => l.Url).Distinct().Count());
    }

    [Fact]
    public async Task OwnAddressOnArbitrum_WayBackToBsc_IsNotArbitrumsBridge()
    {
        var chat = await bot.User("b-own").Says("/start")
            .Presses("Move funds between BSC").Presses("wrong network").Presses("my own MetaMask address").Presses("Arbitrum One");

        chat.Expect("the funds are not lost");
        Assert.DoesNotContain(chat.Links, l => l.Url == "https://bridge.arbitrum.io");
        Assert.Contains(chat.Links, l => l.Url == BnbChainBridge);
    }

    [Fact]
    public async Task OwnAddressOnOpBnb_WayBackIsTheOfficialOpBnbBridge_LabelledWithBothEnds()
    {
        var chat = await bot.User("b-opbnb").Says("/start")
            .Presses("Move funds between BSC").Presses("wrong network").Presses("my own MetaMask address").Presses("opBNB");

        var link = Assert.Single(chat.Links, l => l.Url == "https://opbnb-bridge.bnbchain.org");
        Assert.Equal("opBNB ↔ BNB Smart Chain: official bridge", link.Label);
    }

    [Theory]
    [InlineData("BNB Smart Chain (BEP20)", null, "https://bsc-dataseed.bnbchain.org", "https://docs.bnbchain.org/bnb-smart-chain/developers/json_rpc/json-rpc-endpoint/")]
    [InlineData("Another network", "Polygon", "https://polygon-rpc.com", "https://docs.polygon.technology/pos/reference/rpc-endpoints/")]
    [InlineData("Another network", "Arbitrum One", "https://arb1.arbitrum.io/rpc", "https://docs.arbitrum.io/build-decentralized-apps/reference/node-providers")]
    [InlineData("Another network", "opBNB", "https://opbnb-mainnet-rpc.bnbchain.org", "https://docs.bnbchain.org/bnb-opbnb/get-started/network-info/")]
    [InlineData("Another network", "Base", "https://mainnet.base.org", "https://docs.base.org/base-chain/quickstart/connecting-to-base")]
    [InlineData("Another network", "Linea", "https://rpc.linea.build", "https://docs.linea.build/network/build/network-info")]
    public async Task AddNetworkManually_RpcFromTheChainsOwnDocs_SourceQuoted(string first, string? second, string rpc, string source)
    {
        var chat = await bot.User("rpc-" + rpc.Length).Says("/start").Presses("don't see them").Presses(first);
        if (second is not null)
        {
            await chat.Presses(second);
        }

        await chat.Presses("No, or I'm not sure");

        chat.ExpectAt("missing-tokens/add-network").Expect($"RPC URL: `{rpc}` (as listed in the network's own documentation: {source})");
    }

    [Fact]
    public async Task AddEthereumManually_BuiltIntoMetaMask_NoThirdPartyRpcOffered()
    {
        var chat = await bot.User("rpc-eth").Says("/start").Presses("don't see them").Presses("Another network").Presses("Ethereum")
            .Presses("No, or I'm not sure");

        chat.Expect("comes with MetaMask");
        Assert.DoesNotContain("reth.rs", chat.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain("publicnode", chat.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddNetworkManually_Russian_SaysWhereTheRpcComesFrom()
    {
        var chat = await bot.User("rpc-ru", "ru").Says("/start").Presses("не вижу их").Presses("BNB Smart Chain (BEP20)").Presses("Нет или не уверен");

        chat.Expect("RPC URL: `https://bsc-dataseed.bnbchain.org` (так указано в документации самой сети: https://docs.bnbchain.org/");
    }

    [Fact]
    public async Task BinanceChainAtWithdrawalNetworkStep_Asked_BscAnswerGivesBep20Advice()
    {
        var chat = await bot.User("bc1").Says("/start").Presses("Binance ↔ MetaMask").Presses("From the exchange").Presses("Binance (binance.com)");

        await chat.Says("binance chain");

        chat.ExpectAt("exchange-withdrawal/withdraw-network").Expect("\"Binance Chain\" can mean two different networks");
        Assert.Equal(["BNB Smart Chain (BEP20, 0x… address)", "BNB Beacon Chain (BEP2, bnb1… address)"], chat.Buttons.Select(b => b.Label));
        await chat.Presses("BNB Smart Chain (BEP20");
        chat.ExpectAt("exchange-withdrawal/withdraw-advice").Expect("on BNB Smart Chain").Expect("chain ID 56");
    }

    [Fact]
    public async Task BinanceChainNetwork_TypedNumberAnswersTheQuestion_Bep2LeadsToShutdownAdvice()
    {
        var chat = await bot.User("bc2").Says("/start").Presses("Binance ↔ MetaMask").Presses("From the exchange").Presses("Binance (binance.com)");
        await chat.Says("Binance Chain network");

        await chat.Says("2");

        chat.ExpectAt("exchange-withdrawal/bep2").Expect("3 December 2024");
    }

    [Fact]
    public async Task RussianBinanceChainAtMenu_AskedInRussian_AnswerOpensTheWithdrawal()
    {
        var chat = await bot.User("bc3", "ru").Says("/start");

        await chat.Says("как вывести USDT на бинанс чейн");

        chat.ExpectAt("menu/main").Expect("«Binance Chain» может означать две разные сети");
        Assert.Equal(["BNB Smart Chain (BEP20, адрес 0x…)", "BNB Beacon Chain (BEP2, адрес bnb1…)"], chat.Buttons.Select(b => b.Label));
        await chat.Presses("BNB Smart Chain");
        chat.ExpectAt("exchange-withdrawal/direction");
    }

    [Fact]
    public async Task BcAbbreviation_Asked_NeverRoutedToBep2()
    {
        var chat = await bot.User("bc4").Says("/start").Presses("don't see them");

        await chat.Says("I sent it on BC");

        chat.ExpectAt("missing-tokens/which-network").Expect("can mean two different networks");
        await chat.Presses("BNB Smart Chain");
        chat.ExpectAt("missing-tokens/network-selected").Expect("Is **BNB Smart Chain** added and selected");
    }
}
