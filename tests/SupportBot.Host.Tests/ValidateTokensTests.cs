using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary>
/// <c>validate-content</c> on the known-token lists of content/networks.yaml: a contract not in its EIP-55 form, decimals
/// out of range and a contract listed twice are errors at their line.
/// </summary>
public class ValidateTokensTests
{
    private const string EthereumUsdt = """      - {contract: "0xdAC17F958D2ee523a2206206994597C13D831ec7", symbol: USDT, decimals: 6}""";

    [Fact]
    public async Task ValidateContent_ContractWithOneCharacterMistyped_ChecksumErrorAtItsLine()
    {
        using var content = new ContentCopy();
        // One digit changed: still 40 hex digits, but the mixed case no longer matches the checksum.
        var line = content.Replace("networks.yaml", EthereumUsdt, EthereumUsdt.Replace("ec7", "ec8", StringComparison.Ordinal));

        var run = await ValidateAsync(content);

        Assert.Equal(
            $"content/networks.yaml:{line}: token contract '0xdAC17F958D2ee523a2206206994597C13D831ec8' must be a 0x address in its EIP-55 checksum form\n"
            + $"1 error(s) in {content.Root}\n",
            run.Error);
    }

    [Fact]
    public async Task ValidateContent_ContractAllLowerCase_NotAcceptedWithoutChecksum()
    {
        using var content = new ContentCopy();
        var line = content.Replace("networks.yaml", EthereumUsdt, EthereumUsdt.ToLowerInvariant());

        var run = await ValidateAsync(content);

        Assert.StartsWith($"content/networks.yaml:{line}: token contract '0xdac17f958d2ee523a2206206994597c13d831ec7' must be", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(37)]
    [InlineData(-1)]
    public async Task ValidateContent_DecimalsOutOfRange_Reported(int decimals)
    {
        using var content = new ContentCopy();
        var line = content.Replace("networks.yaml", EthereumUsdt, EthereumUsdt.Replace("decimals: 6", $"decimals: {decimals}", StringComparison.Ordinal));

        var run = await ValidateAsync(content);

        Assert.Equal(
            $"content/networks.yaml:{line}: token 'USDT' has decimals {decimals}; they must be between 0 and 36\n1 error(s) in {content.Root}\n",
            run.Error);
    }

    [Fact]
    public async Task ValidateContent_SameContractTwiceOnANetwork_Reported()
    {
        using var content = new ContentCopy();
        var line = content.Replace("networks.yaml", EthereumUsdt, EthereumUsdt + "\n" + EthereumUsdt.Replace("USDT", "USDT2", StringComparison.Ordinal)) + 1;

        var run = await ValidateAsync(content);

        Assert.Equal(
            $"content/networks.yaml:{line}: token contract '0xdAC17F958D2ee523a2206206994597C13D831ec7' is listed twice on 'ethereum'\n1 error(s) in {content.Root}\n",
            run.Error);
    }

    [Fact]
    public async Task ValidateContent_TokenWithoutDecimals_MissingKeyReported()
    {
        using var content = new ContentCopy();
        var line = content.Replace("networks.yaml", EthereumUsdt, EthereumUsdt.Replace(", decimals: 6", "", StringComparison.Ordinal));

        var run = await ValidateAsync(content);

        Assert.Equal($"content/networks.yaml:{line}: missing 'decimals'\n1 error(s) in {content.Root}\n", run.Error);
    }

    private static async Task<CliRun> ValidateAsync(ContentCopy content)
    {
        var run = await CliRunner.RunAsync(["validate-content", "--path", content.Root]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        return run;
    }
}
