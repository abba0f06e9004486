using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using SupportBot.Discord.Interactions;

namespace SupportBot.Discord.Tests.Interactions;

public sealed class DiscordInteractionsEndpointTests : IAsyncLifetime
{
    private const string Ping = """{"type":1}""";

    /// <summary>The protocols.md vector: <see cref="Ping"/> at 1700000000 under the RFC 8032 test 1 key.</summary>
    private const string PingVectorSignature =
        "1695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0f";

    private const string Command =
        """{"id":"900","application_id":"200","type":2,"token":"tok","version":1,"channel_id":"400","data":{"id":"901","name":"status","type":1,"options":[{"name":"query","type":3,"value":"tx"}]}}""";

    private InteractionsEndpointHost host = null!;

    public async Task InitializeAsync() => host = await InteractionsEndpointHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Post_SignedPingVector_Returns200PongAsJson()
    {
        using var response = await host.PostAsync(Ping, PingVectorSignature, InteractionsEndpointHost.VectorTimestamp);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Ping, await response.Content.ReadAsStringAsync());
        Assert.Empty(host.Handler.Received);
    }

    [Fact]
    public async Task Post_SignedPingWithUnusualFormatting_VerifiesRawBytes()
    {
        // Re-serializing would drop the spaces and the escape and break the signature.
        const string body = "{ \"type\" : 1, \"note\": \"\\u0041\" }";

        using var response = await host.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Ping, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_Unsigned_Returns401()
    {
        using var response = await host.PostAsync(Ping, signature: null, timestamp: null);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Post_MissingSignatureHeader_Returns401()
    {
        using var response = await host.PostAsync(Ping, signature: null, InteractionsEndpointHost.VectorTimestamp);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Post_MissingTimestampHeader_Returns401()
    {
        using var response = await host.PostAsync(Ping, PingVectorSignature, timestamp: null);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Post_TamperedBody_Returns401()
    {
        using var response = await host.PostAsync("""{"type":2}""", PingVectorSignature, InteractionsEndpointHost.VectorTimestamp);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Post_TamperedTimestamp_Returns401()
    {
        using var response = await host.PostAsync(Ping, PingVectorSignature, "1700000001");

        await AssertUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("not-hex")]
    [InlineData("")]
    [InlineData("zz95961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0f")]
    [InlineData("1695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228")]
    public async Task Post_BadSignatureHex_Returns401(string signature)
    {
        using var response = await host.PostAsync(Ping, signature, InteractionsEndpointHost.VectorTimestamp);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Post_SignedByWrongKey_Returns401()
    {
        using var response = await host.PostSignedAsync(Ping, TestSigner.Other);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Post_StaleTimestamp_Returns401()
    {
        host.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) + DiscordInteractionsEndpoint.MaxTimestampSkew + TimeSpan.FromSeconds(1));

        using var response = await host.PostAsync(Ping, PingVectorSignature, InteractionsEndpointHost.VectorTimestamp);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Post_TimestampAtMaxAge_Returns200()
    {
        host.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) + DiscordInteractionsEndpoint.MaxTimestampSkew);

        using var response = await host.PostAsync(Ping, PingVectorSignature, InteractionsEndpointHost.VectorTimestamp);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_TimestampFarInFuture_Returns401()
    {
        var future = host.Clock.GetUtcNow() + DiscordInteractionsEndpoint.MaxTimestampSkew + TimeSpan.FromSeconds(1);
        var timestamp = future.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        using var response = await host.PostAsync(Ping, TestSigner.Rfc8032.Sign(timestamp, Ping), timestamp);

        await AssertUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1700000000")]
    [InlineData("99999999999999999999")]
    public async Task Post_SignedMalformedTimestamp_Returns401(string timestamp)
    {
        using var response = await host.PostAsync(Ping, TestSigner.Rfc8032.Sign(timestamp, Ping), timestamp);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Post_SignedCommand_CallsHandlerAndReturnsInlineResponse()
    {
        host.Handler.Reply = interaction => InteractionReply.Inline(JsonSerializer.SerializeToElement(new
        {
            type = 4,
            data = new { content = "checked " + interaction.GetProperty("data").GetProperty("options")[0].GetProperty("value").GetString(), flags = 64 },
        }));

        using var response = await host.PostSignedAsync(Command);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"type":4,"data":{"content":"checked tx","flags":64}}""", await response.Content.ReadAsStringAsync());
        var received = Assert.Single(host.Handler.Received);
        Assert.Equal(2, received.GetProperty("type").GetInt32());
        Assert.Equal("tok", received.GetProperty("token").GetString());
        Assert.Equal("status", received.GetProperty("data").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Post_HandlerAcknowledgedViaCallback_Returns202WithoutBody()
    {
        host.Handler.Reply = _ => InteractionReply.AcknowledgedViaCallback;

        using var response = await host.PostSignedAsync(Command);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Single(host.Handler.Received);
    }

    [Fact]
    public async Task Post_UnsignedCommand_Returns401WithoutCallingHandler()
    {
        using var response = await host.PostAsync(Command, PingVectorSignature, InteractionsEndpointHost.VectorTimestamp);

        await AssertUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("""{"id":"1"}""")]
    [InlineData("""{"type":"1"}""")]
    public async Task Post_SignedButNotAnInteraction_Returns400(string body)
    {
        using var response = await host.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Handler.Received);
    }

    [Fact]
    public async Task Get_Endpoint_Returns405()
    {
        using var response = await host.Client.GetAsync(new Uri(InteractionsEndpointHost.Path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task MapDiscordInteractions_BadPublicKey_ThrowsArgumentException()
    {
        await using var app = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] }).Build();

        Assert.Throws<ArgumentException>(() => app.MapDiscordInteractions(InteractionsEndpointHost.Path, "abc"));
    }

    private async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(host.Handler.Received);
    }
}
