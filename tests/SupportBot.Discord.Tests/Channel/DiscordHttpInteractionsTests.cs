using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Chain;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Lookup;
using SupportBot.Core.Triage;
using SupportBot.Discord.Channel;
using SupportBot.Discord.Interactions;
using SupportBot.Discord.Tests.Interactions;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel;

/// <summary>
/// Interactions over the HTTP endpoint, over real HTTP and signed by "Discord": the POST itself carries the interaction
/// response, and the turn after a deferral edits the original response whether or not Discord still holds the connection.
/// </summary>
public sealed class DiscordHttpInteractionsTests : IAsyncLifetime
{
    private const string Path = "/discord/interactions";

    private static readonly ContentCatalog Content = ContentCatalog.Load(System.IO.Path.Combine(AppContext.BaseDirectory, "content"));

    private RestHarness rest = null!;
    private GatedRpcNode node = null!;
    private ServiceProvider chain = null!;
    private WebApplication app = null!;
    private Uri endpoint = null!;
    private int nextId = 1;

    public async Task InitializeAsync()
    {
        rest = await RestHarness.StartAsync();
        node = await GatedRpcNode.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Chain:Networks:0"] = "bsc",
            ["Chain:Endpoints:bsc:0"] = node.Url.ToString(),
            ["Chain:VerifyChainIds"] = "false",
        };
        chain = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton(Content).AddSingleton(TestClock.Instance).AddLogging().AddChainLookup().BuildServiceProvider();
        var lookup = chain.GetRequiredService<IChainLookup>();
        var engine = new ConversationEngine(Content, new TriageService(Content), new InMemoryConversationStore(TestClock.Instance),
            Options.Create(new ConversationOptions()), TestClock.Instance, NullLogger<ConversationEngine>.Instance, lookup);
        var bot = new DiscordBot(engine, rest.Rest, Content, NullLogger<DiscordBot>.Instance, lookup) { ApplicationId = rest.Fake.ApplicationId };

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TestClock.Instance);
        builder.Services.AddSingleton<IInteractionHandler>(bot);
        app = builder.Build();
        app.MapDiscordInteractions(Path, TestSigner.Rfc8032.PublicKeyHex);
        await app.StartAsync();
        endpoint = new Uri(new Uri(app.Urls.First()), Path);
    }

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await chain.DisposeAsync();
        await node.DisposeAsync();
        await rest.DisposeAsync();
    }

    [Fact]
    public async Task SignedSupportCommand_AnsweredInlineWithEphemeralDeferral_ThenOriginalEdited()
    {
        using var http = new HttpClient();
        var body = Interaction(2, new JsonObject { ["id"] = "1", ["name"] = "support", ["type"] = 1 }, locale: "ru");

        using var forged = await http.SendAsync(Signed(body, TestSigner.Other));
        using var answer = await http.SendAsync(Signed(body));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var response = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal(5, response["type"]!.GetValue<int>());
        Assert.Equal(64, response["data"]!["flags"]!.GetValue<int>());
        await rest.Fake.WaitForAsync(requests => requests.Any(r => r.Route == FakeRoute.EditOriginalResponse));
        var menu = rest.Fake.RequestsTo(FakeRoute.EditOriginalResponse).Single().Json!;
        Assert.Contains("С чем помочь?", menu["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4, menu["flags"]!.GetValue<int>());
        Assert.Empty(rest.Fake.RequestsTo(FakeRoute.InteractionCallback));
    }

    [Fact]
    public async Task SlowLookup_ClientGoneAfterTheDeferral_OriginalResponseStillEdited()
    {
        var hash = "0x" + new string('d', 64);
        var body = Interaction(2, new JsonObject
        {
            ["id"] = "1", ["name"] = "lookup", ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = "query", ["type"] = 3, ["value"] = hash }),
        }, permissions: "8192");

        using (var http = new HttpClient())
        {
            using var answer = await http.SendAsync(Signed(body));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(5, JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["type"]!.GetValue<int>());
            // The deferral came back while the node still holds the lookup.
            await node.FirstRequest.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Empty(rest.Fake.RequestsTo(FakeRoute.EditOriginalResponse));
        }

        // Discord has closed its connection; the node answers only now.
        node.Release();

        await rest.Fake.WaitForAsync(requests => requests.Any(r => r.Route == FakeRoute.EditOriginalResponse), TimeSpan.FromSeconds(20));
        var report = rest.Fake.RequestsTo(FakeRoute.EditOriginalResponse).Single();
        Assert.Equal($"{FakeDiscordRest.BasePath}/webhooks/{rest.Fake.ApplicationId}/tok-1/messages/@original", report.Path);
        Assert.Contains("I couldn't find this transaction", report.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypeInputButton_AnsweredInlineWithTheModal()
    {
        using var http = new HttpClient();

        using var answer = await http.SendAsync(Signed(Interaction(3, new JsonObject { ["custom_id"] = DiscordBot.TypeInputId, ["component_type"] = 2 })));

        var modal = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal(9, modal["type"]!.GetValue<int>());
        Assert.Equal("Find a transaction or address", modal["data"]!["title"]!.GetValue<string>());
        var input = modal["data"]!["components"]![0]!;
        Assert.Equal("Transaction hash or address", input["label"]!.GetValue<string>());
        Assert.Contains("0x + 64", input["component"]!["placeholder"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(rest.Fake.RequestsTo(FakeRoute.InteractionCallback));
    }

    private string Interaction(int type, JsonObject data, string locale = "en-US", string permissions = "0") => new JsonObject
    {
        ["id"] = (nextId).ToString(CultureInfo.InvariantCulture),
        ["application_id"] = rest.Fake.ApplicationId.ToString(CultureInfo.InvariantCulture),
        ["type"] = type,
        ["token"] = "tok-" + nextId++,
        ["version"] = 1,
        ["locale"] = locale,
        ["guild_id"] = "9",
        ["channel_id"] = "8",
        ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "7", ["username"] = "alice" }, ["permissions"] = permissions },
        ["data"] = data,
    }.ToJsonString();

    private HttpRequestMessage Signed(string body, TestSigner? signer = null)
    {
        var timestamp = TestClock.Instance.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(DiscordInteractionsEndpoint.SignatureHeader, (signer ?? TestSigner.Rfc8032).Sign(timestamp, body));
        request.Headers.Add(DiscordInteractionsEndpoint.TimestampHeader, timestamp);
        return request;
    }
}
