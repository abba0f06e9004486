using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Triage;
using SupportBot.Discord.Channel;
using SupportBot.Discord.Interactions;
using SupportBot.Discord.Tests.Interactions;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel;

/// <summary>Interactions over the HTTP endpoint instead of the gateway: signed by "Discord", answered by the bot.</summary>
public sealed class DiscordHttpInteractionsTests
{
    private static readonly ContentCatalog Content = ContentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "content"));

    [Fact]
    public async Task SignedSupportCommand_Answered202_ThenMenuThroughTheCallbackRoute()
    {
        await using var rest = await RestHarness.StartAsync();
        var engine = new ConversationEngine(Content, new TriageService(Content), new InMemoryConversationStore(TestClock.Instance),
            Options.Create(new ConversationOptions()), TestClock.Instance, NullLogger<ConversationEngine>.Instance);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TestClock.Instance);
        builder.Services.AddSingleton<IInteractionHandler>(new DiscordBot(engine, rest.Rest, Content, NullLogger<DiscordBot>.Instance));
        await using var app = builder.Build();
        app.MapDiscordInteractions("/discord/interactions", TestSigner.Rfc8032.PublicKeyHex);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var body = new JsonObject
        {
            ["id"] = "1", ["application_id"] = "200", ["type"] = 2, ["token"] = "tok", ["version"] = 1, ["locale"] = "ru",
            ["guild_id"] = "9", ["channel_id"] = "8",
            ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "7" }, ["permissions"] = "0" },
            ["data"] = new JsonObject { ["id"] = "1", ["name"] = "support", ["type"] = 1 },
        }.ToJsonString();
        var timestamp = TestClock.Instance.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(DiscordInteractionsEndpoint.SignatureHeader, TestSigner.Rfc8032.Sign(timestamp, body));
        request.Headers.Add(DiscordInteractionsEndpoint.TimestampHeader, timestamp);
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        forged.Headers.Add(DiscordInteractionsEndpoint.SignatureHeader, TestSigner.Other.Sign(timestamp, body));
        forged.Headers.Add(DiscordInteractionsEndpoint.TimestampHeader, timestamp);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(request)).StatusCode);
        var menu = rest.Fake.RequestsTo(FakeRoute.EditOriginalResponse).Single().Json!;
        Assert.Contains("С чем помочь?", menu["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(64, rest.Fake.RequestsTo(FakeRoute.InteractionCallback).Single().Json!["data"]!["flags"]!.GetValue<int>());
    }
}
