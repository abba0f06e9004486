using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Gateway;

/// <summary>
/// Shards claimed through leases when several bot processes share one store and none is told its shards: a fair
/// split, a dead process's shards taken over once their leases expire (still through the Identify queue), at once after
/// a graceful stop, and a process that cannot renew closing its shard. Each "process" is a <see cref="DiscordShards"/>
/// with its own view of one shared store, against the fake gateway and REST; the clock is a test clock moved a second
/// at a time, each process finishing its due claim round before it moves on.
/// </summary>
public sealed class ShardClaimTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(TestClock.Epoch);
    private readonly InMemoryLeaseStore store;
    private readonly List<ClaimProcess> processes = [];
    private FakeDiscordGateway gateway = null!;
    private RestHarness rest = null!;

    public ShardClaimTests() => store = new InMemoryLeaseStore(time);

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
    public async Task TwoProcesses_FourShards_EachShardRunOnceTwoByEach()
    {
        rest.Fake.MaxConcurrency = 4;
        var a = Start("bot-a");
        var b = Start("bot-b");

        await RoundsDoneAsync();
        Assert.Equal(0, gateway.IdentifyCount); // the first round only makes each process seen
        Assert.False(a.Health.Check().Ready);

        await AdvanceUntilAsync(() => gateway.IdentifyCount == 4 && a.Health.Check().Ready && b.Health.Check().Ready, "four shards ready");

        Assert.Equal(["[0,4]", "[1,4]", "[2,4]", "[3,4]"], IdentifiedShards());
        Assert.Equal(2, a.ShardIds.Count);
        Assert.Equal(2, b.ShardIds.Count);
        Assert.Empty(a.ShardIds.Intersect(b.ShardIds));
        foreach (var process in new[] { a, b })
        {
            foreach (var shardId in process.ShardIds)
            {
                Assert.Equal(process.Name, await store.HolderAsync(ShardClaims.ShardLease(shardId), CancellationToken.None));
            }
        }

        Assert.Empty(gateway.Violations);
    }

    [Fact]
    public async Task ProcessDies_TheOtherTakesItsShardsOnceTheLeasesExpire_ThroughTheIdentifyQueue()
    {
        rest.Fake.MaxConcurrency = 1; // one bucket: one Identify per 5 s across both processes
        var a = Start("bot-a");
        var b = Start("bot-b");
        await AdvanceUntilAsync(() => gateway.IdentifyCount == 4, "four shards identified");
        var orphaned = b.ShardIds;
        Assert.Equal(2, orphaned.Count);

        await b.KillAsync();
        var died = time.GetUtcNow();
        Assert.Equal("bot-b", await store.HolderAsync(ShardClaims.ShardLease(orphaned[0]), CancellationToken.None));

        await AdvanceUntilAsync(() => gateway.IdentifyCount == 6, "the two orphaned shards identified again");

        var takeover = gateway.Connections.Skip(4).SelectMany(c => c.ReceivedOp(2)).OrderBy(p => p.At).ToList();
        Assert.Equal(orphaned, takeover.Select(p => p.D.GetProperty("shard")[0].GetInt32()).Order());
        Assert.True(takeover[0].At - died >= ShardClaims.Duration - ShardClaims.RenewEvery, $"taken over {takeover[0].At - died} after the death, before its lease ran out");
        Assert.True(takeover[1].At - takeover[0].At >= TimeSpan.FromSeconds(5), $"takeover Identifies {takeover[1].At - takeover[0].At} apart");
        await AdvanceUntilAsync(() => a.Health.Check().Ready, "the survivor ready");
        Assert.Equal([0, 1, 2, 3], a.ShardIds);
        Assert.Equal("gateway connected (shards 0, 1, 2, 3)", a.Health.Check().Description);
        Assert.Empty(gateway.Violations);
    }

    [Fact]
    public async Task GracefulStop_ReleasesTheLeases_TheOtherTakesTheShardsAtItsNextRound()
    {
        rest.Fake.MaxConcurrency = 4;
        var a = Start("bot-a");
        var b = Start("bot-b");
        await AdvanceUntilAsync(() => gateway.IdentifyCount == 4, "four shards identified");
        await AdvanceAsync(TimeSpan.FromSeconds(10)); // the buckets' Identify slots of the start are free again
        var handedOver = b.ShardIds;
        var bConnections = gateway.Connections.Where(c => !c.Ended).ToList();

        await b.StopAsync();
        var stopped = time.GetUtcNow();

        Assert.All(bConnections.Where(c => c.Ended), c => Assert.Equal(1000, c.ClientCloseCode));
        Assert.Equal(2, bConnections.Count(c => c.Ended));
        foreach (var shardId in handedOver)
        {
            Assert.Null(await store.HolderAsync(ShardClaims.ShardLease(shardId), CancellationToken.None));
        }

        await AdvanceUntilAsync(() => gateway.IdentifyCount == 6, "the handed-over shards identified");

        Assert.True(gateway.IdentifyTimes[5] - stopped <= ShardClaims.RenewEvery, $"taken over {gateway.IdentifyTimes[5] - stopped} after the stop");
        Assert.Equal([0, 1, 2, 3], a.ShardIds);
    }

    [Fact]
    public async Task CutOffFromTheStore_ClosesItsShardsBeforeTheLeasesExpire_ThenTheOtherTakesThem()
    {
        rest.Fake.MaxConcurrency = 4;
        var a = Start("bot-a");
        var b = Start("bot-b");
        await AdvanceUntilAsync(() => gateway.IdentifyCount == 4, "four shards identified");
        var cutOffShards = a.ShardIds;
        var aConnections = gateway.Connections.Where(c => c.ReceivedOp(2).Any(p => cutOffShards.Contains(p.D.GetProperty("shard")[0].GetInt32()))).ToList();

        a.Leases.CutOff = true;
        await AdvanceUntilAsync(() => aConnections.All(c => c.Ended), "the cut-off process's connections closed");

        Assert.All(aConnections, c => Assert.Equal(1000, c.ClientCloseCode));
        Assert.Equal(4, gateway.IdentifyCount); // closed while its leases still ran: nobody else has the shards yet
        foreach (var shardId in cutOffShards)
        {
            Assert.Equal("bot-a", await store.HolderAsync(ShardClaims.ShardLease(shardId), CancellationToken.None));
        }

        await AdvanceUntilAsync(() => gateway.IdentifyCount == 6, "the other process identifying them");

        Assert.Equal([0, 1, 2, 3], b.ShardIds);
        Assert.Equal(4, gateway.Connections.Count(c => !c.Ended)); // never two connections for one shard
        Assert.Equal(new ChannelReadiness(true, "standby: other instances run every shard; this one takes over a shard within 15 s of its instance stopping"), a.Health.Check());
    }

    [Fact]
    public async Task RenewalTooLate_AnotherHoldsTheLease_ThatShardCloses()
    {
        rest.Fake.MaxConcurrency = 4;
        var a = Start("bot-a");
        await AdvanceUntilAsync(() => gateway.IdentifyCount == 4, "a lone process running every shard");
        Assert.Equal([0, 1, 2, 3], a.ShardIds);

        // The process stalls (its store calls hang) past the lease; meanwhile another process takes shard 1.
        a.Leases.Pause();
        await AdvanceAsync(ShardClaims.Duration + TimeSpan.FromSeconds(1));
        Assert.True(await store.TryAcquireAsync(ShardClaims.ShardLease(1), "bot-other", ShardClaims.Duration, CancellationToken.None));
        a.Leases.Resume();
        await RoundsDoneAsync();

        var shard1 = Assert.Single(gateway.Connections, c => c.ReceivedOp(2).Any(p => p.D.GetProperty("shard")[0].GetInt32() == 1));
        await gateway.WaitUntilAsync(() => shard1.Ended, "shard 1 closed");
        Assert.Equal(1000, shard1.ClientCloseCode);
        Assert.Equal([0, 2, 3], a.ShardIds);
        Assert.Equal(3, gateway.Connections.Count(c => !c.Ended));
    }

    [Fact]
    public async Task ProcessJoinsLater_TheFirstGivesUpItsSurplusWith1000_TheNewcomerRunsIt()
    {
        rest.Fake.MaxConcurrency = 4;
        var a = Start("bot-a");
        await AdvanceUntilAsync(() => gateway.IdentifyCount == 4, "a lone process running every shard");
        await AdvanceAsync(TimeSpan.FromSeconds(10)); // the buckets' Identify slots of the start are free again

        var b = Start("bot-b");
        await AdvanceUntilAsync(() => gateway.IdentifyCount == 6 && b.Health.Check().Ready, "the newcomer running its share");

        Assert.Equal([0, 1], a.ShardIds);
        Assert.Equal([2, 3], b.ShardIds);
        var handedOver = gateway.Connections.Take(4).Where(c => c.Ended).ToList();
        Assert.Equal(2, handedOver.Count);
        Assert.All(handedOver, c => Assert.Equal(1000, c.ClientCloseCode));
        Assert.Equal(4, gateway.Connections.Count(c => !c.Ended));
        Assert.Empty(gateway.Violations);
    }

    [Fact]
    public async Task OneShardTwoProcesses_TheOneWithoutAShardIsReadyOnStandby()
    {
        var a = Start("bot-a", shardCount: 1);
        await AdvanceUntilAsync(() => gateway.IdentifyCount == 1 && a.Health.Check().Ready, "the first process's shard ready");
        var b = Start("bot-b", shardCount: 1);
        await AdvanceAsync(ShardClaims.RenewEvery); // its first round, then a round that claims

        Assert.Equal([0], a.ShardIds);
        Assert.Empty(b.ShardIds);
        Assert.Equal(new ChannelReadiness(true, "standby: other instances run every shard; this one takes over a shard within 15 s of its instance stopping"), b.Health.Check());
        var identify = Assert.Single(gateway.Connections[0].ReceivedOp(2));
        Assert.False(identify.D.TryGetProperty("shard", out _));
    }

    [Fact]
    public async Task ExplicitShardIds_NoLeaseTaken()
    {
        rest.Fake.MaxConcurrency = 4;
        var a = Start("bot-a", shardIds: "0,1");

        await gateway.WaitUntilAsync(() => gateway.IdentifyCount == 2, "the two named shards");

        Assert.Equal(["[0,4]", "[1,4]"], IdentifiedShards());
        for (var id = 0; id < 4; id++)
        {
            Assert.Null(await store.HolderAsync(ShardClaims.ShardLease(id), CancellationToken.None));
            Assert.Null(await store.HolderAsync(ShardClaims.InstanceLease(id), CancellationToken.None));
        }

        Assert.Equal(DateTimeOffset.MinValue, a.Shards.NextClaimRound); // no claim round ran
    }

    [Fact]
    public async Task SingleInstanceOnAnInMemoryStore_EveryShardAtOnceWithoutLeases()
    {
        rest.Fake.MaxConcurrency = 4;
        var status = new DiscordChannelStatus();
        var shards = new DiscordShards(Settings(null, 4), rest.Rest, new RecordingHandler(), status, time, NullLoggerFactory.Instance, store)
        {
            Configure = o => o with { ReconnectDelay = () => TimeSpan.Zero, HeartbeatJitter = () => 0.5 },
        };
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => shards.RunAsync(stop.Token, stop.Token));

        await gateway.WaitUntilAsync(() => gateway.IdentifyCount == 4, "every shard without the clock moving");

        Assert.Equal(["[0,4]", "[1,4]", "[2,4]", "[3,4]"], IdentifiedShards());
        Assert.Null(await store.HolderAsync(ShardClaims.ShardLease(0), CancellationToken.None));
        await stop.CancelAsync();
        await Record.ExceptionAsync(() => run.WaitAsync(GatewayHarness.Timeout));
    }

    private List<string> IdentifiedShards() =>
        [.. gateway.Connections.SelectMany(c => c.ReceivedOp(2)).Select(p => p.D.GetProperty("shard").GetRawText().Replace(" ", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private DiscordOptions Settings(string? shardIds, int shardCount) =>
        new() { Token = gateway.Token, GatewayUrl = gateway.Url.ToString(), ShardCount = shardCount, ShardIds = shardIds };

    private ClaimProcess Start(string name, int shardCount = 4, string? shardIds = null)
    {
        var process = new ClaimProcess(name, Settings(shardIds, shardCount), rest, time, store);
        processes.Add(process);
        return process;
    }

    /// <summary>Waits until every live process has done the claim round due now (none is mid-round).</summary>
    private async Task RoundsDoneAsync()
    {
        foreach (var process in processes)
        {
            await Eventually.UntilAsync(() => !process.Claiming || process.Shards.NextClaimRound > time.GetUtcNow(), $"{process.Name}'s claim round");
        }
    }

    /// <summary>Moves the clock a second at a time, each process doing its due round before the next second.</summary>
    private async Task AdvanceAsync(TimeSpan span)
    {
        await RoundsDoneAsync(); // a process just started does its first round at the time it started
        for (var moved = TimeSpan.Zero; moved < span; moved += TimeSpan.FromSeconds(1))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await RoundsDoneAsync();
        }
    }

    private async Task AdvanceUntilAsync(Func<bool> condition, string description)
    {
        for (var step = 0; step < 60 && !condition(); step++)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(1));
            await Record.ExceptionAsync(() => Eventually.UntilAsync(condition, description, TimeSpan.FromMilliseconds(200)));
        }

        Assert.True(condition(), description);
    }

    /// <summary>One bot process: its shards over its own connection to the shared store.</summary>
    private sealed class ClaimProcess : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly bool claims;

        public ClaimProcess(string name, DiscordOptions settings, RestHarness rest, TimeProvider time, ILeaseStore store)
        {
            Name = name;
            Leases = new ProcessLeases(store);
            Health = new DiscordChannelHealth(Status);
            Shards = new DiscordShards(settings, rest.Rest, new RecordingHandler(), Status, time, NullLoggerFactory.Instance, Leases)
            {
                Holder = name,
                Configure = o => o with { ReconnectDelay = () => TimeSpan.Zero, HeartbeatJitter = () => 0.5 },
            };
            claims = settings.ShardIds is null;
            Run = Task.Run(() => Shards.RunAsync(stop.Token, stop.Token));
        }

        public string Name { get; }

        public ProcessLeases Leases { get; }

        public DiscordChannelStatus Status { get; } = new();

        public DiscordChannelHealth Health { get; }

        public DiscordShards Shards { get; }

        public Task Run { get; }

        /// <summary>Claims shards and runs rounds now: not stopped, not stalled.</summary>
        public bool Claiming => claims && !Run.IsCompleted && !Leases.Paused;

        public IReadOnlyList<int> ShardIds => [.. Status.Shards.Select(s => s.ShardId)];

        /// <summary>Graceful stop: the connections close, then the leases are released.</summary>
        public async Task StopAsync()
        {
            await stop.CancelAsync();
            await Record.ExceptionAsync(() => Run.WaitAsync(GatewayHarness.Timeout));
        }

        /// <summary>Dies: nothing reaches the store any more, so its leases stay until they expire.</summary>
        public async Task KillAsync()
        {
            Leases.CutOff = true;
            await StopAsync();
        }

        public async ValueTask DisposeAsync()
        {
            Leases.Resume();
            await StopAsync();
            stop.Dispose();
        }
    }

    /// <summary>One process's connection to the shared store, which the test can cut or stall.</summary>
    private sealed class ProcessLeases(ILeaseStore shared) : ILeaseStore
    {
        private volatile TaskCompletionSource? stall;

        /// <summary>Every call fails, as when the store cannot be reached.</summary>
        public volatile bool CutOff;

        public bool Paused => stall is not null;

        /// <summary>Calls hang until <see cref="Resume"/>, as in a long pause of the process.</summary>
        public void Pause() => stall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Resume() => Interlocked.Exchange(ref stall, null)?.TrySetResult();

        public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
        {
            await EnterAsync();
            return await shared.TryAcquireAsync(name, holder, duration, cancellationToken);
        }

        public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
        {
            await EnterAsync();
            await shared.ReleaseAsync(name, holder, cancellationToken);
        }

        public async Task<string?> HolderAsync(string name, CancellationToken cancellationToken)
        {
            await EnterAsync();
            return await shared.HolderAsync(name, cancellationToken);
        }

        private async Task EnterAsync()
        {
            if (stall is { } paused)
            {
                await paused.Task;
            }

            if (CutOff)
            {
                throw new IOException("The shared store cannot be reached.");
            }
        }
    }
}
