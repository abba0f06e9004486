using System.Text.Json;
using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary><c>eval</c>: the routing report over any labelled JSON Lines set, from a file or standard input.</summary>
public sealed class EvalCommandTests
{
    private const string Set =
        """
        {"text": "how do i withdraw usdt from binance to metamask, bep20 or erc20?", "language": "en", "intent": "withdrawal-network", "scenario": "exchange-withdrawal", "networks": ["bsc", "ethereum"]}

        {"text": "мост из бск в полигон завис уже 3 часа", "language": "ru", "intent": "bridge-stuck", "scenario": "cross-chain-transfer", "networks": ["bsc", "polygon"]}
        {"text": "hey guys 👋", "language": "en", "intent": "greeting", "scenario": "none", "networks": []}
        """;

    [Fact]
    public async Task Eval_File_PrintsTotalsPerLanguagePerIntentAndConfusion()
    {
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.File("set.jsonl"), Set);

        var run = await CliRunner.RunAsync(["eval", temp.File("set.jsonl")]);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("messages 3: scenario right ", run.Output, StringComparison.Ordinal);
        Assert.Contains("by language:", run.Output, StringComparison.Ordinal);
        Assert.Contains("  ru ", run.Output, StringComparison.Ordinal);
        Assert.Contains("  bridge-stuck ", run.Output, StringComparison.Ordinal);
        Assert.Contains("confusion (labelled → predicted, count):", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_StandardInputAsJson_FiguresBetweenZeroAndOne()
    {
        var run = await CliRunner.RunAsync(["eval", "-", "--json"], Set);

        Assert.Equal(0, run.ExitCode);
        using var report = JsonDocument.Parse(run.Output);
        Assert.Equal(3, report.RootElement.GetProperty("messages").GetInt32());
        foreach (var figure in new[] { "scenarioRight", "confidentlyWrong", "clarifying", "intentAccuracy", "networksExact" })
        {
            Assert.InRange(report.RootElement.GetProperty(figure).GetDouble(), 0, 1);
        }
    }

    [Theory]
    [InlineData("{\"text\": \"hi\"}\n", "line 1")]
    [InlineData("{\"text\": \"hi\", \"intent\": \"greeting\"}\nnot json at all\n", "line 2")]
    public async Task Eval_MalformedLine_ClearMessageNamingTheLine(string input, string where)
    {
        var run = await CliRunner.RunAsync(["eval", "-"], input);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(where, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Eval_MissingFileOrEmptySet_ClearMessageAndExitCode()
    {
        var missing = await CliRunner.RunAsync(["eval", "/nonexistent/set.jsonl"]);
        var empty = await CliRunner.RunAsync(["eval", "-"], "\n\n");

        Assert.Equal((1, 1), (missing.ExitCode, empty.ExitCode));
        Assert.Contains("Cannot read /nonexistent/set.jsonl", missing.Error, StringComparison.Ordinal);
        Assert.Contains("holds no labelled messages", empty.Error, StringComparison.Ordinal);
    }
}
