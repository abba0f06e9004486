using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Triage;
using SupportBot.Discord.Channel;
using SupportBot.Discord.Gateway;
using SupportBot.Discord.Tests.Gateway;
using SupportBot.Discord.Tests.Rest;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Discord.Tests.Channel;

/// <summary>
/// The whole Discord path: our gateway client against the fake gateway, the bot, and replies over the fake REST —
/// including a dropped connection mid-conversation and a restart of the bot.
/// </summary>
public sealed class DiscordGatewayConversationTests : IAsyncLifetime
{
    private static readonly ContentCatalog Content = ContentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "content"));

    private readonly string database = Path.Combine(Path.GetTempPath(), $"discord-{Guid.NewGuid():N}.db");
    private FakeDiscordGateway gateway = null!;
    private RestHarness rest = null!;

    public async Task InitializeAsync()
    {
        gateway = await FakeDiscordGateway.StartAsync(new FakeGatewayOptions { DefaultWaitTimeout = TimeSpan.FromSeconds(20) });
        rest = await RestHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await rest.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
        {
            File.Delete(file);
        }
    }

    /// <summary>A bot process: engine over the SQLite file, our gateway client, the bot as its handler.</summary>
    private (DiscordGatewayClient Client, Task Run, CancellationTokenSource Stop, SqliteConversationStore Store) StartBot()
    {
        var store = new SqliteConversationStore(new SqliteStoreOptions { Path = database }, TestClock.Instance);
        var engine = new ConversationEngine(Content, new TriageService(Content), store, Options.Create(new ConversationOptions()),
            TestClock.Instance, NullLogger<ConversationEngine>.Instance);
        var bot = new DiscordBot(engine, rest.Rest, Content, NullLogger<DiscordBot>.Instance);
        var client = new DiscordGatewayClient(new GatewayClientOptions
        {
            Token = gateway.Token,
            Intents = GatewayIntents.ForSupportBot(messageContent: false),
            GatewayUrl = gateway.Url,
            ReconnectDelay = () => TimeSpan.Zero,
            IdentifyWindow = TimeSpan.Zero,
        }, bot, TestClock.Instance, NullLogger<DiscordGatewayClient>.Instance);
        var stop = new CancellationTokenSource();
        return (client, client.RunAsync(stop.Token), stop, store);
    }

    private static async Task StopAsync((DiscordGatewayClient Client, Task Run, CancellationTokenSource Stop, SqliteConversationStore Store) bot)
    {
        await bot.Stop.CancelAsync();
        try
        {
            await bot.Run;
        }
        catch (OperationCanceledException)
        {
        }

        bot.Store.Dispose();
        bot.Stop.Dispose();
    }

    private IReadOnlyList<string> Sent() =>
        [.. rest.Fake.RequestsTo(FakeRoute.CreateMessage).Select(r => r.Json!["content"]!.GetValue<string>())];

    private Task WaitForSentAsync(int count) => rest.Fake.WaitForAsync(requests => requests.Count(r => r.Route == FakeRoute.CreateMessage) >= count, TimeSpan.FromSeconds(20));

    [Fact]
    public async Task Ready_RegistersLocalizedCommandsOnce()
    {
        var bot = StartBot();
        await rest.Fake.WaitForAsync(r => r.Any(x => x.Route == FakeRoute.BulkOverwriteGlobalCommands));

        var commands = rest.Fake.RequestsTo(FakeRoute.BulkOverwriteGlobalCommands).Single().Json!.AsArray();
        Assert.Equal(["support", "withdraw", "bridge", "missing", "networks", "lookup"], commands.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Contains("Найти", commands[^1]!["description_localizations"]!["ru"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("8192", commands[^1]!["default_member_permissions"]!.GetValue<string>());
        await StopAsync(bot);
    }

    [Fact]
    public async Task DmConversation_ConnectionDropsMidway_ResumedAndEveryMessageAnsweredOnce()
    {
        var bot = StartBot();
        await gateway.WaitUntilAsync(() => gateway.CurrentSessionId is not null && bot.Client.IsReady, "ready");

        gateway.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("I sent tokens but don't see them", "301"));
        await WaitForSentAsync(1);
        Assert.Contains("Which network were the tokens sent on?", Sent()[0], StringComparison.Ordinal);

        // The user answers while the connection is down: the message is only replayed on resume.
        gateway.Drop();
        gateway.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("BEP20", "302"), deliver: false);
        await WaitForSentAsync(2);
        await gateway.WaitUntilAsync(() => gateway.ResumeCount >= 1, "resumed");

        Assert.Equal(2, Sent().Count);
        Assert.Contains("Is **BNB Smart Chain** added and selected", Sent()[1], StringComparison.Ordinal);
        Assert.Equal(1, gateway.IdentifyCount);
        await StopAsync(bot);
    }

    [Fact]
    public async Task Restart_ConversationContinuesWhereItWas()
    {
        var first = StartBot();
        await gateway.WaitUntilAsync(() => first.Client.IsReady, "ready");
        gateway.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("how do I bridge to arbitrum", "311"));
        await WaitForSentAsync(1);
        await StopAsync(first);

        var second = StartBot();
        await gateway.WaitUntilAsync(() => second.Client.IsReady, "ready again");
        gateway.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("1", "312"));
        await WaitForSentAsync(2);

        Assert.Contains("What do you want to do?", Sent()[0], StringComparison.Ordinal);
        Assert.Contains("Which other network?", Sent()[1], StringComparison.Ordinal); // "1" = from BSC, continuing the same conversation
        await StopAsync(second);
    }

    [Fact]
    public async Task EphemeralTurnInServer_SecretTypedInTheModal_WarningAndFollowUpStayEphemeral()
    {
        var bot = StartBot();
        await gateway.WaitUntilAsync(() => bot.Client.IsReady, "ready");
        var id = 0;
        async Task InteractAsync(int type, JsonObject data)
        {
            var edits = rest.Fake.RequestsTo(FakeRoute.EditOriginalResponse).Count;
            var interaction = new JsonObject
            {
                ["id"] = (++id + 700).ToString(System.Globalization.CultureInfo.InvariantCulture), ["application_id"] = "200", ["type"] = type,
                ["token"] = "tok-" + id, ["version"] = 1, ["locale"] = "en-US", ["guild_id"] = "900", ["channel_id"] = "901",
                ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "555", ["username"] = "alice" }, ["permissions"] = "0" },
                ["data"] = data,
            };
            if (type != 2)
            {
                // Components and modals come from the message the turn showed: an ephemeral one.
                interaction["message"] = new JsonObject { ["id"] = "800", ["channel_id"] = "901", ["flags"] = 64 };
            }

            gateway.SendDispatch("INTERACTION_CREATE", interaction);
            await rest.Fake.WaitForAsync(r => type == 3 && data["custom_id"]!.GetValue<string>() == DiscordBot.TypeInputId
                ? r.Count(x => x.Route == FakeRoute.InteractionCallback) >= id
                : r.Count(x => x.Route == FakeRoute.EditOriginalResponse) > edits, TimeSpan.FromSeconds(20));
        }

        string Button(string label) => rest.Fake.RequestsTo(FakeRoute.EditOriginalResponse)[^1].Json!["components"]!.AsArray()
            .SelectMany(row => row!["components"]!.AsArray())
            .First(b => b!["label"]!.GetValue<string>().Contains(label, StringComparison.Ordinal))!["custom_id"]!.GetValue<string>();

        await InteractAsync(2, new JsonObject { ["id"] = "1", ["name"] = "missing", ["type"] = 1 });
        await InteractAsync(3, new JsonObject { ["custom_id"] = Button("I don't know"), ["component_type"] = 2 });
        await InteractAsync(3, new JsonObject { ["custom_id"] = DiscordBot.TypeInputId, ["component_type"] = 2 });
        await InteractAsync(5, new JsonObject
        {
            ["custom_id"] = "modal:submit",
            ["components"] = new JsonArray(new JsonObject
            {
                ["type"] = 18,
                ["component"] = new JsonObject { ["type"] = 4, ["custom_id"] = "value", ["value"] = "legal winner thank year wave sausage worth useful legal winner thank yellow" },
            }),
        });
        await rest.Fake.WaitForAsync(r => r.Any(x => x.Route == FakeRoute.CreateFollowup), TimeSpan.FromSeconds(20));

        var deferral = rest.Fake.RequestsTo(FakeRoute.InteractionCallback)[0].Json!;
        Assert.Equal(64, deferral["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("compromised", rest.Fake.RequestsTo(FakeRoute.EditOriginalResponse)[^1].Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var followUps = rest.Fake.RequestsTo(FakeRoute.CreateFollowup);
        Assert.All(followUps, f => Assert.Equal(64 | 4, f.Json!["flags"]!.GetValue<int>()));
        Assert.All(rest.Fake.Requests.Select(r => r.Json).OfType<JsonObject>().Where(json => json["content"] is not null),
            json => Assert.DoesNotContain("sausage", json["content"]!.GetValue<string>(), StringComparison.Ordinal));
        await StopAsync(bot);
    }
}
