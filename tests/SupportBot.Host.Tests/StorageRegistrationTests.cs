using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Scams;
using SupportBot.Core.Tickets;
using SupportBot.Host.Composition;
using SupportBot.Host.Tests.Support;
using SupportBot.Storage.Redis;
using SupportBot.Storage.Sqlite;
using SupportBot.Storage.Tests.Redis;

namespace SupportBot.Host.Tests;

/// <summary><c>Storage:Provider</c> picks every store at once: SQLite by default, Redis for several instances.</summary>
public sealed class StorageRegistrationTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory temp = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        temp.Dispose();
    }

    private static readonly Type[] Stores =
        [typeof(IConversationStore), typeof(IUpdateInbox), typeof(IOutboundLog), typeof(IConversationEvents), typeof(ITicketStore), typeof(ITicketMessages),
         typeof(IAllowedDomainStore)];

    private static IHost Build(params (string Key, string Value)[] settings) =>
        ServiceSetup.CreateBuilder(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)), new FakeTimeProvider(TestClock.Epoch)).Build();

    [Fact]
    public async Task Default_EveryStoreIsTheSqliteOne_InTheConfiguredFile()
    {
        var path = temp.File("bot.db");
        using var host = Build(("Storage:SqlitePath", path));

        Assert.Equal(
            [typeof(SqliteConversationStore), typeof(SqliteUpdateInbox), typeof(SqliteOutboundLog), typeof(SqliteConversationEvents), typeof(SqliteTicketStore),
             typeof(SqliteTicketMessages), typeof(SqliteAllowedDomainStore)],
            Stores.Select(s => host.Services.GetRequiredService(s).GetType()));
        Assert.True(await host.Services.GetRequiredService<IAllowedDomainStore>().AddAsync(new("docs.example.org", "telegram:1", TestClock.Epoch), None));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Redis_EveryStoreIsTheRedisOne_OverOneConnectionWithThePrefix_NotConnectedUntilUsed()
    {
        using var host = Build(("Storage:Provider", "redis"), ("Storage:Redis", "127.0.0.1:9"), ("Storage:RedisKeyPrefix", "bot-a:"),
            ("Storage:SqlitePath", temp.File("unused.db")));

        Assert.Equal(
            [typeof(RedisConversationStore), typeof(RedisUpdateInbox), typeof(RedisOutboundLog), typeof(RedisConversationEvents), typeof(RedisTicketStore),
             typeof(RedisTicketMessages), typeof(RedisAllowedDomainStore)],
            Stores.Select(s => host.Services.GetRequiredService(s).GetType()));
        var connection = host.Services.GetRequiredService<RedisConnection>();
        Assert.Equal(("bot-a:", false), (connection.Prefix, connection.IsConnected));
        Assert.False(File.Exists(temp.File("unused.db")));
    }

    [Theory]
    [InlineData("mongodb", null, "Storage:Provider must be 'sqlite' or 'redis'")]
    [InlineData("Redis", "127.0.0.1:6379", "Storage:Provider must be 'sqlite' or 'redis'")]
    [InlineData("redis", null, "Storage:Redis must be set when Storage:Provider is 'redis'")]
    [InlineData("redis", "  ", "Storage:Redis must be set when Storage:Provider is 'redis'")]
    [InlineData("redis", "127.0.0.1:6379,notAnOption=1", "Storage:Redis is not a valid StackExchange.Redis configuration string")]
    public void BadStorageSettings_RefusedWithTheKey(string provider, string? redis, string message)
    {
        var settings = new List<(string, string)> { ("Storage:Provider", provider), ("Storage:SqlitePath", temp.File("bot.db")) };
        if (redis is not null)
            settings.Add(("Storage:Redis", redis));
        using var host = Build([.. settings]);

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chat_RedisUnreachable_ExitTwoNamingTheKey_WithoutThePassword()
    {
        var run = await CliRunner.RunAsync(["chat", "--user", "config-test", "--language", "en"], "1\n",
        [
            new("Storage:Provider", "redis"), new("Storage:Redis", "127.0.0.1:9,password=not-for-logs,connectTimeout=300,asyncTimeout=500,syncTimeout=500"),
            new("Storage:SqlitePath", temp.File("unused.db")),
        ]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("SupportBot cannot start: Storage:Redis cannot be reached", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-for-logs", run.Error + run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_ChatsFromTwoRunsThenStats_TheFiguresComeFromRedis()
    {
        using var server = new RedisServer();
        KeyValuePair<string, string?>[] settings =
            [new("Storage:Provider", "redis"), new("Storage:Redis", server.Configuration), new("Storage:SqlitePath", temp.File("unused.db"))];

        // Withdrawal advice, then "Yes, this solved it" / "No, still not solved".
        Assert.Equal(0, (await CliRunner.RunAsync(["chat", "--user", "solved", "--language", "en"], "1\n1\n1\n1\n1\n", settings)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(["chat", "--user", "unsolved", "--language", "en"], "1\n1\n1\n1\n2\n", settings)).ExitCode);
        var stats = await CliRunner.RunAsync(["stats", "--json"], "", settings);

        Assert.Equal((0, ""), (stats.ExitCode, stats.Error));
        using var json = System.Text.Json.JsonDocument.Parse(stats.Output);
        Assert.Equal((2, 1, 1), (json.RootElement.GetProperty("conversations").GetInt32(), json.RootElement.GetProperty("solved").GetInt32(),
            json.RootElement.GetProperty("unsolved").GetInt32()));
        Assert.False(File.Exists(temp.File("unused.db")));
    }

    [Fact]
    public async Task Redis_TwoBotInstances_ShareConversationsTicketsAndTheInbox()
    {
        using var server = new RedisServer();
        (string, string)[] settings = [("Storage:Provider", "redis"), ("Storage:Redis", server.Configuration), ("Storage:SqlitePath", temp.File("unused.db"))];
        using var first = Build(settings);
        using var second = Build(settings);
        var request = new TicketRequest("telegram/42", "telegram", "42", new("lost funds", "tron", null));

        var opened = await first.Services.GetRequiredService<ITicketStore>().OpenAsync(request, None);
        var again = await second.Services.GetRequiredService<ITicketStore>().OpenAsync(request, None);
        Assert.True(await first.Services.GetRequiredService<IUpdateInbox>().TryAddAsync("telegram", 7, "update", None));
        var duplicate = await second.Services.GetRequiredService<IUpdateInbox>().TryAddAsync("telegram", 7, "update", None);
        var state = new ConversationState { Key = "telegram/42", ScenarioId = "deposit", StepId = "start", UpdatedAt = TestClock.Epoch };
        Assert.True(await first.Services.GetRequiredService<IConversationStore>().TrySaveAsync(state, 0, TestClock.Epoch.AddHours(1), None));

        Assert.Equal((TicketOutcome.Done, TicketOutcome.UserHasOpenTicket, opened.Ticket!.Id), (opened.Outcome, again.Outcome, again.Ticket!.Id));
        Assert.False(duplicate);
        Assert.Equal(1L, (await second.Services.GetRequiredService<IConversationStore>().LoadAsync("telegram/42", None))?.Version);
        Assert.False(File.Exists(temp.File("unused.db")));
    }
}
