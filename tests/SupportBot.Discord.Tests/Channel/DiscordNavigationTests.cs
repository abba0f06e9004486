using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Chain;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Lookup;
using SupportBot.Core.Triage;
using SupportBot.Discord.Channel;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel;

/// <summary>
/// Moving on from final advice, /support in the middle of a conversation, and "Check again" after a lookup that could
/// not reach its network: interactions as Discord delivers them, every answer over HTTP to the fake Discord REST API.
/// </summary>
public sealed class DiscordNavigationTests : IAsyncLifetime
{
    private static readonly ContentCatalog Content = ContentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "content"));

    private RestHarness rest = null!;
    private ServiceProvider chain = null!;
    private DiscordBot bot = null!;
    private int nextId = 5000;

    public async Task InitializeAsync()
    {
        rest = await RestHarness.StartAsync();
        // BNB Smart Chain's only endpoint refuses every connection: each lookup is "could not check".
        var settings = new Dictionary<string, string?>
        {
            ["Chain:Networks:0"] = "bsc",
            ["Chain:Endpoints:bsc:0"] = "http://127.0.0.1:9",
            ["Chain:Retries"] = "0",
        };
        chain = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton(Content).AddSingleton(TestClock.Instance).AddLogging().AddChainLookup().BuildServiceProvider();
        var engine = new ConversationEngine(Content, new TriageService(Content), new InMemoryConversationStore(TestClock.Instance),
            Options.Create(new ConversationOptions()), TestClock.Instance, NullLogger<ConversationEngine>.Instance, chain.GetRequiredService<IChainLookup>());
        bot = new DiscordBot(engine, rest.Rest, Content, NullLogger<DiscordBot>.Instance) { ApplicationId = rest.Fake.ApplicationId };
    }

    public async Task DisposeAsync()
    {
        await chain.DisposeAsync();
        await rest.DisposeAsync();
    }

    private Task SendAsync(int type, JsonObject data) => bot.OnInteractionAsync(JsonDocument.Parse(new JsonObject
    {
        ["id"] = (++nextId).ToString(CultureInfo.InvariantCulture),
        ["application_id"] = rest.Fake.ApplicationId.ToString(CultureInfo.InvariantCulture),
        ["type"] = type,
        ["token"] = "nav-" + nextId,
        ["version"] = 1,
        ["locale"] = "en-US",
        ["channel_id"] = "901",
        ["user"] = new JsonObject { ["id"] = "556", ["username"] = "bob" },
        ["data"] = data,
    }.ToJsonString()).RootElement, CancellationToken.None);

    private Task CommandAsync(string name) => SendAsync(2, new JsonObject { ["id"] = "1", ["name"] = name, ["type"] = 1 });

    /// <summary>The newest message with text the bot wrote: an edited original response, or a follow-up.</summary>
    private JsonNode Shown() => rest.Fake.Requests
        .Where(r => r.Route is FakeRoute.EditOriginalResponse or FakeRoute.CreateFollowup && r.Json?["content"] is not null)
        .Last().Json!;

    private static string Text(JsonNode message) => message["content"]!.GetValue<string>();

    private static List<JsonNode> Buttons(JsonNode message) =>
        [.. message["components"]?.AsArray().SelectMany(row => row!["components"]!.AsArray()).Select(b => b!) ?? []];

    private async Task PressAsync(string label)
    {
        var button = Buttons(Shown()).First(b => b["custom_id"] is not null && b["label"]!.GetValue<string>().Contains(label, StringComparison.Ordinal));
        await SendAsync(3, new JsonObject { ["custom_id"] = button["custom_id"]!.GetValue<string>(), ["component_type"] = 2 });
    }

    private async Task ToBep20WithdrawalAdviceAsync()
    {
        await CommandAsync("support");
        foreach (var label in new[] { "Binance ↔ MetaMask", "From the exchange to my MetaMask", "Binance (binance.com)", "BNB Smart Chain (BEP20)" })
        {
            await PressAsync(label);
        }
    }

    [Fact]
    public async Task FinalAdvice_Back_AdviceLosesOnlyItsButtons_NextStepComesAsFollowup()
    {
        await ToBep20WithdrawalAdviceAsync();
        Assert.Contains("Leave the memo/tag field empty", Text(Shown()), StringComparison.Ordinal);
        var followups = rest.Fake.RequestsTo(FakeRoute.CreateFollowup).Count;

        await PressAsync("Back");

        var strip = rest.Fake.RequestsTo(FakeRoute.EditOriginalResponse)[^1].Json!.AsObject();
        Assert.Equal(["components"], strip.Select(p => p.Key)); // the text is left as it was
        Assert.Empty(strip["components"]!.AsArray());
        var next = Assert.Single(rest.Fake.RequestsTo(FakeRoute.CreateFollowup).Skip(followups)).Json!;
        Assert.Contains("Which network will you choose?", Text(next), StringComparison.Ordinal);
        Assert.NotEmpty(Buttons(next));
    }

    [Fact]
    public async Task FinalAdvice_LinkButtonsFirst_ThenSolvedQuestionBackAndMainMenu()
    {
        await ToBep20WithdrawalAdviceAsync();

        var buttons = Buttons(Shown());

        var links = buttons.TakeWhile(b => b["style"]!.GetValue<int>() == 5).Count();
        Assert.True(links > 0);
        Assert.Equal(["g:solved", "g:unsolved", "g:back", "g:menu"], buttons.Skip(links).Select(b => b["custom_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Support_MidConversation_OffersContinueOrStartOver()
    {
        await CommandAsync("support");
        await PressAsync("Binance ↔ MetaMask");

        await CommandAsync("support");
        var question = Shown();
        Assert.StartsWith("You are in the middle of a conversation.", Text(question), StringComparison.Ordinal);
        Assert.Equal(["Continue where I was", "Start over"], Buttons(question).Select(b => b["label"]!.GetValue<string>()));

        await PressAsync("Continue where I was");
        Assert.StartsWith("Which way are the funds moving?", Text(Shown()), StringComparison.Ordinal);

        await CommandAsync("support");
        await PressAsync("Start over");
        Assert.StartsWith("What do you need help with?", Text(Shown()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableLookup_CheckAgain_LooksItUpAgain()
    {
        await CommandAsync("support");
        await PressAsync("don't see them");
        await PressAsync("I don't know");
        await SendAsync(5, new JsonObject
        {
            ["custom_id"] = "modal:submit",
            ["components"] = new JsonArray(new JsonObject
            {
                ["type"] = 18,
                ["component"] = new JsonObject { ["type"] = 4, ["custom_id"] = "value", ["value"] = "0x" + new string('e', 64) },
            }),
        });
        Assert.Contains("couldn't check BNB Smart Chain", Text(Shown()), StringComparison.Ordinal);
        var edits = rest.Fake.RequestsTo(FakeRoute.EditOriginalResponse).Count;

        await PressAsync("Check again");

        var again = rest.Fake.RequestsTo(FakeRoute.EditOriginalResponse)[^1].Json!;
        Assert.Equal(edits + 1, rest.Fake.RequestsTo(FakeRoute.EditOriginalResponse).Count);
        Assert.Contains("couldn't check BNB Smart Chain", Text(again), StringComparison.Ordinal);
        Assert.Contains(Buttons(again), b => (string?)b["custom_id"] == "g:recheck");
    }
}
