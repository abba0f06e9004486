using System.Diagnostics;
using System.Globalization;
using SupportBot.Discord.Gateway;

namespace SupportBot.Discord.Tests.Gateway;

/// <summary>The gateway client against the fake gateway over real loopback WebSockets.</summary>
public sealed class DiscordGatewayClientTests
{
    [Fact]
    public async Task RunAsync_Connect_IdentifiesWithRawTokenIntentsAndProperties()
    {
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { Token = "Bot " + o.Token });

        await h.WaitForEventAsync("READY");

        var connection = Assert.Single(h.Fake.Connections);
        Assert.Equal("/", connection.Path);
        Assert.Equal("v=10&encoding=json", connection.Query);
        var identify = Assert.Single(connection.ReceivedOp(2)).D;
        Assert.Equal("test-token", identify.GetProperty("token").GetString());
        Assert.Equal(4609, identify.GetProperty("intents").GetInt32());
        var properties = identify.GetProperty("properties");
        Assert.All(["os", "browser", "device"], key => Assert.False(string.IsNullOrEmpty(properties.GetProperty(key).GetString())));
        Assert.False(identify.TryGetProperty("shard", out _));
        Assert.Empty(connection.ReceivedOp(6));
        Assert.Empty(h.Fake.Violations);
    }

    [Fact]
    public async Task RunAsync_Ready_ExposesSessionApplicationAndBotUser()
    {
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { IdentifyBudget = 10 });

        await h.WaitForEventAsync("READY");

        Assert.Equal("READY", h.Handler.Names[0]);
        Assert.Equal("S1", h.Client.SessionId);
        Assert.Equal(FakeDiscordGateway.ApplicationId, h.Client.ApplicationId);
        Assert.Equal(FakeDiscordGateway.BotUserId, h.Client.BotUserId);
        Assert.Equal(1, h.Client.LastSequence);
        Assert.True(h.Client.IsReady);
        Assert.Equal(9, h.Client.RemainingIdentifies);
    }

    [Theory]
    [InlineData(0, 1, null)]
    [InlineData(1, 2, "[1,2]")]
    public async Task RunAsync_Shard_SentInIdentifyOnlyWhenCountAboveOne(int id, int count, string? expected)
    {
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { Shard = (id, count) });

        await h.WaitForEventAsync("READY");

        var identify = Assert.Single(h.Fake.Connections[0].ReceivedOp(2)).D;
        Assert.Equal(expected, identify.TryGetProperty("shard", out var shard) ? shard.GetRawText() : null);
        Assert.Empty(h.Fake.Violations);
    }

    [Fact]
    public async Task RunAsync_DmMessageCreate_ReachesHandlerWithContent()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForEventAsync("READY");

        Assert.Equal(2, h.Fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage()));
        h.Fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.GuildMessage());
        await h.WaitForEventAsync("MESSAGE_CREATE", 2);

        var (name, dm) = h.Handler.Events[1];
        Assert.Equal("MESSAGE_CREATE", name);
        Assert.False(dm.TryGetProperty("guild_id", out _));
        Assert.Equal("hi", dm.GetProperty("content").GetString());
        Assert.Equal("400", dm.GetProperty("channel_id").GetString());
        Assert.Equal("500", dm.GetProperty("author").GetProperty("id").GetString());
        var guild = h.Handler.Events[2].Data;
        Assert.Equal("600", guild.GetProperty("guild_id").GetString());
        Assert.Equal("", guild.GetProperty("content").GetString());
        Assert.Equal(3, h.Client.LastSequence);
    }

    [Fact]
    public async Task RunAsync_ManyDispatches_ReachHandlerInOrderAndHeartbeatCarriesLastSequence()
    {
        await using var h = await GatewayHarness.StartAsync(new FakeGatewayOptions { HeartbeatInterval = TimeSpan.FromSeconds(30) }, o => o with { HeartbeatJitter = () => 0.9 });
        await h.WaitForEventAsync("READY");

        for (var i = 0; i < 50; i++)
        {
            h.Fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage($"m{i}", id: i.ToString(CultureInfo.InvariantCulture)));
        }

        await h.WaitForEventAsync("MESSAGE_CREATE", 50);
        Assert.Equal(
            Enumerable.Range(0, 50).Select(i => i.ToString(CultureInfo.InvariantCulture)),
            h.Handler.Events.Skip(1).Select(e => e.Data.GetProperty("id").GetString()));
        Assert.Equal(51, h.Client.LastSequence);

        h.Fake.SendHeartbeatRequest();
        var connection = h.Fake.Connections[0];
        await h.Fake.WaitUntilAsync(() => connection.Heartbeats.Count == 1, "a heartbeat");
        Assert.Equal(new ReceivedHeartbeat(51, 51), connection.Heartbeats[0]);
        Assert.Empty(h.Fake.Violations);
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_NextEventStillHandled()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Handler.OnEvent = (name, data) => data.TryGetProperty("content", out var c) && c.GetString() == "boom"
            ? throw new InvalidOperationException("handler failure")
            : Task.CompletedTask;
        await h.WaitForEventAsync("READY");

        h.Fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("boom"));
        h.Fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("after"));
        await h.WaitForEventAsync("MESSAGE_CREATE", 2);

        Assert.Equal("after", h.Handler.Events[2].Data.GetProperty("content").GetString());
        Assert.Contains(h.Logs.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal) && l.Contains("handler failure", StringComparison.Ordinal));
        Assert.Single(h.Fake.Connections);
    }

    // Scenario a.
    [Fact]
    public async Task RunAsync_ServerHeartbeatRequest_HeartbeatsAtOnceWithLastSequence()
    {
        await using var h = await GatewayHarness.StartAsync(new FakeGatewayOptions { HeartbeatInterval = TimeSpan.FromSeconds(30) }, o => o with { HeartbeatJitter = () => 0.9 });
        await h.WaitForEventAsync("READY");
        h.Fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage());
        await h.WaitForEventAsync("MESSAGE_CREATE");
        var connection = h.Fake.Connections[0];
        Assert.Empty(connection.Heartbeats);

        var started = Stopwatch.GetTimestamp();
        h.Fake.SendHeartbeatRequest();
        await h.Fake.WaitUntilAsync(() => connection.Heartbeats.Count == 1, "the requested heartbeat");

        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(2), "the heartbeat should follow the request at once, not the 27 s timer");
        Assert.Equal(new ReceivedHeartbeat(2, 2), connection.Heartbeats[0]);
        await Eventually.UntilAsync(() => h.Client.HeartbeatAcks == 1, "the ACK");
        Assert.Empty(h.Fake.Violations);
    }

    // Scenario b.
    [Fact]
    public async Task RunAsync_Reconnect_ClosesWithoutNormalCodeAndResumesOnResumeUrl()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForEventAsync("READY");
        h.Fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("first"));
        await h.WaitForEventAsync("MESSAGE_CREATE");
        Assert.Equal(3, h.Fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("missed", id: "301"), deliver: false));

        h.Fake.SendReconnect();
        await h.WaitForEventAsync("RESUMED");

        var (first, second) = (h.Fake.Connections[0], h.Fake.Connections[1]);
        await h.Fake.WaitUntilAsync(() => first.Ended, "the first connection to end");
        Assert.Equal(4200, first.ClientCloseCode);
        Assert.Equal("/r", second.Path);
        Assert.Equal("v=10&encoding=json", second.Query);
        Assert.Empty(second.ReceivedOp(2));
        var resume = Assert.Single(second.ReceivedOp(6)).D;
        Assert.Equal("test-token", resume.GetProperty("token").GetString());
        Assert.Equal("S1", resume.GetProperty("session_id").GetString());
        Assert.Equal(2, resume.GetProperty("seq").GetInt64());
        Assert.Equal(["READY", "MESSAGE_CREATE", "MESSAGE_CREATE", "RESUMED"], h.Handler.Names);
        Assert.Equal("missed", h.Handler.Events[2].Data.GetProperty("content").GetString());
        Assert.Equal((1, 1), (h.Fake.IdentifyCount, h.Fake.ResumeCount));
        Assert.Equal("S1", h.Client.SessionId);
        Assert.Equal(4, h.Client.LastSequence);
        Assert.Empty(h.Fake.Violations);
    }

    [Fact]
    public async Task RunAsync_AfterResume_DispatchesContinueOnNewConnection()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForEventAsync("READY");
        h.Fake.SendReconnect();
        await h.WaitForEventAsync("RESUMED");

        h.Fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("later"));
        await h.WaitForEventAsync("MESSAGE_CREATE");

        Assert.Equal(3, h.Client.LastSequence);
        Assert.True(h.Client.IsReady);
    }

    // Scenario c.
    [Fact]
    public async Task RunAsync_InvalidSessionNotResumable_WaitsThenIdentifiesOnPrimaryUrl()
    {
        var delays = 0;
        await using var h = await GatewayHarness.StartAsync(configure: o => o with
        {
            ReconnectDelay = () =>
            {
                Interlocked.Increment(ref delays);
                return TimeSpan.FromMilliseconds(50);
            },
        });
        await h.WaitForEventAsync("READY");
        h.Fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage());
        await h.WaitForEventAsync("MESSAGE_CREATE");

        h.Fake.SendInvalidSession(resumable: false);
        await h.WaitForEventAsync("READY", 2);

        Assert.Equal(1, delays);
        var second = h.Fake.Connections[1];
        Assert.Equal("/", second.Path);
        Assert.Single(second.ReceivedOp(2));
        Assert.Empty(second.ReceivedOp(6));
        Assert.Equal("S2", h.Client.SessionId);
        Assert.Equal(1, h.Client.LastSequence);
        Assert.Equal(2, h.Fake.IdentifyCount);
        Assert.Equal(0, h.Fake.ResumeCount);
        Assert.Empty(h.Fake.Violations);
    }

    [Fact]
    public async Task RunAsync_InvalidSessionResumable_ResumesOnResumeUrl()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForEventAsync("READY");

        h.Fake.SendInvalidSession(resumable: true);
        await h.WaitForEventAsync("RESUMED");

        var second = h.Fake.Connections[1];
        Assert.Equal("/r", second.Path);
        Assert.Equal(1, Assert.Single(second.ReceivedOp(6)).D.GetProperty("seq").GetInt64());
        Assert.Equal(1, h.Fake.IdentifyCount);
    }

    // Scenario d, on the real clock: the fake's 300 ms interval.
    [Fact]
    public async Task RunAsync_NoHeartbeatAck_ClosesAndResumes()
    {
        await using var h = await GatewayHarness.StartAsync(new FakeGatewayOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(300) });
        await h.WaitForEventAsync("READY");
        await Eventually.UntilAsync(() => h.Client.HeartbeatAcks >= 1, "a first ACK");

        h.Fake.StopAcking();
        await h.WaitForEventAsync("RESUMED");

        var (zombie, resumed) = (h.Fake.Connections[0], h.Fake.Connections[1]);
        await h.Fake.WaitUntilAsync(() => zombie.Ended, "the zombie connection to end");
        Assert.NotNull(zombie.ClientCloseCode);
        Assert.DoesNotContain(zombie.ClientCloseCode, new int?[] { 1000, 1001 });
        Assert.Equal("/r", resumed.Path);
        Assert.Equal("S1", Assert.Single(resumed.ReceivedOp(6)).D.GetProperty("session_id").GetString());
        Assert.Empty(h.Fake.Violations);
    }

    // Scenario e.
    [Theory]
    [InlineData(4000)]
    [InlineData(4001)]
    [InlineData(4002)]
    [InlineData(4003)]
    [InlineData(4005)]
    [InlineData(4008)]
    public async Task RunAsync_ResumableCloseCode_Resumes(int code)
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForEventAsync("READY");

        h.Fake.Close(code);
        await h.WaitForEventAsync("RESUMED");

        var second = h.Fake.Connections[1];
        Assert.Equal("/r", second.Path);
        Assert.Equal("S1", Assert.Single(second.ReceivedOp(6)).D.GetProperty("session_id").GetString());
        Assert.Equal((1, 1), (h.Fake.IdentifyCount, h.Fake.ResumeCount));
    }

    [Fact]
    public async Task RunAsync_DropWithoutCloseCode_Resumes()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForEventAsync("READY");

        h.Fake.Drop();
        await h.WaitForEventAsync("RESUMED");

        Assert.Equal("/r", h.Fake.Connections[1].Path);
        Assert.Equal(1, h.Fake.IdentifyCount);
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task RunAsync_SessionEndingCloseCode_IdentifiesNewSession(int code)
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForEventAsync("READY");

        h.Fake.Close(code);
        await h.WaitForEventAsync("READY", 2);

        var second = h.Fake.Connections[1];
        Assert.Equal("/", second.Path);
        Assert.Single(second.ReceivedOp(2));
        Assert.Empty(second.ReceivedOp(6));
        Assert.Equal("S2", h.Client.SessionId);
        Assert.Equal((2, 0), (h.Fake.IdentifyCount, h.Fake.ResumeCount));
    }

    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task RunAsync_FatalCloseCode_ThrowsWithCodeAndNeverReconnects(int code)
    {
        var delays = 0;
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { ReconnectDelay = () => TimeSpan.FromMilliseconds(Interlocked.Increment(ref delays)) });
        await h.WaitForEventAsync("READY");

        h.Fake.Close(code);
        var error = Assert.IsType<GatewayFatalException>(await h.RunFailureAsync());

        Assert.Equal(code, error.CloseCode);
        Assert.Contains(code.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.Hint));
        Assert.Single(h.Fake.Connections);
        Assert.Equal(0, delays);
        Assert.Contains(h.Logs.Lines, l => l.StartsWith("Critical:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WrongToken_Fatal4004WithTokenHint()
    {
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { Token = "wrong-token" });

        var error = Assert.IsType<GatewayFatalException>(await h.RunFailureAsync());

        Assert.Equal(4004, error.CloseCode);
        Assert.Contains("token", error.Hint, StringComparison.OrdinalIgnoreCase);
        Assert.Single(h.Fake.Connections);
        Assert.Equal(0, h.Fake.IdentifyCount);
    }

    [Fact]
    public async Task RunAsync_PrivilegedIntentNotEnabled_Fatal4014PointsToDeveloperPortal()
    {
        await using var h = await GatewayHarness.StartAsync(
            new FakeGatewayOptions { PrivilegedIntentsEnabled = false },
            o => o with { Intents = GatewayIntents.ForSupportBot(messageContent: true) });

        var error = Assert.IsType<GatewayFatalException>(await h.RunFailureAsync());

        Assert.Equal(37377, h.Fake.Connections[0].ReceivedOp(2)[0].D.GetProperty("intents").GetInt32());
        Assert.Equal(4014, error.CloseCode);
        Assert.Contains("Developer Portal", error.Message, StringComparison.Ordinal);
        Assert.Contains("MESSAGE_CONTENT", error.Hint, StringComparison.Ordinal);
        Assert.Single(h.Fake.Connections);
    }

    [Fact]
    public async Task RunAsync_IdentifyBudgetZero_StopsWithClearErrorBeforeConnecting()
    {
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { IdentifyBudget = 0 });

        var error = Assert.IsType<GatewayFatalException>(await h.RunFailureAsync());

        Assert.Null(error.CloseCode);
        Assert.Contains("Identify", error.Message, StringComparison.Ordinal);
        Assert.Contains("session_start_limit", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fake.Connections);
    }

    [Fact]
    public async Task RunAsync_IdentifyBudgetSpentWhenSessionIsLost_StopsInsteadOfIdentifying()
    {
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { IdentifyBudget = 1 });
        await h.WaitForEventAsync("READY");
        h.Fake.SendReconnect();
        await h.WaitForEventAsync("RESUMED");

        h.Fake.SendInvalidSession(resumable: false);
        var error = Assert.IsType<GatewayFatalException>(await h.RunFailureAsync());

        Assert.Null(error.CloseCode);
        Assert.Equal(0, h.Client.RemainingIdentifies);
        Assert.Equal(1, h.Fake.IdentifyCount);
        Assert.Equal(2, h.Fake.Connections.Count);
    }

    [Fact]
    public async Task RunAsync_MultiFrameDispatch_ReachesHandlerWhole()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForEventAsync("READY");
        var content = string.Concat(Enumerable.Repeat("0123456789", 20_000));

        h.Fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage(content), frameSize: 1000);
        h.Fake.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("small"), frameSize: 7);
        await h.WaitForEventAsync("MESSAGE_CREATE", 2);

        Assert.Equal(content, h.Handler.Events[1].Data.GetProperty("content").GetString());
        Assert.Equal("small", h.Handler.Events[2].Data.GetProperty("content").GetString());
        Assert.Equal(3, h.Client.LastSequence);
    }

    [Fact]
    public async Task SendAsync_BeforeReady_IsHeldUntilReady()
    {
        await using var h = await GatewayHarness.StartAsync(new FakeGatewayOptions { HoldReady = true }, run: false);
        var presence = new { since = (long?)null, activities = Array.Empty<object>(), status = "online", afk = false };

        var send = h.Client.SendAsync(3, presence);
        h.Start();
        await h.Fake.WaitUntilAsync(() => h.Fake.IdentifyCount == 1, "the Identify");
        var connection = h.Fake.Connections[0];

        // Nothing to wait for here: the send must not happen. A short pause gives a wrong client the chance to send.
        await Task.Delay(100);
        Assert.False(send.IsCompleted);
        Assert.Empty(connection.ReceivedOp(3));
        h.Fake.ReleaseReady();
        await send.WaitAsync(GatewayHarness.Timeout);

        await h.Fake.WaitUntilAsync(() => connection.ReceivedOp(3).Count == 1, "the presence update");
        Assert.Equal([2, 3], connection.Received.Where(p => p.Op != 1).Select(p => p.Op));
        Assert.Equal("online", connection.ReceivedOp(3)[0].D.GetProperty("status").GetString());
        Assert.Empty(h.Fake.Violations);
    }

    [Fact]
    public async Task RunAsync_ResumeUrlUnreachable_ResumesThroughPrimaryUrl()
    {
        var delays = 0;
        await using var h = await GatewayHarness.StartAsync(
            new FakeGatewayOptions { ResumePathAvailable = false },
            o => o with
            {
                ReconnectDelay = () =>
                {
                    Interlocked.Increment(ref delays);
                    return TimeSpan.Zero;
                },
            });
        await h.WaitForEventAsync("READY");

        h.Fake.SendReconnect();
        await h.WaitForEventAsync("RESUMED");

        Assert.Equal(3, h.Fake.RejectedResumeAttempts);
        Assert.Equal(3, delays);
        var second = h.Fake.Connections[1];
        Assert.Equal("/", second.Path);
        Assert.Equal("S1", Assert.Single(second.ReceivedOp(6)).D.GetProperty("session_id").GetString());
        Assert.Equal(1, h.Fake.IdentifyCount);
    }

    [Fact]
    public async Task SendAsync_PayloadOver4096Bytes_ThrowsAndSendsNothing()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForEventAsync("READY");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.SendAsync(3, new { status = new string('x', 5000) }));

        Assert.Contains("4096", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fake.Connections[0].ReceivedOp(3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(11)]
    public async Task SendAsync_OpTheClientManages_Throws(int op)
    {
        await using var h = await GatewayHarness.StartAsync(run: false);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Client.SendAsync(op, null));
    }

    [Fact]
    public async Task SendAsync_AfterRunEnded_Throws()
    {
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { IdentifyBudget = 0 });
        await h.RunFailureAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Client.SendAsync(3, new { status = "online" }));
    }

    [Fact]
    public async Task RunAsync_Cancelled_ClosesWith1000AndThrowsCancelled()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForEventAsync("READY");

        var ended = await h.StopAsync();

        Assert.IsAssignableFrom<OperationCanceledException>(ended);
        var connection = Assert.Single(h.Fake.Connections);
        await h.Fake.WaitUntilAsync(() => connection.Ended, "the connection to end");
        Assert.Equal(1000, connection.ClientCloseCode);
        Assert.False(h.Client.IsReady);
    }

    [Fact]
    public async Task RunAsync_CalledTwice_Throws()
    {
        await using var h = await GatewayHarness.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Client.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_Logs_NeverContainTheToken()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForEventAsync("READY");
        h.Fake.SendReconnect();
        await h.WaitForEventAsync("RESUMED");
        await h.StopAsync();

        Assert.NotEmpty(h.Logs.Lines);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains(h.Fake.Token, StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidShard_Throws()
    {
        var options = new GatewayClientOptions { Token = "t", Intents = 1, GatewayUrl = new Uri("wss://gateway.discord.gg"), Shard = (2, 2) };

        Assert.Throws<ArgumentException>(() => new DiscordGatewayClient(options, new RecordingHandler(), TestClock.Instance, new ListLogger<DiscordGatewayClient>()));
    }

    [Fact]
    public void GatewayClientOptions_ToString_HidesTheToken()
    {
        var options = new GatewayClientOptions { Token = "secret-token", Intents = 4609, GatewayUrl = new Uri("wss://gateway.discord.gg") };

        var text = options.ToString();

        Assert.DoesNotContain("secret-token", text, StringComparison.Ordinal);
        Assert.Contains("4609", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wss://gateway.discord.gg", "wss://gateway.discord.gg/?v=10&encoding=json")]
    [InlineData("wss://gateway-us-east1-b.discord.gg/", "wss://gateway-us-east1-b.discord.gg/?v=10&encoding=json")]
    [InlineData("ws://127.0.0.1:5000/r", "ws://127.0.0.1:5000/r/?v=10&encoding=json")]
    [InlineData("https://gateway.discord.gg/?v=9&encoding=etf", "wss://gateway.discord.gg/?v=10&encoding=json")]
    public void BuildConnectUri_AnyGatewayUrl_AddsV10JsonQuery(string url, string expected)
    {
        Assert.Equal(expected, DiscordGatewayClient.BuildConnectUri(new Uri(url)).ToString());
    }

    [Fact]
    public void GatewayIntents_Values_MatchTheDocs()
    {
        Assert.Equal((1, 512, 4096, 32768), (GatewayIntents.Guilds, GatewayIntents.GuildMessages, GatewayIntents.DirectMessages, GatewayIntents.MessageContent));
        Assert.Equal(4609, GatewayIntents.ForSupportBot(messageContent: false));
        Assert.Equal(37377, GatewayIntents.ForSupportBot(messageContent: true));
    }
}
