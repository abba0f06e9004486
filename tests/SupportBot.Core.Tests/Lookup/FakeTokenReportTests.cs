using SupportBot.Core.Conversations;
using SupportBot.Core.Lookup;
using SupportBot.Core.Scams;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Lookup;

/// <summary>Reports call fake tokens out, ahead of any advice, and never tell the user to import one.</summary>
public sealed class FakeTokenReportTests
{
    private const string RealUsdt = "0x55d398326f99059fF775485246999027B3197955";
    private const string FakeContract = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private static readonly ImitatedToken Tether = new("USDT", RealUsdt);
    private readonly LookupReport report = new(TestContent.Catalog);

    private static TokenTransfer Transfer(string contract, string symbol, ImitatedToken? imitates = null) => new()
    {
        Contract = contract, Symbol = symbol, Decimals = 18, From = "0xaaaa", To = "0xdddd", RawAmount = 5, AmountText = "1000", Imitates = imitates,
    };

    private static TransactionLookup Lookup(params TokenTransfer[] transfers) => new("0x1",
    [
        new FoundTransaction
        {
            Network = "bsc", Status = TransactionStatus.Success, Block = 100, Confirmations = 3, From = "0xaaaa", To = "0xbbbb",
            ValueText = "0 BNB", TokenTransfers = transfers,
        },
    ], [], []);

    [Theory]
    [InlineData(Slots.OwnWallet)]
    [InlineData(null)]
    public void Describe_FakeUsdtTransfer_WarnsNamingTheRealTokenAndNeverSaysImport(string? recipient)
    {
        var slots = recipient is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [Slots.Recipient] = recipient };

        var text = report.Describe(Lookup(Transfer(FakeContract, "USDT", Tether)), "en", slots).Text;

        Assert.Contains("This token calls itself **USDT** but it is not Tether's USDT on BNB Smart Chain — do not try to sell or approve it", text, StringComparison.Ordinal);
        Assert.Contains("can drain your wallet", text, StringComparison.Ordinal);
        Assert.Contains($"the real one is `{RealUsdt}`", text, StringComparison.Ordinal);
        Assert.DoesNotContain("import", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Describe_FakeBesideARealToken_WarningFirstThenImportOnlyTheRealOne()
    {
        var text = report.Describe(Lookup(Transfer(FakeContract, "UЅDT", Tether), Transfer("0xcccc", "TUSD")), "en",
            new Dictionary<string, string> { [Slots.Recipient] = Slots.OwnWallet }).Text;

        var warning = text.IndexOf("calls itself **UЅDT**", StringComparison.Ordinal);
        var advice = text.IndexOf("**Next:**", StringComparison.Ordinal);
        Assert.InRange(warning, 0, advice);
        Assert.Contains("import TUSD by its contract address `0xcccc`", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"import UЅDT", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_FakeInRussian_InRussian()
    {
        var text = report.Describe(Lookup(Transfer(FakeContract, "USDT", Tether)), "ru", new Dictionary<string, string>()).Text;

        Assert.Contains("называет себя **USDT**, но это не USDT от Tether в сети BNB Smart Chain", text, StringComparison.Ordinal);
        Assert.Contains("не пытайтесь его продать или одобрить", text, StringComparison.Ordinal);
        Assert.DoesNotContain("импортируйте", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_AddressHoldingAFake_MarkedFakeAndWarned()
    {
        var fake = new TokenBalance(FakeContract, "USDT", 18, 5, "1000") { Imitates = Tether };
        var real = new TokenBalance(RealUsdt, "USDT", 18, 5, "3") { Listed = true };
        var lookup = new AddressLookup("0xabc", [new AddressOnNetwork { Network = "bsc", BalanceText = "0 BNB", Tokens = [real, fake] }], []);

        var text = report.Describe(lookup, "en", new Dictionary<string, string>()).Text;

        Assert.Contains("3 USDT, 1000 USDT (FAKE)", text, StringComparison.Ordinal);
        Assert.Contains("it is not Tether's USDT on BNB Smart Chain", text, StringComparison.Ordinal);
        Assert.DoesNotContain("(unverified)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ManyAirdropsAndAFake_TheFakeIsNeverCutOffTheList()
    {
        var spam = Enumerable.Range(0, 8).Select(i => new TokenBalance($"0x{i:x4}", $"SPAM{i}", 18, 5, "1")).ToList();
        var fake = new TokenBalance(FakeContract, "USD₮", 18, 5, "1000") { Imitates = Tether };
        var lookup = new AddressLookup("0xabc", [new AddressOnNetwork { Network = "bsc", Balance = 1, BalanceText = "1 BNB", Tokens = [.. spam, fake] }], []);

        var text = report.Describe(lookup, "en", new Dictionary<string, string>()).Text;

        Assert.Contains("1000 USD₮ (FAKE)", text, StringComparison.Ordinal);
        Assert.Contains("calls itself **USD₮**", text, StringComparison.Ordinal);
        Assert.Contains("(unverified)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeCheck_EachKindOfAddress_SaysWhatItIsPerNetwork()
    {
        var lookup = new AddressLookup("0xabc",
        [
            new AddressOnNetwork { Network = "bsc", IsContract = true, BalanceText = "0 BNB", ContractToken = new ContractToken(FakeContract, "USDT", "Tether USD", 6) { Imitates = Tether } },
            new AddressOnNetwork { Network = "ethereum", IsContract = true, BalanceText = "0 ETH", ContractToken = new ContractToken("0xdAC17F958D2ee523a2206206994597C13D831ec7", "USDT", null, 6) { Listed = true } },
            new AddressOnNetwork { Network = "polygon", IsContract = true, BalanceText = "0 POL", ContractToken = new ContractToken(FakeContract, null, null, null) },
            new AddressOnNetwork { Network = "arbitrum", Balance = 1, BalanceText = "1 ETH", TransactionCount = 2 },
            new AddressOnNetwork { Network = "base", BalanceText = "0 ETH" },
        ], [new NetworkFailure("linea", "timeout")]);

        var text = report.DescribeCheck(lookup, "en");

        Assert.StartsWith("What `0xabc` is:", text, StringComparison.Ordinal);
        Assert.Contains("**BNB Smart Chain**: a token contract that calls itself **USDT** — a **fake**", text, StringComparison.Ordinal);
        Assert.Contains("it is not Tether's USDT on BNB Smart Chain", text, StringComparison.Ordinal);
        Assert.Contains("**Ethereum**: the contract of **USDT**, a well-known token on my list", text, StringComparison.Ordinal);
        Assert.Contains("**Polygon PoS**: a **contract**, not a token", text, StringComparison.Ordinal);
        Assert.Contains("**Arbitrum One**: a **wallet**", text, StringComparison.Ordinal);
        Assert.Contains("No code and no activity on Base", text, StringComparison.Ordinal);
        Assert.Contains("couldn't check Linea", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("calls itself").Length - 1); // the line and its warning, once
    }

    [Fact]
    public void DescribeCheck_UnusedEverywhere_SaysSoInOneLine()
    {
        var lookup = new AddressLookup("0xabc", [new AddressOnNetwork { Network = "bsc", BalanceText = "0 BNB" }, new AddressOnNetwork { Network = "ethereum", BalanceText = "0 ETH" }], []);

        var text = report.DescribeCheck(lookup, "ru");

        Assert.Equal("`0xabc` не контракт ни в одной из проверенных сетей (BNB Smart Chain, Ethereum), и как кошелёк там ещё не использовался.", text);
    }

    [Theory]
    [InlineData("is this legit? https://pancakeswap.finance")]
    [InlineData("")]
    public async Task DescribeCheckAsync_NothingOnChain_NullSoTheLinkCheckAnswers(string query) =>
        Assert.Null(await report.DescribeCheckAsync(null, query, "en", CancellationToken.None));

    [Theory]
    [InlineData("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TRON")]
    [InlineData("/check 0x55d398326f99059fF775485246999027B31979", "doesn't look complete")]
    [InlineData("0x55d398326f99059fF775485246999027B3197955", "can't check addresses on the blockchain right now")]
    public async Task DescribeCheckAsync_NotCheckable_SaysWhy(string query, string expected) =>
        Assert.Contains(expected, await report.DescribeCheckAsync(null, query, "en", CancellationToken.None), StringComparison.Ordinal);

    [Fact]
    public void Describe_FakeThenARealTransaction_SlotSetThenCleared()
    {
        var fake = report.Describe(Lookup(Transfer(FakeContract, "USDT", Tether)), "en", new Dictionary<string, string>());
        var later = report.Describe(Lookup(Transfer("0xcccc", "TUSD")), "en", fake.Slots);

        Assert.Equal("USDT", fake.Slots[LookupReport.FakeTokenSlot]);
        Assert.Equal("", later.Slots[LookupReport.FakeTokenSlot]);
        Assert.False(report.Describe(Lookup(Transfer("0xcccc", "TUSD")), "en", new Dictionary<string, string>()).Slots.ContainsKey(LookupReport.FakeTokenSlot));
    }
}
