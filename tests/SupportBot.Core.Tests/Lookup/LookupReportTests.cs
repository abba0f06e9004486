using System.Numerics;
using SupportBot.Core.Conversations;
using SupportBot.Core.Lookup;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Lookup;

public sealed class LookupReportTests
{
    private static readonly Dictionary<string, string> NoSlots = [];
    private readonly LookupReport report = new(TestContent.Catalog);

    private static FoundTransaction Found(string network, TransactionStatus status, params TokenTransfer[] transfers) => new()
    {
        Network = network,
        Status = status,
        Block = status == TransactionStatus.Pending ? null : 100,
        Confirmations = status == TransactionStatus.Pending ? null : 3,
        From = "0xaaaa",
        To = "0xbbbb",
        Value = BigInteger.Zero,
        ValueText = "0 BNB",
        TokenTransfers = transfers,
    };

    [Fact]
    public void Describe_TokenTransferOnBscToOwnWallet_TellsWhereAndWhatToImport()
    {
        var token = new TokenTransfer { Contract = "0xcccc", Symbol = "TUSD", Decimals = 18, From = "0xaaaa", To = "0xdddd", RawAmount = 5, AmountText = "12.5" };
        var lookup = new TransactionLookup("0x1", [Found("bsc", TransactionStatus.Success, token)], ["ethereum", "polygon"], []);

        var result = report.Describe(lookup, "en", new Dictionary<string, string> { [Slots.Recipient] = Slots.OwnWallet });

        Assert.Contains("Found on BNB Smart Chain", result.Text, StringComparison.Ordinal);
        Assert.Contains("12.5 TUSD", result.Text, StringComparison.Ordinal);
        Assert.Contains("import TUSD by its contract address `0xcccc`", result.Text, StringComparison.Ordinal);
        Assert.Equal("bsc", result.Slots[Slots.Network]);
    }

    [Fact]
    public void Describe_OwnWalletOnEthereumWhenUserSaidBsc_SaysSoAndNotLost()
    {
        var lookup = new TransactionLookup("0x1", [Found("ethereum", TransactionStatus.Success)], ["bsc"], []);

        var result = report.Describe(lookup, "en", new Dictionary<string, string> { [Slots.Network] = "bsc", [Slots.Recipient] = Slots.OwnWallet });

        Assert.Contains("You mentioned BNB Smart Chain, but this transaction is on **Ethereum**", result.Text, StringComparison.Ordinal);
        Assert.Contains("not lost", result.Text, StringComparison.Ordinal);
        Assert.Equal("ethereum", result.Slots[Slots.Network]);
    }

    [Theory]
    [InlineData(TransactionStatus.Failed, "failed")]
    [InlineData(TransactionStatus.Pending, "pending")]
    public void Describe_FailedOrPending_NoImportAdvice(TransactionStatus status, string word)
    {
        var result = report.Describe(new TransactionLookup("0x1", [Found("polygon", status)], [], []), "en", NoSlots);

        Assert.Contains(word, result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**Next:**", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NotFoundAnywhere_DifferentFromCouldNotCheck()
    {
        var notFound = report.Describe(new TransactionLookup("0x1", [], ["bsc", "ethereum"], []), "en", NoSlots);
        var unknown = report.Describe(new TransactionLookup("0x1", [], ["bsc"], [new NetworkFailure("ethereum", "timeout")]), "en", NoSlots);

        Assert.Contains("couldn't find this transaction on any network I checked (BNB Smart Chain, Ethereum)", notFound.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("couldn't check", notFound.Text, StringComparison.Ordinal);
        Assert.Contains("Not found on BNB Smart Chain", unknown.Text, StringComparison.Ordinal);
        Assert.Contains("couldn't check Ethereum", unknown.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("any network", unknown.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Russian_InRussian()
    {
        var result = report.Describe(new TransactionLookup("0x1", [Found("bsc", TransactionStatus.Success)], [], []), "ru", NoSlots);

        Assert.Contains("Транзакция найдена в сети BNB Smart Chain", result.Text, StringComparison.Ordinal);
        Assert.Contains("Что дальше", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_AddressActiveOnTwoNetworks_ListsBothAndSetsNoNetwork()
    {
        var lookup = new AddressLookup("0xabc",
        [
            new AddressOnNetwork { Network = "bsc", Balance = 1, BalanceText = "0.5 BNB", TransactionCount = 2 },
            new AddressOnNetwork { Network = "ethereum", Balance = 1, BalanceText = "0.1 ETH" },
            new AddressOnNetwork { Network = "polygon", BalanceText = "0 POL" },
        ], []);

        var result = report.Describe(lookup, "en", NoSlots);

        Assert.Contains("**BNB Smart Chain**: 0.5 BNB, 2 transactions sent", result.Text, StringComparison.Ordinal);
        Assert.Contains("**Ethereum**: 0.1 ETH", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Polygon", result.Text, StringComparison.Ordinal);
        Assert.False(result.Slots.ContainsKey(Slots.Network));
    }

    private static TokenBalance Token(string symbol, string amount, bool listed) =>
        new("0xcccc", symbol, 6, BigInteger.Parse(amount.Replace(".", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture), amount) { Listed = listed };

    [Fact]
    public void Describe_AddressHoldsOnlyATokenOnEthereum_NamesItAndTheMissingGas()
    {
        var lookup = new AddressLookup("0xabc",
        [
            new AddressOnNetwork { Network = "ethereum", BalanceText = "0 ETH", Tokens = [Token("USDT", "42.000001", listed: true)], RecentIncomingTransfers = 1 },
            new AddressOnNetwork { Network = "bsc", BalanceText = "0 BNB" },
        ], []);

        var english = report.Describe(lookup, "en", NoSlots);
        var russian = report.Describe(lookup, "ru", NoSlots);

        Assert.Contains("On **Ethereum**: 42.000001 USDT (no ETH for gas)", english.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("no balance", english.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("BNB Smart Chain", english.Text, StringComparison.Ordinal);
        Assert.Equal("ethereum", english.Slots[Slots.Network]);
        Assert.Contains("В сети **Ethereum**: 42.000001 USDT (нет ETH для оплаты комиссии)", russian.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_TokensAndGasOnBsc_UnlistedTokenMarkedAndExplained()
    {
        var lookup = new AddressLookup("0xabc",
        [
            new AddressOnNetwork
            {
                Network = "bsc", Balance = 1, BalanceText = "0.01 BNB",
                Tokens = [Token("USDT", "120", listed: true), Token("USDT", "5000", listed: false)],
            },
        ], []);

        var text = report.Describe(lookup, "en", NoSlots).Text;

        Assert.Contains("On **BNB Smart Chain**: 120 USDT, 5000 USDT (unverified) and 0.01 BNB", text, StringComparison.Ordinal);
        Assert.Contains("look-alike tokens", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_TransferLogsUnread_SaysTokensOffTheListMayBeMissing()
    {
        var lookup = new AddressLookup("0xabc",
        [
            new AddressOnNetwork { Network = "bsc", BalanceText = "0 BNB", TransfersChecked = false },
            new AddressOnNetwork { Network = "ethereum", BalanceText = "0 ETH" },
        ], []);

        var english = report.Describe(lookup, "en", NoSlots).Text;
        var russian = report.Describe(lookup, "ru", NoSlots).Text;

        Assert.Contains("no balance", english, StringComparison.Ordinal);
        Assert.Contains("couldn't read the recent token transfers on BNB Smart Chain:", english, StringComparison.Ordinal);
        Assert.Contains("Не удалось прочитать недавние переводы токенов в сетях: BNB Smart Chain.", russian, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_TokensArrivedButNoneHeld_CountsAsActivity()
    {
        var lookup = new AddressLookup("0xabc", [new AddressOnNetwork { Network = "polygon", BalanceText = "0 POL", RecentIncomingTransfers = 2 }], []);

        var text = report.Describe(lookup, "en", NoSlots).Text;

        Assert.Contains("On **Polygon PoS**: tokens arrived recently, but none are held there now (0 POL)", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pk 0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", "private key")]
    [InlineData("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318 <- key", "private key")]
    [InlineData("legal winner thank year wave sausage worth useful legal winner thank yellow", "Recovery Phrase")]
    public async Task DescribeQuery_SecretAsTheQuery_WarnedAndNeverLookedUp(string query, string warning)
    {
        var lookup = new RecordingChainLookup();

        var text = await report.DescribeQueryAsync(lookup, query, "en", CancellationToken.None);

        Assert.Contains(warning, text, StringComparison.Ordinal);
        Assert.Empty(lookup.Queries);
    }

    [Theory]
    [InlineData("en", 1, "(1 confirmation)")]
    [InlineData("en", 3, "(3 confirmations)")]
    [InlineData("ru", 1, "(1 подтверждение)")]
    [InlineData("ru", 3, "(3 подтверждения)")]
    [InlineData("ru", 5, "(5 подтверждений)")]
    [InlineData("ru", 21, "(21 подтверждение)")]
    public void Describe_Confirmations_InTheRightPluralForm(string language, long confirmations, string expected)
    {
        var found = Found("bsc", TransactionStatus.Success) with { Confirmations = confirmations };

        var result = report.Describe(new TransactionLookup("0x1", [found], [], []), language, NoSlots);

        Assert.Contains(expected, result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", 1, "Looking this up on 1 network…")]
    [InlineData("en", 9, "Looking this up on 9 networks…")]
    [InlineData("ru", 1, "Проверяю 1 сеть…")]
    [InlineData("ru", 2, "Проверяю 2 сети…")]
    [InlineData("ru", 9, "Проверяю 9 сетей…")]
    public void Progress_NetworkCount_InTheRightPluralForm(string language, int networks, string expected) =>
        Assert.EndsWith(expected, report.Progress(language, NoSlots, networks), StringComparison.Ordinal);

    [Fact]
    public void Describe_AddressWithOneTransaction_Singular()
    {
        var lookup = new AddressLookup("0xabc", [new AddressOnNetwork { Network = "bsc", Balance = 1, BalanceText = "1 BNB", TransactionCount = 1 }], []);

        Assert.Contains("1 BNB, 1 transaction sent", report.Describe(lookup, "en", NoSlots).Text, StringComparison.Ordinal);
        Assert.Contains("1 BNB, 1 исходящая транзакция", report.Describe(lookup, "ru", NoSlots).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_UnreachableInRussian_ReadsNaturally()
    {
        var result = report.Describe(new TransactionLookup("0x1", [], [], [new NetworkFailure("bsc", "timeout")]), "ru", NoSlots);

        Assert.Contains("Не удалось проверить BNB Smart Chain: сейчас нет ответа. Возможно, искомое как раз там", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("всё там", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_RecipientUnknown_NeitherPromisesFundsNorSaysSwitchOnly()
    {
        var lookup = new TransactionLookup("0x1", [Found("ethereum", TransactionStatus.Success)], ["bsc"], []);

        var result = report.Describe(lookup, "en", new Dictionary<string, string> { [Slots.Network] = "bsc" });

        Assert.Contains("You mentioned BNB Smart Chain, but this transaction is on **Ethereum**.", result.Text, StringComparison.Ordinal);
        Assert.Contains("if `0xbbbb` is your own MetaMask address", result.Text, StringComparison.Ordinal);
        Assert.Contains("only that exchange can credit or recover them", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("not lost", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ExchangeDepositOnWrongNetwork_ExchangeRecoversNoSwitching()
    {
        var lookup = new TransactionLookup("0x1", [Found("ethereum", TransactionStatus.Success)], ["bsc"], []);
        var slots = new Dictionary<string, string> { [Slots.Network] = "bsc", [Slots.Recipient] = Slots.ExchangeAddress, [Slots.Exchange] = "binance-us" };

        var result = report.Describe(lookup, "en", slots);

        Assert.Contains("the deposit page showed **BNB Smart Chain**", result.Text, StringComparison.Ordinal);
        Assert.Contains("only Binance.US can recover them", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**Next:** switch", result.Text, StringComparison.Ordinal);
        Assert.Equal("bsc", result.Slots[Slots.StatedNetwork]);
    }
}
