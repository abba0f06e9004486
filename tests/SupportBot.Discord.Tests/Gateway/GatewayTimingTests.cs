using Microsoft.Extensions.Time.Testing;
using SupportBot.Discord.Gateway;

namespace SupportBot.Discord.Tests.Gateway;

/// <summary>Heartbeat timing, zombie detection and send limits on a fake clock shared by the client and the fake gateway.</summary>
public sealed class GatewayTimingTests
{
    private static readonly object Presence = new { since = (long?)null, activities = Array.Empty<object>(), status = "online", afk = false };

    [Fact]
    public async Task RunAsync_Hello_FirstHeartbeatAfterIntervalTimesJitterThenEveryInterval()
    {
        var time = new FakeTimeProvider();
        await using var h = await GatewayHarness.StartAsync(
            new FakeGatewayOptions { TimeProvider = time, HeartbeatInterval = TimeSpan.FromSeconds(1) },
            o => o with { HeartbeatJitter = () => 0.25 },
            time);
        await h.WaitForEventAsync("READY");
        var connection = h.Fake.Connections[0];

        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.Empty(connection.Heartbeats);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await h.Fake.WaitUntilAsync(() => connection.Heartbeats.Count == 1, "the first heartbeat at 250 ms");
        await Eventually.UntilAsync(() => h.Client.HeartbeatAcks == 1, "its ACK");

        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Single(connection.Heartbeats);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await h.Fake.WaitUntilAsync(() => connection.Heartbeats.Count == 2, "the second heartbeat one interval later");

        Assert.Equal(new ReceivedHeartbeat(1, 1), connection.Heartbeats[1]);
        Assert.Single(h.Fake.Connections);
        Assert.Empty(h.Fake.Violations);
    }

    // Scenario d: no ACK since the last heartbeat when the next is due.
    [Fact]
    public async Task RunAsync_NoHeartbeatAck_ClosesAndResumesWithinTwoIntervals()
    {
        var time = new FakeTimeProvider();
        var interval = TimeSpan.FromSeconds(1);
        await using var h = await GatewayHarness.StartAsync(
            new FakeGatewayOptions { TimeProvider = time, HeartbeatInterval = interval },
            o => o with { HeartbeatJitter = () => 0.5 },
            time);
        await h.WaitForEventAsync("READY");
        var zombie = h.Fake.Connections[0];
        time.Advance(interval / 2);
        await Eventually.UntilAsync(() => h.Client.HeartbeatAcks == 1, "the first ACK");

        h.Fake.StopAcking();
        time.Advance(interval);
        await h.Fake.WaitUntilAsync(() => zombie.Heartbeats.Count == 2, "the unanswered heartbeat");
        Assert.Single(h.Fake.Connections);
        time.Advance(interval);
        await h.WaitForEventAsync("RESUMED");

        Assert.Equal(4200, zombie.ClientCloseCode);
        var resumed = h.Fake.Connections[1];
        Assert.Equal("/r", resumed.Path);
        Assert.Equal(1, Assert.Single(resumed.ReceivedOp(6)).D.GetProperty("seq").GetInt64());
        Assert.Empty(h.Fake.Violations);
    }

    // Scenario f.
    [Fact]
    public async Task SendAsync_Burst200_AtMost120Per60sReachTheServerAndHeartbeatsStillGo()
    {
        var time = new FakeTimeProvider();
        await using var h = await GatewayHarness.StartAsync(
            new FakeGatewayOptions { TimeProvider = time, HeartbeatInterval = TimeSpan.FromMinutes(10) },
            o => o with { HeartbeatJitter = () => 0.9 },
            time);
        await h.WaitForEventAsync("READY");
        var connection = h.Fake.Connections[0];

        var burst = Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await h.Client.SendAsync(3, Presence);
            }
        });
        await h.Fake.WaitUntilAsync(() => connection.ReceivedOp(3).Count >= 100, "the first part of the burst");
        Assert.False(burst.IsCompleted);

        // The limit holds back ordinary sends, but a heartbeat still has room.
        h.Fake.SendHeartbeatRequest();
        await h.Fake.WaitUntilAsync(() => connection.Heartbeats.Count == 1, "a heartbeat while the limit is reached");
        Assert.True(connection.ReceivedOp(3).Count < 120);

        for (var step = 0; step < 5 && !burst.IsCompleted; step++)
        {
            var before = connection.ReceivedOp(3).Count;
            time.Advance(TimeSpan.FromSeconds(62));
            await Record.ExceptionAsync(() => Eventually.UntilAsync(() => burst.IsCompleted || connection.ReceivedOp(3).Count > before, "more sends", TimeSpan.FromSeconds(1)));
        }

        await burst.WaitAsync(GatewayHarness.Timeout);
        await h.Fake.WaitUntilAsync(() => connection.ReceivedOp(3).Count == 200, "all 200 sends");
        Assert.InRange(connection.MaxReceivedInWindow(TimeSpan.FromSeconds(60)), 100, 120);
        Assert.Null(connection.ServerCloseCode);
        Assert.Single(h.Fake.Connections);
        Assert.Empty(h.Fake.Violations);
    }

    [Fact]
    public async Task RunAsync_MaxConcurrencyOne_SpacesIdentifiesByTheWindow()
    {
        var time = new FakeTimeProvider();
        await using var h = await GatewayHarness.StartAsync(
            new FakeGatewayOptions { TimeProvider = time, HeartbeatInterval = TimeSpan.FromMinutes(10) },
            o => o with { IdentifyWindow = TimeSpan.FromSeconds(5), MaxConcurrency = 1 },
            time);
        await h.WaitForEventAsync("READY");

        h.Fake.SendInvalidSession(resumable: false);
        for (var step = 0; step < 10 && h.Fake.IdentifyCount < 2; step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Record.ExceptionAsync(() => h.Fake.WaitUntilAsync(() => h.Fake.IdentifyCount == 2, "the second Identify", TimeSpan.FromMilliseconds(300)));
        }

        await h.WaitForEventAsync("READY", 2);
        var times = h.Fake.IdentifyTimes;
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(5), $"Identifies {times[1] - times[0]} apart");
    }

    [Fact]
    public async Task RunAsync_NoHello_ReconnectsAfterHandshakeTimeout()
    {
        var time = new FakeTimeProvider();
        var delays = 0;
        await using var h = await GatewayHarness.StartAsync(
            new FakeGatewayOptions { TimeProvider = time, SendHello = false },
            o => o with
            {
                HandshakeTimeout = TimeSpan.FromSeconds(10),
                ReconnectDelay = () =>
                {
                    Interlocked.Increment(ref delays);
                    return TimeSpan.Zero;
                },
            },
            time);
        await h.Fake.WaitUntilAsync(() => h.Fake.Connections.Count == 1, "the first connection");

        for (var step = 0; step < 5 && h.Fake.Connections.Count < 2; step++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Record.ExceptionAsync(() => h.Fake.WaitUntilAsync(() => h.Fake.Connections.Count == 2, "a second connection", TimeSpan.FromMilliseconds(300)));
        }

        Assert.Equal(2, h.Fake.Connections.Count);
        Assert.True(delays >= 1);
        Assert.Empty(h.Fake.Connections[0].Received);
    }

    [Fact]
    public async Task SendLimiter_OrdinarySendsFull_PriorityUsesReserveThenAllWaitForTheWindow()
    {
        var time = new FakeTimeProvider();
        var limiter = new GatewaySendLimiter(10, TimeSpan.FromSeconds(60), reserved: 2, time);
        for (var i = 0; i < 8; i++)
        {
            Assert.True(limiter.AcquireAsync(priority: false, CancellationToken.None).IsCompletedSuccessfully);
        }

        var ordinary = limiter.AcquireAsync(priority: false, CancellationToken.None).AsTask();
        Assert.True(limiter.AcquireAsync(priority: true, CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(limiter.AcquireAsync(priority: true, CancellationToken.None).IsCompletedSuccessfully);
        var priority = limiter.AcquireAsync(priority: true, CancellationToken.None).AsTask();
        Assert.False(ordinary.IsCompleted);
        Assert.False(priority.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(ordinary.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(ordinary, priority).WaitAsync(GatewayHarness.Timeout);
    }

    [Theory]
    [InlineData(41_250, 3)]
    [InlineData(300, 10)]
    [InlineData(120_000, 2)]
    public void HeartbeatReserveFor_Interval_KeepsRoomForAWindowOfHeartbeats(int intervalMs, int expected)
    {
        Assert.Equal(expected, GatewaySendLimiter.HeartbeatReserveFor(TimeSpan.FromMilliseconds(intervalMs), GatewaySendLimiter.DiscordWindow));
    }
}
