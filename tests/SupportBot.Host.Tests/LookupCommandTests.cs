using System.Text.Json;
using SupportBot.Host.Cli;
using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary>
/// The lookup verb's answers that need no node: explanations of input that can't be looked up, and "could not check"
/// when every network is down (CliRunner points them all at a refusing loopback port). Lookups against real nodes
/// are tested in SupportBot.Chain.Tests.
/// </summary>
public sealed class LookupCommandTests
{
    [Theory]
    [InlineData("0x5c504ed4", "wrong-length")]
    [InlineData("5C504ED432CB51138BCF09AA5E8A410DD4A1E204EF84BFED1BE16DFBA1B22060", "bep2-hash")]
    [InlineData("bnb1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5axnj8j", "bep2-address")]
    [InlineData("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron")]
    [InlineData("hello", "nothing")]
    [InlineData("pk: 0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", "private-key")]
    [InlineData("legal winner thank year wave sausage worth useful legal winner thank yellow", "recovery-phrase")]
    public async Task Lookup_InputThatIsNotAHashOrAddress_ExplainedWithExitThree(string query, string kind)
    {
        var run = await CliRunner.RunAsync(["lookup", "--json", query]);

        Assert.Equal(CliApp.QueryInvalid, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(kind, json.RootElement.GetProperty("kind").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Lookup_PrivateKeyAsTheQuery_NeverPrintedBack()
    {
        var run = await CliRunner.RunAsync(["lookup", "--json", "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318 <- my private key"]);

        Assert.Equal(CliApp.QueryInvalid, run.ExitCode);
        Assert.DoesNotContain("4c0883a6", run.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("private key", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_EveryNetworkDown_CouldNotCheckRatherThanNotFound()
    {
        var hash = "0x" + new string('a', 64);

        var run = await CliRunner.RunAsync(["lookup", "--json", hash]);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("transaction", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("found").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("notFound").GetArrayLength());
        Assert.Equal(9, json.RootElement.GetProperty("unreachable").GetArrayLength());
    }

    [Fact]
    public async Task Lookup_HumanReport_InRussian()
    {
        var run = await CliRunner.RunAsync(["lookup", "--language", "ru", "0x" + new string('b', 64)]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Не удалось проверить", run.Output, StringComparison.Ordinal);
    }
}
