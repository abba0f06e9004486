using System.Globalization;
using System.Text.Json;
using SupportBot.Instances.Tests.Support;
using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Instances.Tests;

/// <summary>
/// The bot's log as an operator collects it (JSON lines on stderr, scopes on): what happens during a conversation's turn
/// carries that conversation's key, whichever part of the bot logged it, and never the user's words.
/// </summary>
[Collection(BotProcessesCollection.Name)]
public sealed class StructuredLogTests
{
    [Fact]
    public async Task Turn_WithALookupThatFails_EveryLineOfItNamesTheConversation_NoneQuotesTheUser()
    {
        const long User = 7_300_000_001;
        const string Marker = "Pupkinovich";
        var hash = "0x" + string.Concat(Enumerable.Repeat("5e1f", 16));
        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = "123456:AAH-structured-log_test", DefaultWaitTimeout = TimeSpan.FromMinutes(1) });
        var instance = BotInstance.Start("instance", BotInstance.FreePorts(1)[0],
        [
            .. InstanceSettings.Telegram(api),
            new("Web:Enabled", "true"),
            new("Logging:Console:FormatterName", "json"),
            new("Logging:Console:FormatterOptions:IncludeScopes", "true"),
        ]);
        string log;
        await using (instance)
        {
            await instance.WaitUntilReadyAsync();
            api.EnqueueUserMessage(User, User, $"hi its {Marker}, sent usdt from binance and its not there, tx {hash}");
            await api.WaitForMessagesAsync(User, 1);
            var (exitCode, written) = await instance.StopAsync();
            Assert.Equal(0, exitCode);
            log = written;
        }

        var entries = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var lookupFailures = entries.Where(e => e.GetProperty("Category").GetString()!.StartsWith("SupportBot.Chain", StringComparison.Ordinal)
            && e.GetProperty("Message").GetString()!.Contains("failed", StringComparison.Ordinal)
            && e.GetProperty("Message").GetString()!.Contains("Endpoint", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lookupFailures); // the lookup's own warnings, logged by the chain client, not by the engine
        var key = "telegram/" + User.ToString(CultureInfo.InvariantCulture);
        Assert.All(lookupFailures, e => Assert.Contains(e.GetProperty("Scopes").EnumerateArray(),
            scope => scope.TryGetProperty("Conversation", out var conversation) && conversation.GetString() == key));
        Assert.DoesNotContain(Marker, log, StringComparison.Ordinal);
    }
}
