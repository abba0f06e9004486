using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Triage;
using SupportBot.Discord.Channel;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel;

/// <summary>
/// The Discord channel end to end: interactions and messages as the gateway or the HTTP endpoint deliver them, the
/// real engine and content, and every answer going over HTTP to the fake Discord REST API.
/// </summary>
public sealed class DiscordBotTests : IAsyncLifetime
{
    private const string Guild = "900";
    private const string Channel = "901";
    private const string User = "555";
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    private static readonly ContentCatalog Content = ContentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "content"));

    private RestHarness rest = null!;
    private DiscordBot bot = null!;
    private int nextId = 1000;

    public async Task InitializeAsync()
    {
        rest = await RestHarness.StartAsync();
        var engine = new ConversationEngine(Content, new TriageService(Content), new InMemoryConversationStore(TestClock.Instance),
            Options.Create(new ConversationOptions()), TestClock.Instance, NullLogger<ConversationEngine>.Instance);
        bot = new DiscordBot(engine, rest.Rest, Content, NullLogger<DiscordBot>.Instance) { ApplicationId = rest.Fake.ApplicationId };
    }

    public async Task DisposeAsync() => await rest.DisposeAsync();

    private JsonElement Interaction(int type, JsonObject data, string permissions = "0", string locale = "en-US", bool inGuild = true)
    {
        var interaction = new JsonObject
        {
            ["id"] = (nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["application_id"] = rest.Fake.ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["type"] = type,
            ["token"] = "tok-" + nextId,
            ["version"] = 1,
            ["locale"] = locale,
            ["channel_id"] = Channel,
            ["data"] = data,
        };
        var user = new JsonObject { ["id"] = User, ["username"] = "alice" };
        if (inGuild)
        {
            interaction["guild_id"] = Guild;
            interaction["member"] = new JsonObject { ["user"] = user, ["permissions"] = permissions };
        }
        else
        {
            interaction["user"] = user;
        }

        return JsonDocument.Parse(interaction.ToJsonString()).RootElement;
    }

    private static JsonObject Command(string name, string? query = null) => query is null
        ? new JsonObject { ["id"] = "1", ["name"] = name, ["type"] = 1 }
        : new JsonObject { ["id"] = "1", ["name"] = name, ["type"] = 1, ["options"] = new JsonArray(new JsonObject { ["name"] = "query", ["type"] = 3, ["value"] = query }) };

    private static JsonObject Button(string customId) => new() { ["custom_id"] = customId, ["component_type"] = 2 };

    private IReadOnlyList<FakeRestRequest> Requests(FakeRoute route) => rest.Fake.RequestsTo(route);

    /// <summary>The message the user now sees: the latest original-response edit.</summary>
    private JsonNode Current() => Requests(FakeRoute.EditOriginalResponse)[^1].Json!;

    private string CustomId(string labelPart) => Current()["components"]!.AsArray()
        .SelectMany(row => row!["components"]!.AsArray())
        .First(b => b!["label"]!.GetValue<string>().Contains(labelPart, StringComparison.Ordinal))!["custom_id"]!.GetValue<string>();

    [Fact]
    public async Task Support_InServer_EphemeralDeferThenMenuWithButtons()
    {
        await bot.OnInteractionAsync(Interaction(2, Command("support")), CancellationToken.None);

        var defer = Requests(FakeRoute.InteractionCallback)[^1].Json!;
        Assert.Equal(5, defer["type"]!.GetValue<int>());
        Assert.Equal(64, defer["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("What do you need help with?", Current()["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Current()["allowed_mentions"]!["parse"]!.AsArray());
        Assert.False(Requests(FakeRoute.InteractionCallback)[^1].Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task MissingTokens_ButtonsAndModal_HashTypedInTheModalMovesOn()
    {
        await bot.OnInteractionAsync(Interaction(2, Command("missing")), CancellationToken.None);
        Assert.Contains("Which network were the tokens sent on?", Current()["content"]!.GetValue<string>(), StringComparison.Ordinal);

        await bot.OnInteractionAsync(Interaction(3, Button(CustomId("I don't know"))), CancellationToken.None);
        Assert.Equal(6, Requests(FakeRoute.InteractionCallback)[^1].Json!["type"]!.GetValue<int>()); // deferred update: edited in place
        var typeIt = CustomId("Type a hash");

        await bot.OnInteractionAsync(Interaction(3, Button(typeIt)), CancellationToken.None);
        var modal = Requests(FakeRoute.InteractionCallback)[^1].Json!;
        Assert.Equal(9, modal["type"]!.GetValue<int>());

        var hash = "0x" + new string('b', 64);
        var submit = new JsonObject
        {
            ["custom_id"] = modal["data"]!["custom_id"]!.GetValue<string>(),
            ["components"] = new JsonArray(new JsonObject { ["type"] = 18, ["component"] = new JsonObject { ["type"] = 4, ["custom_id"] = "value", ["value"] = hash } }),
        };
        await bot.OnInteractionAsync(Interaction(5, submit), CancellationToken.None);

        Assert.Contains($"https://bscscan.com/tx/{hash}", Current()["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExchangeWithdrawal_ThroughSupportWithButtons_Bep20Advice()
    {
        await bot.OnInteractionAsync(Interaction(2, Command("support")), CancellationToken.None);
        foreach (var label in new[] { "Binance ↔ MetaMask", "From the exchange to my MetaMask", "Binance (binance.com)", "BNB Smart Chain (BEP20)" })
        {
            await bot.OnInteractionAsync(Interaction(3, Button(CustomId(label))), CancellationToken.None);
        }

        Assert.Contains("Leave the memo/tag field empty", Current()["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(Current()["components"]!.AsArray().SelectMany(r => r!["components"]!.AsArray()),
            b => (string?)b!["url"] == "https://www.binance.com/en/support/faq/115003670492");
    }

    [Fact]
    public async Task CrossChain_ThroughSupportWithButtons_OfficialBridges()
    {
        await bot.OnInteractionAsync(Interaction(2, Command("support")), CancellationToken.None);
        foreach (var label in new[] { "Move funds between BSC", "from BNB Smart Chain to another network", "Base" })
        {
            await bot.OnInteractionAsync(Interaction(3, Button(CustomId(label))), CancellationToken.None);
        }

        Assert.Contains("Fake bridge sites are common", Current()["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Withdraw_InRussianLocale_RepliesInRussian()
    {
        await bot.OnInteractionAsync(Interaction(2, Command("withdraw"), locale: "ru"), CancellationToken.None);

        Assert.Contains("Куда переводите средства?", Current()["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_NonModeratorRefusedEphemerally_ModeratorGetsReport()
    {
        var hash = "0x" + new string('c', 64);

        await bot.OnInteractionAsync(Interaction(2, Command("lookup", hash), permissions: "0"), CancellationToken.None);
        var refusal = Requests(FakeRoute.InteractionCallback)[^1].Json!;
        Assert.Equal((4, 64 | 4), (refusal["type"]!.GetValue<int>(), refusal["data"]!["flags"]!.GetValue<int>()));
        Assert.Contains("for moderators", refusal["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        await bot.OnInteractionAsync(Interaction(2, Command("lookup", "0x5c504ed4"), permissions: "8192"), CancellationToken.None);
        Assert.Equal(5, Requests(FakeRoute.InteractionCallback)[^1].Json!["type"]!.GetValue<int>());
        Assert.Contains("doesn't look complete", Current()["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DirectMessage_FreeText_GuidedConversationWithButtons()
    {
        var message = JsonDocument.Parse($$"""{"id":"7001","channel_id":"{{Channel}}","author":{"id":"{{User}}","username":"alice"},"content":"I withdrew USDT from Binance but don't see it","type":0}""").RootElement;

        await bot.OnDispatchAsync("MESSAGE_CREATE", message, CancellationToken.None);

        var sent = Requests(FakeRoute.CreateMessage)[^1].Json!;
        Assert.Contains("Which network were the tokens sent on?", sent["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(sent["components"]!.AsArray());
        Assert.Empty(sent["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task ServerMessageWithRecoveryPhrase_DeletedWarnedWithoutSecretAndByDm()
    {
        rest.Fake.AddUserMessage(901, 7002, 555, Phrase);
        var message = JsonDocument.Parse($$"""{"id":"7002","channel_id":"{{Channel}}","guild_id":"{{Guild}}","author":{"id":"{{User}}","username":"alice"},"content":"{{Phrase}}","type":0}""").RootElement;

        await bot.OnDispatchAsync("MESSAGE_CREATE", message, CancellationToken.None);

        Assert.Single(Requests(FakeRoute.DeleteMessage));
        var messages = Requests(FakeRoute.CreateMessage).Select(r => r.Json!["content"]!.GetValue<string>()).ToList();
        Assert.Contains(messages, m => m.Contains("\\@alice, I deleted your message", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("compromised", StringComparison.Ordinal));
        Assert.All(messages, m => Assert.DoesNotContain("sausage", m, StringComparison.Ordinal));
        Assert.Single(Requests(FakeRoute.CreateDm));
    }

    [Fact]
    public async Task ServerMessageWithSecret_NoDeletePermission_WarnsOnly()
    {
        rest.Fake.Inject(FakeRoute.DeleteMessage, FakeFault.MissingPermissions());
        var message = JsonDocument.Parse($$"""{"id":"7003","channel_id":"{{Channel}}","guild_id":"{{Guild}}","author":{"id":"{{User}}","username":"alice"},"content":"{{Phrase}}","type":0}""").RootElement;

        await bot.OnDispatchAsync("MESSAGE_CREATE", message, CancellationToken.None);

        Assert.Contains(Requests(FakeRoute.CreateMessage), r => r.Json!["content"]!.GetValue<string>().Contains("delete it now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OwnAndOtherBotMessages_Ignored()
    {
        var fromBot = JsonDocument.Parse($$"""{"id":"7004","channel_id":"{{Channel}}","author":{"id":"42","username":"x","bot":true},"content":"hello","type":0}""").RootElement;

        await bot.OnDispatchAsync("MESSAGE_CREATE", fromBot, CancellationToken.None);

        Assert.Empty(Requests(FakeRoute.CreateMessage));
    }

    [Fact]
    public async Task EveryMessage_ExplorerAndHelpLinksNeverUnfoldIntoPreviews()
    {
        await bot.OnInteractionAsync(Interaction(2, Command("networks")), CancellationToken.None);
        await bot.OnInteractionAsync(Interaction(2, Command("support")), CancellationToken.None);
        foreach (var label in new[] { "Binance ↔ MetaMask", "From the exchange to my MetaMask", "Binance (binance.com)", "BNB Smart Chain (BEP20)" })
        {
            await bot.OnInteractionAsync(Interaction(3, Button(CustomId(label))), CancellationToken.None);
        }

        await bot.OnInteractionAsync(Interaction(2, Command("lookup", "0x" + new string('e', 64)), permissions: "8192"), CancellationToken.None);
        await bot.OnDispatchAsync("MESSAGE_CREATE", JsonDocument.Parse($$"""{"id":"7010","channel_id":"{{Channel}}","author":{"id":"{{User}}","username":"alice"},"content":"how do I add BNB Smart Chain to MetaMask","type":0}""").RootElement, CancellationToken.None);
        await bot.OnDispatchAsync("MESSAGE_CREATE", JsonDocument.Parse($$"""{"id":"7011","channel_id":"{{Channel}}","guild_id":"{{Guild}}","author":{"id":"{{User}}","username":"alice"},"content":"{{Phrase}}","type":0}""").RootElement, CancellationToken.None);

        var networks = Requests(FakeRoute.InteractionCallback)[0].Json!["data"]!;
        Assert.Contains("https://", networks["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var messages = Requests(FakeRoute.CreateMessage).Concat(Requests(FakeRoute.CreateFollowup)).Concat(Requests(FakeRoute.EditOriginalResponse))
            .Select(r => r.Json!)
            .Concat(Requests(FakeRoute.InteractionCallback).Select(r => r.Json!).Where(r => r["type"]!.GetValue<int>() == 4).Select(r => r["data"]!))
            .ToList();
        Assert.True(messages.Count >= 8, $"{messages.Count} messages");
        Assert.All(messages, m => Assert.Equal(4, m["flags"]!.GetValue<int>() & 4));
    }
}
