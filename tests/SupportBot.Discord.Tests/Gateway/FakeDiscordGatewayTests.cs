using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SupportBot.Discord.Tests.Gateway;

/// <summary>The fake gateway answers a raw WebSocket client as the documented gateway does.</summary>
public sealed class FakeDiscordGatewayTests : IAsyncLifetime
{
    private FakeDiscordGateway fake = null!;

    public async Task InitializeAsync() => fake = await FakeDiscordGateway.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Connect_WrongVersion_ClosesWith4012()
    {
        using var socket = await ConnectAsync("?v=9&encoding=json");

        var (close, _) = await ReceiveAsync(socket);

        Assert.Equal(4012, close);
        Assert.Single(fake.Violations);
    }

    [Fact]
    public async Task Connect_V10Json_SendsHelloWithHeartbeatInterval()
    {
        using var socket = await ConnectAsync("?v=10&encoding=json");

        var (_, hello) = await ReceiveAsync(socket);

        Assert.Equal(10, hello!.Value.GetProperty("op").GetInt32());
        Assert.Equal(500, hello.Value.GetProperty("d").GetProperty("heartbeat_interval").GetInt32());
    }

    [Fact]
    public async Task Send_PresenceBeforeIdentify_ClosesWith4003()
    {
        using var socket = await ConnectAsync("?v=10&encoding=json");
        await ReceiveAsync(socket);

        await SendAsync(socket, """{"op":3,"d":{"status":"online"}}""");
        var (close, _) = await ReceiveAsync(socket);

        Assert.Equal(4003, close);
    }

    [Fact]
    public async Task Identify_Twice_SendsReadyThenClosesWith4005()
    {
        using var socket = await ConnectAsync("?v=10&encoding=json");
        await ReceiveAsync(socket);
        var identify = """{"op":2,"d":{"token":"test-token","intents":4609,"properties":{"os":"linux","browser":"b","device":"d"}}}""";

        await SendAsync(socket, identify);
        var (_, ready) = await ReceiveAsync(socket);
        await SendAsync(socket, identify);
        var (close, _) = await ReceiveAsync(socket);

        Assert.Equal("READY", ready!.Value.GetProperty("t").GetString());
        Assert.Equal(1, ready.Value.GetProperty("s").GetInt32());
        Assert.Equal(fake.ResumeUrl.ToString(), ready.Value.GetProperty("d").GetProperty("resume_gateway_url").GetString());
        Assert.Equal(4005, close);
    }

    [Fact]
    public async Task Resume_UnknownSession_AnswersInvalidSessionFalse()
    {
        using var socket = await ConnectAsync("r?v=10&encoding=json");
        await ReceiveAsync(socket);

        await SendAsync(socket, """{"op":6,"d":{"token":"test-token","session_id":"nope","seq":1}}""");
        var (_, invalid) = await ReceiveAsync(socket);

        Assert.Equal(9, invalid!.Value.GetProperty("op").GetInt32());
        Assert.False(invalid.Value.GetProperty("d").GetBoolean());
    }

    [Fact]
    public async Task Send_PayloadOver4096Bytes_ClosesWith4002()
    {
        using var socket = await ConnectAsync("?v=10&encoding=json");
        await ReceiveAsync(socket);

        await SendAsync(socket, $$"""{"op":1,"d":null,"pad":"{{new string('x', 5000)}}"}""");
        var (close, _) = await ReceiveAsync(socket);

        Assert.Equal(4002, close);
    }

    [Fact]
    public async Task Dispatch_ToShardZero_GoesToThatShardsConnectionNotTheNewest()
    {
        using var shard0 = await ConnectAsync("?v=10&encoding=json");
        using var shard1 = await ConnectAsync("?v=10&encoding=json");
        foreach (var (socket, id) in new[] { (shard0, 0), (shard1, 1) })
        {
            await ReceiveAsync(socket); // Hello
            await SendAsync(socket, $$$"""{"op":2,"d":{"token":"test-token","intents":4609,"properties":{"os":"linux","browser":"b","device":"d"},"shard":[{{{id}}},2]}}""");
            var (_, ready) = await ReceiveAsync(socket);
            Assert.Equal("READY", ready!.Value.GetProperty("t").GetString());
        }

        fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage(), shard: 0);
        var (_, dispatch) = await ReceiveAsync(shard0);

        Assert.Equal("MESSAGE_CREATE", dispatch!.Value.GetProperty("t").GetString());
        Assert.Equal(new int?[] { 0, 1 }, fake.Connections.Select(c => c.ShardId));
        Assert.Throws<InvalidOperationException>(() => fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage(), shard: 2));
        fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage(id: "302")); // without a shard: the newest session, shard 1's
        var (_, newest) = await ReceiveAsync(shard1);
        Assert.Equal("302", newest!.Value.GetProperty("d").GetProperty("id").GetString());
    }

    private static async Task SendAsync(ClientWebSocket socket, string json) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message: a close code, or a JSON payload.</summary>
    private static async Task<(int? Close, JsonElement? Payload)> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(GatewayHarness.Timeout);
        var buffer = new byte[64 * 1024];
        var count = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(count), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return ((int?)socket.CloseStatus, null);
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                using var document = JsonDocument.Parse(buffer.AsMemory(0, count));
                return (null, document.RootElement.Clone());
            }
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(string pathAndQuery)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(fake.Url, pathAndQuery), CancellationToken.None);
        return socket;
    }
}
