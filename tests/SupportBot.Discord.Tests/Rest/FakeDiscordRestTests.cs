using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Discord.Tests.Rest;

/// <summary>The fake enforces what Discord enforces, so client tests that pass against it mean something.</summary>
public sealed class FakeDiscordRestTests : IAsyncLifetime
{
    private const string UserAgent = "DiscordBot (https://example.test, 1)";

    private readonly HttpClient http = new();
    private FakeDiscordRest fake = null!;

    public async Task InitializeAsync() => fake = await FakeDiscordRest.StartAsync();

    public async Task DisposeAsync()
    {
        http.Dispose();
        await fake.DisposeAsync();
    }

    [Fact]
    public async Task BotRoute_NoAuthorization_Returns401()
    {
        using var response = await SendAsync(HttpMethod.Post, "/channels/42/messages", """{"content":"hi"}""", authorize: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, (int?)(await JsonAsync(response))["code"]);
    }

    [Fact]
    public async Task AnyRoute_NoDiscordBotUserAgent_Returns400()
    {
        using var response = await SendAsync(HttpMethod.Get, "/gateway/bot", null, userAgent: "curl/8.0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Body_NotJson_Returns50035()
    {
        using var response = await SendAsync(HttpMethod.Post, "/channels/42/messages", "content=hi", contentType: "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(50035, (int?)(await JsonAsync(response))["code"]);
    }

    [Fact]
    public async Task CreateMessage_Empty_Returns50006()
    {
        using var response = await SendAsync(HttpMethod.Post, "/channels/42/messages", """{"content":""}""");

        Assert.Equal(50006, (int?)(await JsonAsync(response))["code"]);
    }

    [Fact]
    public async Task CreateMessage_Valid_ReturnsMessageWithStringSnowflakesAndLimitHeaders()
    {
        using var response = await SendAsync(HttpMethod.Post, "/channels/42/messages", """{"content":"hi"}""");

        var message = await JsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.IsType<string>((string?)message["id"]);
        Assert.Equal("42", (string?)message["channel_id"]);
        Assert.Equal("100", (string?)message["author"]?["id"]);
        Assert.True(response.Headers.Contains("X-RateLimit-Bucket"));
        Assert.Equal("49", response.Headers.GetValues("X-RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task Bucket_Exceeded_Returns429WithRetryAfter()
    {
        fake.SetRateLimit(FakeRoute.CreateMessage, new FakeRateLimit("b1", 1, TimeSpan.FromSeconds(5)));
        using var first = await SendAsync(HttpMethod.Post, "/channels/42/messages", """{"content":"1"}""");
        using var second = await SendAsync(HttpMethod.Post, "/channels/42/messages", """{"content":"2"}""");
        using var otherChannel = await SendAsync(HttpMethod.Post, "/channels/43/messages", """{"content":"3"}""");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherChannel.StatusCode);
        var body = await JsonAsync(second);
        Assert.False((bool?)body["global"]);
        // What is left of the 5 s window: how much depends on how long the requests took on a busy machine.
        Assert.InRange((double?)body["retry_after"] ?? 0, 0.001, 5.0);
        Assert.Equal("user", second.Headers.GetValues("X-RateLimit-Scope").Single());
    }

    [Fact]
    public async Task GlobalFault_BlocksBotRoutesButNotInteractionRoutes()
    {
        fake.Inject(FakeRoute.GetGatewayBot, FakeFault.GlobalRateLimit(5));
        using var limited = await SendAsync(HttpMethod.Get, "/gateway/bot", null);
        using var blocked = await SendAsync(HttpMethod.Post, "/channels/42/messages", """{"content":"hi"}""");
        using var callback = await SendAsync(HttpMethod.Post, "/interactions/9/tok/callback", """{"type":5}""", authorize: false);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("true", limited.Headers.GetValues("X-RateLimit-Global").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.True((bool?)(await JsonAsync(blocked))["global"]);
        Assert.Equal(HttpStatusCode.NoContent, callback.StatusCode);
    }

    [Fact]
    public async Task Followup_BeforeAcknowledgement_ReturnsUnknownWebhook()
    {
        using var response = await SendAsync(HttpMethod.Post, "/webhooks/200/tok", """{"content":"hi"}""", authorize: false);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(10015, (int?)(await JsonAsync(response))["code"]);
    }

    [Fact]
    public async Task Requests_Any_RecordedWithHeadersAndBody()
    {
        using var response = await SendAsync(HttpMethod.Post, "/users/@me/channels", """{"recipient_id":"500"}""");

        var request = Assert.Single(fake.Requests);
        Assert.Equal(FakeRoute.CreateDm, request.Route);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v10/users/@me/channels", request.Path);
        Assert.Equal(UserAgent, request.Header("User-Agent"));
        Assert.Equal("500", (string?)request.Json?["recipient_id"]);
        Assert.Equal(200, request.Status);
        Assert.True(request.ReceivedAt > TestClock.Instance.GetUtcNow().AddMinutes(-1));
    }

    [Fact]
    public async Task MultipartMessage_PayloadJsonAndFile_StoredWithTheAttachment()
    {
        using var response = await SendMultipartAsync("""{"content":"log","attachments":[{"id":"0","filename":"ticket-1.txt"}]}""", "ticket-1.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ticket-1.txt", (string?)(await JsonAsync(response))["attachments"]![0]!["filename"]);
        Assert.Equal("line one", Assert.Single(fake.FilesIn(42)).Text);
    }

    [Fact]
    public async Task MultipartMessage_FileWithoutItsAttachment_Returns50035()
    {
        using var response = await SendMultipartAsync("""{"content":"log","attachments":[{"id":"1","filename":"ticket-1.txt"}]}""", "ticket-1.txt");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(50035, (int?)(await JsonAsync(response))["code"]);
        Assert.Empty(fake.FilesIn(42));
    }

    [Fact]
    public async Task MultipartMessage_PayloadJsonBreakingTheSchema_RecordedAsAViolation()
    {
        fake.SchemaViolationsExpected = true;

        using var response = await SendMultipartAsync("""{"content":"log","attachments":[{"id":0,"filename":"ticket-1.txt"}]}""", "ticket-1.txt");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(fake.SchemaViolations, v => v.Contains("/attachments/0/id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrivateThread_StartedThenMemberAddedThenArchivedAndLocked_PostingRefused()
    {
        using var started = await SendAsync(HttpMethod.Post, "/channels/42/threads", """{"name":"ticket-1","type":12,"invitable":false,"auto_archive_duration":10080}""");
        var thread = (string)(await JsonAsync(started))["id"]!;
        using var added = await SendAsync(HttpMethod.Put, $"/channels/{thread}/thread-members/555", null);
        using var locked = await SendAsync(HttpMethod.Patch, $"/channels/{thread}", """{"archived":true,"locked":true}""");
        using var posted = await SendAsync(HttpMethod.Post, $"/channels/{thread}/messages", """{"content":"hi"}""");

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(50083, (int?)(await JsonAsync(posted))["code"]);
        var state = Assert.Single(fake.ThreadsIn(42));
        Assert.Equal((12, false, true, true), (state.Type, state.Invitable, state.Archived, state.Locked));
        Assert.Contains(555UL, state.Members);
    }

    private async Task<HttpResponseMessage> SendMultipartAsync(string payloadJson, string fileName)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fake.ApiBaseUrl + "/channels/42/messages");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", fake.Token);
        var form = new MultipartFormDataContent();
        var json = new StringContent(payloadJson, Encoding.UTF8);
        json.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        form.Add(json, "payload_json");
        form.Add(new StringContent("line one", Encoding.UTF8, "text/plain"), "files[0]", fileName);
        request.Content = form;
        return await http.SendAsync(request);
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        string? body,
        bool authorize = true,
        string userAgent = UserAgent,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, fake.ApiBaseUrl + path);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (authorize)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", fake.Token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await http.SendAsync(request);
    }
}
