using System.Numerics;
using SupportBot.Chain.Evm;

namespace SupportBot.Chain.Tests.Evm;

public sealed class Erc20Tests
{
    // ABI string "USDT": offset 0x20, length 4, bytes padded to 32.
    private const string AbiStringUsdt =
        "0x0000000000000000000000000000000000000000000000000000000000000020" +
        "0000000000000000000000000000000000000000000000000000000000000004" +
        "5553445400000000000000000000000000000000000000000000000000000000";

    [Fact]
    public void DecodeText_AbiString_ReturnsText() => Assert.Equal("USDT", Erc20.DecodeText(AbiStringUsdt));

    [Fact]
    public void DecodeText_Bytes32_ReturnsTextWithoutPadding() =>
        Assert.Equal("MKR", Erc20.DecodeText("0x4d4b520000000000000000000000000000000000000000000000000000000000"));

    [Theory]
    [InlineData(null)]
    [InlineData("0x")]
    [InlineData("0x1234")]
    [InlineData("0xzz")]
    // Offset pointing past the end.
    [InlineData("0x00000000000000000000000000000000000000000000000000000000000000ff0000000000000000000000000000000000000000000000000000000000000004")]
    // Length longer than the data.
    [InlineData("0x000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000ff")]
    public void DecodeText_MalformedOrMissing_ReturnsNull(string? hex) => Assert.Null(Erc20.DecodeText(hex));

    [Fact]
    public void DecodeText_ScamNameWithLinkAndMarkup_KeepsPlainCharactersOnly()
    {
        var name = "[Claim](https://evil.example) **now**";
        var hex = "0x" + "0000000000000000000000000000000000000000000000000000000000000020" +
                  name.Length.ToString("x64", System.Globalization.CultureInfo.InvariantCulture) +
                  Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(name)).PadRight(128, '0');

        var text = Erc20.DecodeText(hex);

        Assert.NotNull(text);
        Assert.DoesNotContain("[", text, StringComparison.Ordinal);
        Assert.DoesNotContain("(", text, StringComparison.Ordinal);
        Assert.DoesNotContain("*", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/", text, StringComparison.Ordinal);
        Assert.True(text!.Length <= 32);
    }

    [Theory]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000012", 18)]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000006", 6)]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000", 0)]
    public void DecodeDecimals_Word_ReturnsValue(string hex, int decimals) => Assert.Equal(decimals, Erc20.DecodeDecimals(hex));

    [Theory]
    [InlineData(null)]
    [InlineData("0x")]
    [InlineData("0x12")]
    [InlineData("0x00000000000000000000000000000000000000000000000000000000000000ff")]
    public void DecodeDecimals_MissingOrAbsurd_ReturnsNull(string? hex) => Assert.Null(Erc20.DecodeDecimals(hex));

    [Fact]
    public void DecodeTransfer_Erc20Log_DecodesAddressesAndAmount()
    {
        var transfer = Erc20.DecodeTransfer("0xtoken",
            [Erc20.TransferTopic, "0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266", "0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8"],
            "0x00000000000000000000000000000000000000000000000000000000000f4240");

        Assert.NotNull(transfer);
        Assert.Equal("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", transfer.Value.From);
        Assert.Equal("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", transfer.Value.To);
        Assert.Equal(new BigInteger(1_000_000), transfer.Value.Amount);
    }

    [Fact]
    public void DecodeTransfer_Erc721LogWithFourTopics_IsNotAToken() =>
        Assert.Null(Erc20.DecodeTransfer("0xnft", [Erc20.TransferTopic, "0x01", "0x02", "0x03"], "0x"));

    [Theory]
    [InlineData("1000000000000000000", 18, "1")]
    [InlineData("1500000", 6, "1.5")]
    [InlineData("1", 18, "0.000000000000000001")]
    [InlineData("42", 0, "42")]
    [InlineData("0", 18, "0")]
    [InlineData("123456789012345678901234567890", 18, "123456789012.34567890123456789")]
    public void Units_Format_ScalesByDecimals(string raw, int decimals, string expected) =>
        Assert.Equal(expected, Units.Format(BigInteger.Parse(raw, System.Globalization.CultureInfo.InvariantCulture), decimals));
}
