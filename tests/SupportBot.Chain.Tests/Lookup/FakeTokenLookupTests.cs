using SupportBot.Chain.Tests.Fixtures;
using SupportBot.Core.Conversations;
using SupportBot.Core.Lookup;

namespace SupportBot.Chain.Tests.Lookup;

/// <summary>
/// A scam's airdrop on a real node: tokens that copy USDT from other contracts are called out in transaction and
/// address lookups and in /check, never offered for import; the real USDT and an unrelated token are not flagged.
/// </summary>
public sealed class FakeTokenLookupTests(FakeTokenChains chains) : IClassFixture<FakeTokenChains>, IDisposable
{
    private const string Warning = "but it is not Tether's USDT on BNB Smart Chain — do not try to sell or approve it";

    private static readonly Dictionary<string, string> OwnWallet = new() { [Slots.Recipient] = Slots.OwnWallet };

    private readonly List<LookupHarness> harnesses = [];
    private readonly LookupReport report = new(LookupHarness.Content);

    private LookupHarness Harness()
    {
        var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["bsc"] = [chains.Bsc.Url], ["ethereum"] = [chains.Ethereum.Url] },
            settings: LookupHarness.KnownTokens("bsc", chains.KnownUsdt));
        harnesses.Add(harness);
        return harness;
    }

    [RealNodeFact]
    public async Task FindTransaction_FakeUsdtTransfer_MarkedFakeWarnedAndNeverOfferedForImport()
    {
        var lookup = await Harness().Lookup.FindTransactionAsync(chains.FakeUsdt.Hash, CancellationToken.None);

        var transfer = Assert.Single(Assert.Single(lookup.Found).TokenTransfers);
        Assert.Equal(("USDT", chains.RealUsdt.Token), (transfer.Imitates?.Symbol, transfer.Imitates?.Contract));
        var result = report.Describe(lookup, "en", OwnWallet);
        Assert.Contains("This token calls itself **USDT** " + Warning, result.Text, StringComparison.Ordinal);
        Assert.Contains($"Its contract is `{chains.FakeUsdt.Token}`; the real one is `{chains.RealUsdt.Token}`", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("import", result.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("USDT", result.Slots[LookupReport.FakeTokenSlot]);
    }

    [RealNodeFact]
    public async Task FindTransaction_CyrillicAndTugrikLookAlikes_BothFake()
    {
        var harness = Harness();

        foreach (var (fake, shown) in new[] { (chains.CyrillicUsdt, "UЅDT"), (chains.TugrikUsdt, "USD₮") })
        {
            var lookup = await harness.Lookup.FindTransactionAsync(fake.Hash, CancellationToken.None);
            var transfer = Assert.Single(Assert.Single(lookup.Found).TokenTransfers);
            Assert.Equal(chains.RealUsdt.Token, transfer.Imitates?.Contract);
            var text = report.Describe(lookup, "ru", new Dictionary<string, string>()).Text;
            Assert.Contains($"Этот токен называет себя **{shown}**, но это не USDT от Tether в сети BNB Smart Chain", text, StringComparison.Ordinal);
            Assert.DoesNotContain("импортируйте", text, StringComparison.Ordinal);
        }
    }

    [RealNodeFact]
    public async Task FindTransaction_RealUsdtAndUnrelatedToken_NotFlaggedAndImportAdvised()
    {
        var harness = Harness();

        var real = await harness.Lookup.FindTransactionAsync(chains.RealUsdt.Hash, CancellationToken.None);
        var unrelated = await harness.Lookup.FindTransactionAsync(chains.Unrelated.Hash.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), CancellationToken.None);

        Assert.Null(Assert.Single(Assert.Single(real.Found).TokenTransfers).Imitates);
        Assert.Null(Assert.Single(Assert.Single(unrelated.Found).TokenTransfers).Imitates);
        var realText = report.Describe(real, "en", OwnWallet).Text;
        Assert.Contains($"import USDT by its contract address `{chains.RealUsdt.Token}`", realText, StringComparison.Ordinal);
        Assert.DoesNotContain("calls itself", realText, StringComparison.Ordinal);
        Assert.Contains("import TUSD", report.Describe(unrelated, "en", OwnWallet).Text, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task FindAddress_VictimOfTheAirdrop_EveryFakeMarkedAndWarnedTheRestNot()
    {
        var lookup = await Harness().Lookup.FindAddressAsync(FakeTokenChains.Victim, null, CancellationToken.None);

        var bsc = lookup.Networks.Single(n => n.Network == "bsc");
        var fakes = bsc.Tokens.Where(t => t.Imitates is not null).Select(t => t.Contract).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { chains.FakeUsdt.Token, chains.CyrillicUsdt.Token, chains.TugrikUsdt.Token }.Order(StringComparer.Ordinal), fakes);
        Assert.Contains(bsc.Tokens, t => t is { Listed: true, Symbol: "USDT", Imitates: null });
        Assert.Contains(bsc.Tokens, t => t is { Symbol: "TUSD", Listed: false, Imitates: null });

        var text = report.Describe(lookup, "en", new Dictionary<string, string>()).Text;
        Assert.Contains("3 USDT, ", text, StringComparison.Ordinal);
        Assert.Contains("1000 USDT (FAKE)", text, StringComparison.Ordinal);
        Assert.Contains("500 UЅDT (FAKE)", text, StringComparison.Ordinal);
        Assert.Contains("250 USD₮ (FAKE)", text, StringComparison.Ordinal);
        Assert.Contains("10 TUSD (unverified)", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split(Warning).Length - 1);
    }

    [RealNodeTheory]
    [InlineData("/check {0}")]
    [InlineData("is this token legit?? https://bscscan.com/token/{0}")]
    [InlineData("  {0}  ")]
    public async Task Check_FakeTokenContract_FakeOnBscUnusedOnEthereum(string input)
    {
        var text = await report.DescribeCheckAsync(Harness().Lookup, string.Format(System.Globalization.CultureInfo.InvariantCulture, input, chains.FakeUsdt.Token),
            "en", CancellationToken.None);

        Assert.Contains("**BNB Smart Chain**: a token contract that calls itself **USDT** — a **fake**", text, StringComparison.Ordinal);
        Assert.Contains(Warning, text, StringComparison.Ordinal);
        Assert.Contains("No code and no activity on Ethereum", text, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task Check_CyrillicFakeInRussian_Fake()
    {
        var text = await report.DescribeCheckAsync(Harness().Lookup, "проверь токен " + chains.CyrillicUsdt.Token, "ru", CancellationToken.None);

        Assert.Contains("контракт токена, который называет себя **UЅDT**, — это **подделка**", text, StringComparison.Ordinal);
        Assert.Contains("не пытайтесь его продать или одобрить", text, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task Check_RealUsdtContract_KnownTokenNoWarning()
    {
        var text = await report.DescribeCheckAsync(Harness().Lookup, $"check {chains.RealUsdt.Token} pls", "en", CancellationToken.None);

        Assert.Contains("**BNB Smart Chain**: the contract of **USDT**, a well-known token on my list", text, StringComparison.Ordinal);
        Assert.DoesNotContain("fake", text, StringComparison.OrdinalIgnoreCase);
    }

    [RealNodeFact]
    public async Task Check_UnrelatedToken_UnverifiedNotFake()
    {
        var text = await report.DescribeCheckAsync(Harness().Lookup, $"https://bscscan.com/address/{chains.Unrelated.Token}#code", "en", CancellationToken.None);

        Assert.Contains("a token contract (TUSD) that is not on my list of well-known tokens", text, StringComparison.Ordinal);
        Assert.DoesNotContain("fake", text, StringComparison.OrdinalIgnoreCase);
    }

    [RealNodeFact]
    public async Task Check_Wallet_WalletOnBscAndTheFakesItHoldsCalledOut()
    {
        var text = await report.DescribeCheckAsync(Harness().Lookup, "what is " + FakeTokenChains.OnlyFakeHolder + "?", "en", CancellationToken.None);

        Assert.Contains("**BNB Smart Chain**: a **wallet** (an ordinary account, not a contract)", text, StringComparison.Ordinal);
        Assert.Contains("This token calls itself **USDT** " + Warning, text, StringComparison.Ordinal);
        Assert.Contains("No code and no activity on Ethereum", text, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task Check_TransactionLink_TransactionReportWithTheWarning()
    {
        var text = await report.DescribeCheckAsync(Harness().Lookup, $"https://bscscan.com/tx/{chains.FakeOnlyHash}", "en", CancellationToken.None);

        Assert.Contains("Found on BNB Smart Chain", text, StringComparison.Ordinal);
        Assert.Contains(Warning, text, StringComparison.Ordinal);
        Assert.DoesNotContain("import", text, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        foreach (var harness in harnesses)
        {
            harness.Dispose();
        }
    }
}
