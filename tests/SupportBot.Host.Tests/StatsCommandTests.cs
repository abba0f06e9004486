using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary>
/// <c>stats</c> after real console chats on one SQLite file: the figures are what the chats did, and a pasted recovery
/// phrase is nowhere in the file or the figures.
/// </summary>
public sealed class StatsCommandTests : IDisposable
{
    // BIP-39 test vector (entropy 7f7f…): not a real secret.
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    private readonly TempDirectory temp = new();

    private string Database => temp.File("stats.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        temp.Dispose();
    }

    [Fact]
    public async Task Stats_AfterChats_CountsWhatTheChatsDid_NoSecretAnywhere()
    {
        await ChatAsync("solved", "1", "1", "1", "1", "1"); // withdrawal advice, then "Yes, this solved it"
        await ChatAsync("unsolved", "1", "1", "1", "1", "2"); // withdrawal advice, then "No, still not solved"
        await ChatAsync("confused", "qwerty zxcv plonk", "my words are " + Phrase, "Qwerty  ZXCV plonk");

        var run = await StatsAsync("--json");

        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("conversations").GetInt32());
        Assert.Equal(2, root.GetProperty("finalAdvice").GetInt32());
        Assert.Equal(1, root.GetProperty("solved").GetInt32());
        Assert.Equal(1, root.GetProperty("unsolved").GetInt32());
        Assert.Equal("not yet available", root.GetProperty("tickets").GetString());
        Assert.Equal(2, root.GetProperty("scenarios").GetProperty("exchange-withdrawal").GetInt32());
        Assert.Single(root.GetProperty("scenarios").EnumerateObject());
        var top = Assert.Single(root.GetProperty("topNotUnderstood").EnumerateArray());
        Assert.Equal(("qwerty zxcv plonk", 2), (top.GetProperty("text").GetString(), top.GetProperty("count").GetInt32()));

        var table = (await StatsAsync()).Output;
        Assert.Contains("  solved (said yes)            1\n", table, StringComparison.Ordinal);
        Assert.Contains("  not solved (said no)         1\n", table, StringComparison.Ordinal);
        Assert.Contains("  tickets                 not yet available\n", table, StringComparison.Ordinal);
        Assert.Contains("       2  exchange-withdrawal\n", table, StringComparison.Ordinal);
        Assert.Contains("       2  qwerty zxcv plonk", table, StringComparison.Ordinal);

        SqliteConnection.ClearAllPools();
        var stored = string.Concat(Directory.GetFiles(temp.Path, "stats.db*").Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.Contains("qwerty zxcv plonk", stored, StringComparison.Ordinal); // the events are in this file
        foreach (var word in new[] { "sausage", "yellow", "legal winner" })
        {
            Assert.DoesNotContain(word, stored, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(word, run.Output + table, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Stats_PeriodBeforeTheChats_CountsNothing()
    {
        await ChatAsync("earlier", "1", "1", "1", "1", "1");

        var run = await StatsAsync("--json", "--from", "2029-01-01", "--to", "2029-02-01");

        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(0, json.RootElement.GetProperty("conversations").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("solved").GetInt32());
        Assert.Equal("2029-01-01T00:00:00.0000000+00:00", json.RootElement.GetProperty("from").GetString());
    }

    [Fact]
    public async Task Stats_FromAfterTo_ExplainsAndFails()
    {
        var run = await CliRunner.RunAsync(["stats", "--from", "2030-02-01", "--to", "2030-01-01"], "", CliRunner.Setting("Storage:SqlitePath", Database));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("must be before --to", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_DateNotUnderstood_ExplainsAndFails()
    {
        var run = await CliRunner.RunAsync(["stats", "--from", "last tuesday"], "", CliRunner.Setting("Storage:SqlitePath", Database));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not 'last tuesday'", run.Error, StringComparison.Ordinal);
    }

    private async Task ChatAsync(string user, params string[] lines)
    {
        var run = await CliRunner.RunAsync(["chat", "--user", user, "--language", "en"], string.Concat(lines.Select(l => l + "\n")),
            CliRunner.Setting("Storage:SqlitePath", Database));
        Assert.Equal(0, run.ExitCode);
    }

    private async Task<CliRun> StatsAsync(params string[] options)
    {
        var run = await CliRunner.RunAsync(["stats", .. options], "", CliRunner.Setting("Storage:SqlitePath", Database));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        return run;
    }
}
