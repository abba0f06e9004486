using SupportBot.Core.Scams;

namespace SupportBot.Core.Tests.Lookup;

public sealed class FakeTokenDetectorTests
{
    private const string Usdt = "0x55d398326f99059fF775485246999027B3197955";
    private const string Usdc = "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d";
    private const string Fake = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    private static readonly (string Contract, string Symbol)[] Bsc = [(Usdt, "USDT"), (Usdc, "USDC"), ("0x2170Ed0880ac9A755fd29B2688956BD959F933F8", "ETH")];

    [Theory]
    [InlineData("USDT", null)]
    [InlineData("usdt", null)]
    [InlineData(" U S D T ", null)]
    [InlineData("USDT.e", null)]
    [InlineData("USDT (BEP20)", null)]
    [InlineData("USDT-BEP-20", null)]
    [InlineData("USD₮", null)]
    [InlineData("UЅDT", null)]            // Cyrillic Ѕ
    [InlineData("USDТ", null)]            // Cyrillic Т
    [InlineData("US\u200BDT", null)]      // zero-width space
    [InlineData("ＵＳＤＴ", null)]          // full-width
    [InlineData("Bridged USDT", null)]
    [InlineData("TUSD", "Tether USD")]   // the symbol is new, the name is Tether's
    [InlineData(null, "Tether USD")]
    [InlineData("X", "tether usd")]
    public void Imitated_CopiesUsdtFromAnotherContract_NamesTheRealOne(string? symbol, string? name)
    {
        var imitated = FakeTokenDetector.Imitated(Bsc, Fake, symbol, name);

        Assert.Equal(new ImitatedToken("USDT", Usdt), imitated);
    }

    [Theory]
    [InlineData(Usdt, "USDT", "Tether USD")]
    [InlineData("0x55D398326F99059FF775485246999027B3197955", "USDT", null)] // any case of the real contract
    [InlineData(Usdc, "USDC", "USD Coin")]
    [InlineData(Fake, "TUSD", "Test USD")]
    [InlineData(Fake, "USX6", "Six Dollar")]
    [InlineData(Fake, "USDTX", "Tether Gold")]
    [InlineData(Fake, "WETH", "Wrapped Ether")]   // not on BSC's list: unverified, but no copy of a listed one
    [InlineData(Fake, "USD", "Dollar")]
    [InlineData(Fake, null, null)]
    [InlineData(Fake, "...", "\u200B")]
    public void Imitated_KnownContractOrUnrelatedName_NotFlagged(string contract, string? symbol, string? name) =>
        Assert.Null(FakeTokenDetector.Imitated(Bsc, contract, symbol, name));

    [Fact]
    public void Imitated_UsdcEOnPolygon_RealBridgedOneIsNotFakeAndACopyNamesCirclesFirst()
    {
        (string, string)[] polygon = [("0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359", "USDC"), ("0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174", "USDC.e")];

        Assert.Null(FakeTokenDetector.Imitated(polygon, "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174", "USDC.e", "USD Coin (PoS)"));
        Assert.Equal("USDC", FakeTokenDetector.Imitated(polygon, Fake, "USDC.e", null)?.Symbol);
    }

    [Fact]
    public void Imitated_NetworkWithoutThatToken_NotFlagged() =>
        Assert.Null(FakeTokenDetector.Imitated([(Usdc, "USDC")], Fake, "USDT", "Tether USD"));

    [Theory]
    [InlineData("USD₮0", "USDT0")]
    [InlineData("Tether USD", "TETHERUSD")]
    [InlineData("ТЕТНЕR", "TETHER")]
    [InlineData("usdt.e", "USDT")]
    public void Fold_LookAlikesAndDecorations_ReadAsWritten(string text, string folded) =>
        Assert.Equal(folded, FakeTokenDetector.Fold(text));
}
