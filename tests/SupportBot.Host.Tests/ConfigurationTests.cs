using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary>Bad configuration stops start-up before anything runs: exit code 2 and a message naming the key.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("Conversation:IdleExpiry", "abc")]
    [InlineData("Conversation:IdleExpiry", "")]
    [InlineData("Conversation:IdleExpiry", "00:00:01")]
    [InlineData("Conversation:IdleExpiry", "91.00:00:00")]
    [InlineData("Storage:Provider", "redis")]
    [InlineData("Storage:SqlitePath", "")]
    [InlineData("Storage:SqlitePath", "   ")]
    [InlineData("Storage:PurgeInterval", "00:00:01")]
    [InlineData("Storage:InboxRetention", "00:30:00")]
    [InlineData("Storage:EventRetention", "12:00:00")]
    [InlineData("Content:Path", "")]
    [InlineData("Tickets:TeamHours", "weekdays 9 to 6")]
    [InlineData("Tickets:TeamHours", "Mon-Fri 09:00-18:00 Mars/Olympus")]
    [InlineData("Tickets:InactivityWarning", "00:00:05")]
    [InlineData("Tickets:Retention", "01:00:00")]
    [InlineData("Tickets:StaffLanguage", "de")]
    [InlineData("Scams:Defaults:RestrictFor", "00:00:01")]
    [InlineData("Scams:Defaults:Language", "de")]
    public async Task Chat_BadSetting_ExitTwoAndNamesTheKey(string key, string value)
    {
        var run = await CliRunner.RunAsync(["chat", "--user", "config-test"], "1\n", Settings(key, value));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output); // the chat never started: no banner, no menu
        Assert.StartsWith("SupportBot cannot start: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(key, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("chat.db")));
    }

    [Theory]
    [InlineData("Conversation:IdleExpiry", "abc")]
    [InlineData("Conversation:IdleExpiry", "00:00:01")]
    [InlineData("Storage:Provider", "redis")]
    [InlineData("Storage:SqlitePath", "")]
    public async Task Triage_BadSetting_ExitTwoAndNoJson(string key, string value)
    {
        var run = await CliRunner.RunAsync(["triage", "--json", "hello"], configuration: Settings(key, value));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains(key, run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Conversation:IdleExpiry", "00:01:00")]
    [InlineData("Conversation:IdleExpiry", "90.00:00:00")]
    [InlineData("Storage:Provider", "sqlite")]
    [InlineData("Storage:PurgeInterval", "00:00:10")]
    [InlineData("Storage:InboxRetention", "01:00:00")]
    [InlineData("Storage:EventRetention", "1.00:00:00")]
    [InlineData("Tickets:TeamHours", "Mon-Fri 09:00-18:00 Europe/Moscow")]
    [InlineData("Tickets:TeamHours", "Sat,Sun 22:00-06:00 UTC")]
    [InlineData("Tickets:Retention", "1.00:00:00")]
    public async Task Chat_SettingAtTheLimit_Starts(string key, string value)
    {
        var run = await CliRunner.RunAsync(["chat", "--user", "config-test", "--language", "en"], "", Settings(key, value));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains("What do you need help with?", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_SqlitePathIsADirectory_ExitTwoAndNamesTheKey()
    {
        var run = await CliRunner.RunAsync(["chat", "--user", "config-test", "--language", "en"], "1\n",
            CliRunner.Setting("Storage:SqlitePath", temp.Path));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Storage:SqlitePath", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("something went wrong", run.Output, StringComparison.Ordinal);
    }

    /// <summary>The bad setting, with the database in this test's temp folder unless the setting is the database.</summary>
    private KeyValuePair<string, string?>[] Settings(string key, string value) => key == "Storage:SqlitePath"
        ? [new(key, value)]
        : [new("Storage:SqlitePath", temp.File("chat.db")), new(key, value)];
}
