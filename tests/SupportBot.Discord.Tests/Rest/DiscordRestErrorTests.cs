using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Discord.Rest;
using static SupportBot.Discord.Tests.Rest.DiscordRestClientTests;

namespace SupportBot.Discord.Tests.Rest;

/// <summary>Error answers, 5xx retries, a rejected token and the invalid-request budget.</summary>
public sealed class DiscordRestErrorTests
{
    [Fact]
    public async Task CreateMessage_UserRefusesDms_ThrowsCode50007()
    {
        await using var h = await RestHarness.StartAsync();
        h.Fake.RefuseDms(500);
        var channel = await h.Rest.CreateDmChannelAsync(500);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(channel, Text("hi")));

        Assert.Equal(DiscordRestFailure.HttpError, error.Failure);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(50007, error.Code);
        Assert.Equal("Cannot send messages to this user", error.ErrorMessage);
        Assert.Equal("POST /channels/{channel_id}/messages", error.Route);
    }

    [Fact]
    public async Task EditMessage_MissingPermissions_ThrowsCode50013()
    {
        await using var h = await RestHarness.StartAsync();
        var id = await h.Rest.CreateMessageAsync(42, Text("hi"));
        h.Fake.Inject(FakeRoute.EditMessage, FakeFault.MissingPermissions());

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.EditMessageAsync(42, id, Text("edit")));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(50013, error.Code);
        Assert.Contains("50013", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateInteractionResponse_ExpiredInteraction_ThrowsCode10062()
    {
        await using var h = await RestHarness.StartAsync();
        h.Fake.ExpireInteraction(900);

        var error = await Assert.ThrowsAsync<DiscordRestException>(
            () => h.Rest.CreateInteractionResponseAsync(900, "tok", new JsonObject { ["type"] = 5 }));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(10062, error.Code);
    }

    [Fact]
    public async Task CreateInteractionResponse_Twice_ThrowsCode40060()
    {
        await using var h = await RestHarness.StartAsync();
        var reply = new JsonObject { ["type"] = 4, ["data"] = Text("hi") };
        await h.Rest.CreateInteractionResponseAsync(900, "tok", reply);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateInteractionResponseAsync(900, "tok", reply));

        Assert.Equal(40060, error.Code);
    }

    [Fact]
    public async Task DeleteMessage_Unknown_ThrowsCode10008()
    {
        await using var h = await RestHarness.StartAsync();

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.DeleteMessageAsync(42, 12345));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(10008, error.Code);
    }

    [Fact]
    public async Task CreateMessage_TooLong_ThrowsCode50035WithFieldErrors()
    {
        await using var h = await RestHarness.StartAsync();

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(42, Text(new string('x', 2001))));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(50035, error.Code);
        Assert.Equal("BASE_TYPE_MAX_LENGTH", (string?)error.Errors?["content"]?["_errors"]?[0]?["code"]);
    }

    [Fact]
    public async Task ServerError_TwiceThenOk_RetriedWithBackoff()
    {
        await using var h = await RestHarness.StartAsync(o => o.ServerErrorBackoff = TimeSpan.FromMilliseconds(50));
        h.Fake.Inject(FakeRoute.CreateMessage, FakeFault.ServerError(502), count: 2);

        await h.Rest.CreateMessageAsync(42, Text("hi"));

        var requests = h.Fake.RequestsTo(FakeRoute.CreateMessage);
        Assert.Equal([502, 502, 200], requests.Select(r => r.Status));
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(50), "first backoff");
        Assert.True(requests[2].At - requests[1].At >= TimeSpan.FromMilliseconds(100), "second backoff doubles");
    }

    [Fact]
    public async Task ServerError_Persistent_ThrowsAfterRetries()
    {
        await using var h = await RestHarness.StartAsync(o => o.ServerErrorRetries = 2);
        h.Fake.Inject(FakeRoute.CreateMessage, FakeFault.ServerError(503), count: 5);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(42, Text("hi")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Null(error.Code);
        Assert.Equal(3, h.Fake.RequestsTo(FakeRoute.CreateMessage).Count);
    }

    [Fact]
    public async Task RateLimited_MoreThanRetries_Throws429WithRetryAfter()
    {
        await using var h = await RestHarness.StartAsync(o => o.RateLimitRetries = 2);
        h.Fake.Inject(FakeRoute.CreateMessage, FakeFault.RateLimited(0.02), count: 3);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(42, Text("hi")));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(0.02), error.RetryAfter);
        Assert.Equal(3, h.Fake.Requests.Count);
    }

    [Fact]
    public async Task Unauthorized_WrongToken_LaterCallsFailFast()
    {
        await using var h = await RestHarness.StartAsync(token: "not-the-token");

        var first = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(42, Text("hi")));
        var second = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.GetGatewayBotAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(DiscordRestFailure.TokenRejected, second.Failure);
        Assert.Null(second.StatusCode);
        Assert.Single(h.Fake.Requests);

        // The interaction token is its own credential: replies still go out.
        await h.Rest.CreateInteractionResponseAsync(900, "tok", new JsonObject { ["type"] = 5 });
        Assert.Equal(2, h.Fake.Requests.Count);
    }

    [Fact]
    public async Task Unauthorized_OnWebhookRoute_KeepsBotToken()
    {
        await using var h = await RestHarness.StartAsync();
        h.Fake.Inject(FakeRoute.CreateFollowup, FakeFault.Error(401, 50027, "Invalid Webhook Token"));

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateFollowupAsync(200, "old", Text("late")));
        await h.Rest.CreateMessageAsync(42, Text("still fine"));

        Assert.Equal(50027, error.Code);
        Assert.Equal(200, h.Fake.RequestsTo(FakeRoute.CreateMessage)[0].Status);
    }

    [Fact]
    public async Task InvalidRequests_NearLimit_StopSendingUntilWindowPasses()
    {
        var time = new FakeTimeProvider();
        await using var h = await RestHarness.StartAsync(o => o.InvalidRequestLimit = 3, time);
        h.Fake.Inject(FakeRoute.CreateMessage, FakeFault.MissingPermissions(), count: 3);

        for (var i = 0; i < 3; i++)
        {
            var denied = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(42, Text("hi")));
            Assert.Equal(50013, denied.Code);
        }

        var stopped = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(42, Text("hi")));
        Assert.Equal(DiscordRestFailure.InvalidRequestLimit, stopped.Failure);
        Assert.Equal(3, h.Fake.Requests.Count);

        time.Advance(TimeSpan.FromMinutes(10));
        await h.Rest.CreateMessageAsync(42, Text("hi"));
        Assert.Equal(4, h.Fake.Requests.Count);
    }

    [Fact]
    public async Task InvalidRequests_SharedScope429_NotCounted()
    {
        await using var h = await RestHarness.StartAsync(o => o.InvalidRequestLimit = 1);
        h.Fake.Inject(FakeRoute.CreateMessage, FakeFault.RateLimited(0.05, scope: "shared"));

        await h.Rest.CreateMessageAsync(42, Text("retried after a shared limit"));
        await h.Rest.CreateMessageAsync(42, Text("not blocked"));
        h.Fake.Inject(FakeRoute.CreateMessage, FakeFault.RateLimited(0.05, scope: "user"));
        var stopped = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(42, Text("counted")));

        Assert.Equal(DiscordRestFailure.InvalidRequestLimit, stopped.Failure);
        Assert.Equal([429, 200, 200, 429], h.Fake.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Transport_NothingListening_ThrowsTransportAfterRetries()
    {
        // Bound but never listening: connections are refused, and no other server in a parallel test can take the port.
        using var reserved = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        reserved.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)reserved.LocalEndPoint!).Port;
        await using var h = await RestHarness.StartAsync(o => o.ServerErrorRetries = 1, apiBaseUrl: $"http://127.0.0.1:{port}/api/v10");

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(42, Text("hi")));

        Assert.Equal(DiscordRestFailure.Transport, error.Failure);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }
}
