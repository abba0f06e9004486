using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;
using SupportBot.Discord.Gateway;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Gateway;

/// <summary>
/// The shards of one or more bot processes against the fake gateway and the fake REST (<c>GET /gateway/bot</c>):
/// readiness, which shards run, the Identify queue shared through one lease store, the day's Identify budget.
/// </summary>
public sealed class DiscordShardsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(TestClock.Epoch);
    private readonly List<ShardProcess> processes = [];
    private FakeDiscordGateway gateway = null!;
    private RestHarness rest = null!;

    public async Task InitializeAsync()
    {
        gateway = await FakeDiscordGateway.StartAsync(new FakeGatewayOptions { TimeProvider = time, HeartbeatInterval = TimeSpan.FromMinutes(10) });
        rest = await RestHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }

        await gateway.DisposeAsync();
        await rest.DisposeAsync();
    }

    [Fact]
    public async Task Health_GatewayReadyThenSessionLost_ReadyOnlyWhileTheSessionIsLive()
    {
        var process = Start(new DiscordOptions { Token = gateway.Token }, reconnectDelay: TimeSpan.FromSeconds(10));
        Assert.False(process.Health.Check().Ready);

        await gateway.WaitUntilAsync(() => gateway.IdentifyCount == 1, "the Identify");
        await Eventually.UntilAsync(() => process.Health.Check().Ready, "ready after READY");
        Assert.Equal("gateway connected (shards 0)", process.Health.Check().Description);

        gateway.SendInvalidSession(resumable: false);
        await Eventually.UntilAsync(() => !process.Health.Check().Ready, "not ready once the session is gone");
        Assert.Contains("reconnecting", process.Health.Check().Description, StringComparison.Ordinal);

        await AdvanceUntilAsync(() => gateway.IdentifyCount == 2, "a new session");
        await Eventually.UntilAsync(() => process.Health.Check().Ready, "ready again after the new READY");
    }

    [Fact]
    public async Task Health_FatalClose_NotReady()
    {
        var process = Start(new DiscordOptions { Token = gateway.Token });
        await gateway.WaitUntilAsync(() => gateway.IdentifyCount == 1, "the Identify");
        await Eventually.UntilAsync(() => process.Health.Check().Ready, "ready");

        gateway.Close(4014, "Disallowed intent(s).");

        await Assert.ThrowsAsync<GatewayFatalException>(() => process.Run.WaitAsync(GatewayHarness.Timeout));
        Assert.False(process.Health.Check().Ready);
        process.Status.Fail("close code 4014");
        Assert.Equal(new ChannelReadiness(false, "stopped: close code 4014"), process.Health.Check());
    }

    [Fact]
    public void Health_HttpInteractionsOnly_ReadyWithoutAGateway()
    {
        var status = new DiscordChannelStatus();
        var health = new DiscordChannelHealth(status);
        Assert.False(health.Check().Ready);

        status.RunHttpOnly();

        Assert.Equal("discord", health.Channel);
        Assert.True(health.Check().Ready);
    }

    [Fact]
    public async Task Shards_TwoOfThree_EachItsOwnConnectionIdentifyingWithShardAndCount()
    {
        rest.Fake.MaxConcurrency = 16;
        var process = Start(new DiscordOptions { Token = gateway.Token, ShardIds = "0, 2", ShardCount = 3 });

        await gateway.WaitUntilAsync(() => gateway.IdentifyCount == 2, "two Identifies");
        await Eventually.UntilAsync(() => process.Health.Check().Ready, "both shards ready");

        Assert.Equal(["[0,3]", "[2,3]"], IdentifiedShards());
        Assert.Equal("gateway connected (shards 0, 2)", process.Health.Check().Description);
        Assert.Equal(2, gateway.Connections.Count);
        Assert.Empty(gateway.Violations);
    }

    [Fact]
    public async Task Shards_OneClosedForGood_TheOthersStopAndTheFatalErrorIsWhatEndsTheRun()
    {
        rest.Fake.MaxConcurrency = 2;
        var process = Start(new DiscordOptions { Token = gateway.Token, ShardIds = "0,1", ShardCount = 2 });
        await gateway.WaitUntilAsync(() => gateway.IdentifyCount == 2, "two Identifies");

        gateway.Close(4014, "Disallowed intent(s).");

        var error = await Assert.ThrowsAsync<GatewayFatalException>(() => process.Run.WaitAsync(GatewayHarness.Timeout));
        Assert.Equal(4014, error.CloseCode);
        await gateway.WaitUntilAsync(() => gateway.Connections.All(c => c.Ended), "both connections closed");
        Assert.Equal(2, gateway.Connections.Count);
    }

    [Fact]
    public async Task Shards_CountZero_RunsEveryShardDiscordRecommends()
    {
        rest.Fake.RecommendedShards = 2;
        rest.Fake.MaxConcurrency = 2;
        Start(new DiscordOptions { Token = gateway.Token, ShardCount = 0 });

        await gateway.WaitUntilAsync(() => gateway.IdentifyCount == 2, "two Identifies");

        Assert.Equal(["[0,2]", "[1,2]"], IdentifiedShards());
    }

    [Fact]
    public async Task Shards_DefaultSettings_OneConnectionWithoutShardInIdentify()
    {
        Start(new DiscordOptions { Token = gateway.Token });

        await gateway.WaitUntilAsync(() => gateway.IdentifyCount == 1, "the Identify");

        var identify = Assert.Single(Assert.Single(gateway.Connections).ReceivedOp(2));
        Assert.False(identify.D.TryGetProperty("shard", out _));
    }

    [Fact]
    public async Task Shards_IdAboveTheRecommendedCount_StopsNamingTheKeys()
    {
        rest.Fake.RecommendedShards = 2;
        var process = Start(new DiscordOptions { Token = gateway.Token, ShardCount = 0, ShardIds = "2" });

        var error = await Assert.ThrowsAsync<GatewayFatalException>(() => process.Run.WaitAsync(GatewayHarness.Timeout));

        Assert.Contains("Discord:ShardIds", error.Message, StringComparison.Ordinal);
        Assert.Contains("Discord:ShardCount is 2", error.Message, StringComparison.Ordinal);
        Assert.Empty(gateway.Connections);
    }

    // Two processes, one store: shards 0 and 1 of 2 share bucket 0 when max_concurrency is 1.
    [Fact]
    public async Task IdentifyQueue_TwoProcessesOneBucket_IdentifiesAtLeastFiveSecondsApart()
    {
        var leases = new InMemoryLeaseStore(time);
        Start(new DiscordOptions { Token = gateway.Token, ShardIds = "0", ShardCount = 2 }, leases);
        Start(new DiscordOptions { Token = gateway.Token, ShardIds = "1", ShardCount = 2 }, leases);

        await gateway.WaitUntilAsync(() => gateway.IdentifyCount == 1, "the first Identify");
        await Task.Delay(300);
        Assert.Equal(1, gateway.IdentifyCount);
        Assert.NotNull(await leases.HolderAsync("discord:identify:0", CancellationToken.None));

        await AdvanceUntilAsync(() => gateway.IdentifyCount == 2, "the second Identify");

        var times = gateway.IdentifyTimes;
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(5), $"Identifies {times[1] - times[0]} apart");
        Assert.Equal(["[0,2]", "[1,2]"], IdentifiedShards());
    }

    [Fact]
    public async Task IdentifyQueue_TwoProcessesTwoBuckets_IdentifyTogether()
    {
        rest.Fake.MaxConcurrency = 2;
        var leases = new InMemoryLeaseStore(time);
        Start(new DiscordOptions { Token = gateway.Token, ShardIds = "0", ShardCount = 2 }, leases);
        Start(new DiscordOptions { Token = gateway.Token, ShardIds = "1", ShardCount = 2 }, leases);

        await gateway.WaitUntilAsync(() => gateway.IdentifyCount == 2, "both Identifies without the clock moving");

        Assert.Equal(gateway.IdentifyTimes[0], gateway.IdentifyTimes[1]);
        Assert.NotNull(await leases.HolderAsync("discord:identify:0", CancellationToken.None));
        Assert.NotNull(await leases.HolderAsync("discord:identify:1", CancellationToken.None));
    }

    [Fact]
    public async Task IdentifyQueue_OneProcessFourShards_OnePerBucketPerWindow()
    {
        rest.Fake.MaxConcurrency = 2;
        Start(new DiscordOptions { Token = gateway.Token, ShardCount = 4 });

        await gateway.WaitUntilAsync(() => gateway.IdentifyCount == 2, "one Identify per bucket");
        await Task.Delay(300);
        Assert.Equal(2, gateway.IdentifyCount);
        await AdvanceUntilAsync(() => gateway.IdentifyCount == 4, "the other two");

        var byBucket = gateway.Connections.Where(c => c.ReceivedOp(2).Count == 1)
            .Select(c => c.ReceivedOp(2)[0])
            .GroupBy(p => p.D.GetProperty("shard")[0].GetInt32() % 2);
        foreach (var bucket in byBucket)
        {
            var times = bucket.Select(p => p.At).Order().ToList();
            Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(5), $"bucket {bucket.Key}: {times[1] - times[0]} apart");
        }
    }

    [Fact]
    public async Task SessionStartLimit_NoneLeftBeforeReset_StopsWithTheResetTimeAndNeverConnects()
    {
        rest.Fake.SessionStartsRemaining = 0;
        rest.Fake.SessionStartsResetAfter = TimeSpan.FromMinutes(30);
        var process = Start(new DiscordOptions { Token = gateway.Token, ShardIds = "0,1", ShardCount = 2 });

        var error = await Assert.ThrowsAsync<GatewayFatalException>(() => process.Run.WaitAsync(GatewayHarness.Timeout));

        Assert.Contains("session_start_limit.remaining is 0", error.Message, StringComparison.Ordinal);
        Assert.Contains((TestClock.Epoch + TimeSpan.FromMinutes(30)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Empty(gateway.Connections);
    }

    [Fact]
    public async Task SessionStartLimit_SharedByTheShards_OneLeftMeansOneIdentify()
    {
        rest.Fake.SessionStartsRemaining = 1;
        rest.Fake.MaxConcurrency = 2;
        var process = Start(new DiscordOptions { Token = gateway.Token, ShardIds = "0,1", ShardCount = 2 });

        var error = await Assert.ThrowsAsync<GatewayFatalException>(() => process.Run.WaitAsync(GatewayHarness.Timeout));

        Assert.Contains("no Identify is left", error.Message, StringComparison.Ordinal);
        Assert.True(gateway.IdentifyCount <= 1);
    }

    [Fact]
    public async Task SessionStartLimit_SpentThenReset_AsksDiscordAgainAndIdentifies()
    {
        rest.Fake.SessionStartsRemaining = 0;
        rest.Fake.SessionStartsResetAfter = TimeSpan.Zero;
        var budget = new SessionStartBudget(new SupportBot.Discord.Rest.SessionStartLimit(1000, 0, TimeSpan.FromSeconds(10), 1), time,
            async ct => (await rest.Rest.GetGatewayBotAsync(ct)).SessionStartLimit);
        Assert.False(await budget.HasRemainingAsync(CancellationToken.None));
        Assert.Empty(rest.Fake.RequestsTo(FakeRoute.GetGatewayBot)); // not asked before the reset

        time.Advance(TimeSpan.FromSeconds(10));
        rest.Fake.SessionStartsRemaining = 5;

        Assert.True(await budget.HasRemainingAsync(CancellationToken.None));
        Assert.Single(rest.Fake.RequestsTo(FakeRoute.GetGatewayBot));
        Assert.True(budget.TryTake());
        Assert.Equal(4, budget.Remaining);
    }

    private List<string> IdentifiedShards() =>
        [.. gateway.Connections.SelectMany(c => c.ReceivedOp(2)).Select(p => p.D.GetProperty("shard").GetRawText().Replace(" ", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>Moves the fake clock a second at a time until <paramref name="condition"/> holds.</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition, string description)
    {
        for (var step = 0; step < 30 && !condition(); step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Record.ExceptionAsync(() => Eventually.UntilAsync(condition, description, TimeSpan.FromMilliseconds(200)));
        }

        Assert.True(condition(), description);
    }

    private ShardProcess Start(DiscordOptions settings, ILeaseStore? leases = null, TimeSpan? reconnectDelay = null)
    {
        settings.GatewayUrl = gateway.Url.ToString();
        var process = new ShardProcess(settings, rest, time, leases, reconnectDelay ?? TimeSpan.Zero);
        processes.Add(process);
        return process;
    }

    /// <summary>One bot process: its shards, status and health.</summary>
    private sealed class ShardProcess : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();

        public ShardProcess(DiscordOptions settings, RestHarness rest, TimeProvider time, ILeaseStore? leases, TimeSpan reconnectDelay)
        {
            Health = new DiscordChannelHealth(Status);
            var shards = new DiscordShards(settings, rest.Rest, Handler, Status, time, NullLoggerFactory.Instance, leases)
            {
                Configure = o => o with { ReconnectDelay = () => reconnectDelay, HeartbeatJitter = () => 0.5 },
            };
            Run = Task.Run(() => shards.RunAsync(stop.Token, stop.Token));
        }

        public DiscordChannelStatus Status { get; } = new();

        public DiscordChannelHealth Health { get; }

        public RecordingHandler Handler { get; } = new();

        public Task Run { get; }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await Record.ExceptionAsync(() => Run.WaitAsync(GatewayHarness.Timeout));
            stop.Dispose();
        }
    }
}
