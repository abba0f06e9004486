using System.Text.Json.Nodes;
using SupportBot.Discord.Rest;

namespace SupportBot.Discord.Tests.Rest;

/// <summary>The endpoints, headers and payloads of <see cref="DiscordRestClient"/> against the fake.</summary>
public sealed class DiscordRestClientTests
{
    [Fact]
    public async Task BotRoutes_AnyCall_SendBotAuthorizationUserAgentAndJson()
    {
        await using var h = await RestHarness.StartAsync();

        await h.Rest.GetGatewayBotAsync();
        var channel = await h.Rest.CreateDmChannelAsync(500);
        var message = await h.Rest.CreateMessageAsync(channel, Text("hello"));
        await h.Rest.EditMessageAsync(channel, message, Text("edited"));
        await h.Rest.DeleteMessageAsync(channel, message);
        await h.Rest.BulkOverwriteGlobalCommandsAsync(h.Fake.ApplicationId, [Command("ticket")]);

        var requests = h.Fake.Requests;
        Assert.Equal(6, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.InRange(r.Status, 200, 299);
            Assert.Equal("Bot " + h.Fake.Token, r.Header("Authorization"));
            Assert.Equal(DiscordRestClient.UserAgent, r.Header("User-Agent"));
            Assert.StartsWith("DiscordBot (", r.Header("User-Agent"), StringComparison.Ordinal);
        });
        Assert.All(requests.Where(r => r.Method is "POST" or "PATCH" or "PUT"),
            r => Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal));
        Assert.Equal(
            ["GET /api/v10/gateway/bot", "POST /api/v10/users/@me/channels", $"POST /api/v10/channels/{channel}/messages",
                $"PATCH /api/v10/channels/{channel}/messages/{message}", $"DELETE /api/v10/channels/{channel}/messages/{message}",
                "PUT /api/v10/applications/200/commands"],
            requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task InteractionRoutes_DeferEditFollowup_SendNoAuthorization()
    {
        await using var h = await RestHarness.StartAsync();
        const string token = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5";

        await h.Rest.CreateInteractionResponseAsync(900, token, new JsonObject { ["type"] = 5, ["data"] = new JsonObject { ["flags"] = 64 } });
        await h.Rest.EditOriginalResponseAsync(h.Fake.ApplicationId, token, Text("Here is the answer."));
        var followup = await h.Rest.CreateFollowupAsync(h.Fake.ApplicationId, token, new JsonObject { ["content"] = "Anything else?", ["flags"] = 64 });

        var requests = h.Fake.Requests;
        Assert.Equal(
            [$"POST /api/v10/interactions/900/{token}/callback", $"PATCH /api/v10/webhooks/200/{token}/messages/@original", $"POST /api/v10/webhooks/200/{token}"],
            requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(requests, r =>
        {
            Assert.InRange(r.Status, 200, 299);
            Assert.Null(r.Header("Authorization"));
            Assert.Equal(DiscordRestClient.UserAgent, r.Header("User-Agent"));
            Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal);
        });
        var (response, original, followups) = h.Fake.InteractionState(token);
        Assert.Equal(5, (int?)response?["type"]);
        Assert.Equal("Here is the answer.", (string?)original?["content"]);
        Assert.Equal(64, (int?)original?["flags"]);
        var sent = Assert.Single(followups);
        Assert.Equal(followup.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)sent["id"]);
        Assert.Equal(64, (int?)sent["flags"]);
    }

    [Fact]
    public async Task GetGatewayBot_FakeAnswer_ParsesUrlShardsAndSessionStartLimit()
    {
        await using var h = await RestHarness.StartAsync();

        var info = await h.Rest.GetGatewayBotAsync();

        Assert.Equal("wss://gateway.discord.gg", info.Url);
        Assert.Equal(1, info.Shards);
        Assert.Equal(new SessionStartLimit(1000, 999, TimeSpan.FromHours(4), 1), info.SessionStartLimit);
    }

    [Fact]
    public async Task CreateDmChannel_SameUserTwice_AsksDiscordOnce()
    {
        await using var h = await RestHarness.StartAsync();

        var first = await h.Rest.CreateDmChannelAsync(500);
        var again = await h.Rest.CreateDmChannelAsync(500);
        var other = await h.Rest.CreateDmChannelAsync(501);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        var requests = h.Fake.RequestsTo(FakeRoute.CreateDm);
        Assert.Equal(2, requests.Count);
        Assert.Equal("500", (string?)requests[0].Json?["recipient_id"]);
        Assert.Equal("501", (string?)requests[1].Json?["recipient_id"]);
    }

    [Fact]
    public async Task CreateMessage_ThenEditAndDelete_FakeStoreFollows()
    {
        await using var h = await RestHarness.StartAsync();
        var message = Text("Checking your transaction…");

        var id = await h.Rest.CreateMessageAsync(42, message);
        var created = Assert.Single(h.Fake.MessagesIn(42));
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)created["id"]);
        Assert.True(JsonNode.DeepEquals(message["allowed_mentions"], h.Fake.RequestsTo(FakeRoute.CreateMessage)[0].Json?["allowed_mentions"]));

        await h.Rest.EditMessageAsync(42, id, Text("Found it."));
        Assert.Equal("Found it.", (string?)Assert.Single(h.Fake.MessagesIn(42))["content"]);

        await h.Rest.DeleteMessageAsync(42, id);
        Assert.Empty(h.Fake.MessagesIn(42));
        Assert.Equal(204, h.Fake.RequestsTo(FakeRoute.DeleteMessage)[0].Status);
    }

    [Fact]
    public async Task BulkOverwriteGlobalCommands_Twice_ReturnsCommandsWithStableIds()
    {
        await using var h = await RestHarness.StartAsync();

        var first = await h.Rest.BulkOverwriteGlobalCommandsAsync(h.Fake.ApplicationId, [Command("ticket"), Command("status")]);
        var second = await h.Rest.BulkOverwriteGlobalCommandsAsync(h.Fake.ApplicationId, [Command("ticket")]);

        Assert.Equal(2, first.Count);
        Assert.All(first, c => Assert.True(ulong.TryParse((string?)c!["id"], out _)));
        Assert.Equal("200", (string?)first[0]!["application_id"]);
        Assert.Equal((string?)first[0]!["id"], (string?)Assert.Single(second)!["id"]);
        Assert.Single(h.Fake.GlobalCommands);
        Assert.IsType<JsonArray>(h.Fake.RequestsTo(FakeRoute.BulkOverwriteGlobalCommands)[0].Json);
    }

    internal static JsonObject Text(string content) => new()
    {
        ["content"] = content,
        ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
    };

    private static JsonObject Command(string name) => new()
    {
        ["name"] = name,
        ["description"] = "Open a support ticket",
        ["type"] = 1,
        ["contexts"] = new JsonArray(0, 1),
        ["integration_types"] = new JsonArray(0),
    };
}
