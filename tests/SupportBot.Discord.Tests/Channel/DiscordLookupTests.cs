using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Chain;
using SupportBot.Chain.Tests.Fixtures;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Lookup;
using SupportBot.Core.Triage;
using SupportBot.Discord.Channel;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel;

/// <summary>/support to a typed hash in the modal, looked up on a real node (anvil as BNB Smart Chain).</summary>
public sealed class DiscordLookupTests : IAsyncLifetime
{
    private static readonly ContentCatalog Content = ContentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "content"));

    private AnvilNode node = null!;
    private RestHarness rest = null!;
    private ServiceProvider chain = null!;

    public async Task InitializeAsync()
    {
        node = await AnvilNode.StartAsync(56);
        rest = await RestHarness.StartAsync();
        var settings = new Dictionary<string, string?> { ["Chain:Networks:0"] = "bsc", ["Chain:Endpoints:bsc:0"] = node.Url.ToString() };
        chain = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton(Content).AddSingleton(TestClock.Instance).AddLogging().AddChainLookup().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await chain.DisposeAsync();
        await rest.DisposeAsync();
        await node.DisposeAsync();
    }

    [RealNodeFact]
    public async Task MissingTokens_SupportButtonsThenModalHash_FoundOnBsc()
    {
        using var rpc = new AnvilRpc(node.Url);
        var hash = await rpc.SendTransactionAsync(AnvilRpc.Account0, "0x7e57000000000000000000000000000000000077", BigInteger.Pow(10, 18) / 4);
        var engine = new ConversationEngine(Content, new TriageService(Content), new InMemoryConversationStore(TestClock.Instance),
            Options.Create(new ConversationOptions()), TestClock.Instance, NullLogger<ConversationEngine>.Instance, chain.GetRequiredService<IChainLookup>());
        var bot = new DiscordBot(engine, rest.Rest, Content, NullLogger<DiscordBot>.Instance) { ApplicationId = rest.Fake.ApplicationId };
        var id = 0;
        JsonElement Interaction(int type, JsonObject data) => JsonDocument.Parse(new JsonObject
        {
            ["id"] = (++id).ToString(System.Globalization.CultureInfo.InvariantCulture), ["application_id"] = "200", ["type"] = type, ["token"] = "t" + id,
            ["locale"] = "en-US", ["guild_id"] = "1", ["channel_id"] = "2", ["data"] = data,
            ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "77" }, ["permissions"] = "0" },
        }.ToJsonString()).RootElement;
        JsonNode Current() => rest.Fake.RequestsTo(FakeRoute.EditOriginalResponse)[^1].Json!;
        string Button(string label) => Current()["components"]!.AsArray().SelectMany(r => r!["components"]!.AsArray())
            .First(b => b!["label"]!.GetValue<string>().Contains(label, StringComparison.Ordinal))!["custom_id"]!.GetValue<string>();

        await bot.OnInteractionAsync(Interaction(2, new JsonObject { ["name"] = "support", ["type"] = 1 }), CancellationToken.None);
        await bot.OnInteractionAsync(Interaction(3, new JsonObject { ["custom_id"] = Button("don't see them") }), CancellationToken.None);
        await bot.OnInteractionAsync(Interaction(3, new JsonObject { ["custom_id"] = Button("I don't know") }), CancellationToken.None);
        await bot.OnInteractionAsync(Interaction(3, new JsonObject { ["custom_id"] = Button("Type a hash") }), CancellationToken.None);
        await bot.OnInteractionAsync(Interaction(5, new JsonObject
        {
            ["custom_id"] = "modal:submit",
            ["components"] = new JsonArray(new JsonObject { ["type"] = 18, ["component"] = new JsonObject { ["type"] = 4, ["custom_id"] = "value", ["value"] = hash } }),
        }), CancellationToken.None);

        var text = Current()["content"]!.GetValue<string>();
        Assert.Contains("Found on BNB Smart Chain", text, StringComparison.Ordinal);
        Assert.Contains("0.25 BNB", text, StringComparison.Ordinal);
    }
}
