using System.Globalization;
using StackExchange.Redis;
using SupportBot.Discord;
using SupportBot.Discord.Tests.Gateway;
using SupportBot.Discord.Tests.Rest;
using SupportBot.Instances.Tests.Support;
using SupportBot.Storage.Tests.Redis;
using Xunit.Abstractions;

namespace SupportBot.Instances.Tests;

/// <summary>
/// Two bot processes on one real Redis, none told its Discord shards: they split the four shards two by two through
/// the shard leases; when one is SIGKILLed the other takes its shards over once their leases expire, still one
/// Identify per 5 s across both, and answers a DM on the taken-over shard 0. Each process reaches its own fake gateway
/// (Discord's gateway is many hosts behind one name), so which gateway a connection is on says which process runs it.
/// </summary>
[Collection(BotProcessesCollection.Name)]
public sealed class DiscordShardProcessesTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const int ShardCount = 4;
    private const string Connected = "gateway connected (shards ";

    [Fact]
    public async Task TwoProcessesSplitFourShards_OneKilled_TheOtherTakesItsShardsOverAndAnswersOnShardZero()
    {
        var prefix = $"shards:{Guid.NewGuid():N}:";
        await using var rest = await FakeDiscordRest.StartAsync();
        rest.RecommendedShards = ShardCount;
        rest.MaxConcurrency = 1; // one Identify bucket: one Identify per 5 s, whichever process sends it
        var gatewayOptions = new FakeGatewayOptions { Token = rest.Token, HeartbeatInterval = TimeSpan.FromSeconds(2) };
        await using var gateway1 = await FakeDiscordGateway.StartAsync(gatewayOptions);
        await using var gateway2 = await FakeDiscordGateway.StartAsync(gatewayOptions);
        FakeDiscordGateway[] gateways = [gateway1, gateway2];
        var instances = BotInstance.FreePorts(2).Select((port, i) => BotInstance.Start($"instance {i + 1}", port,
        [
            .. InstanceSettings.OnRedis(redis, prefix),
            new("Discord:Token", rest.Token),
            new("Discord:ApiBaseUrl", rest.ApiBaseUrl),
            new("Discord:GatewayUrl", gateways[i].Url.ToString()),
            new("Discord:ShardCount", "0"), // Discord's recommendation: 4
            new("Web:Enabled", "true"), // for /readyz: which shards each runs
        ])).ToList();
        try
        {
            // Two by two: each shard on one open connection, each process running the shards on its gateway and ready.
            await EventuallyAsync(async () => gateways.All(g => OpenShards(g).Count == 2) && await AllShardsOnceAsync(instances, gateways),
                TimeSpan.FromSeconds(90), "the four shards split two by two", () => DescribeAsync(instances, gateways));
            output.WriteLine("split:\n" + await DescribeAsync(instances, gateways));
            await using var store = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            var holders = await ShardHoldersAsync(store, prefix);
            Assert.Equal(2, holders.Distinct().Count());
            Assert.All(holders.GroupBy(h => h), g => Assert.Equal(2, g.Count()));

            // The process running shard 0 dies: its leases stay until they expire.
            var victim = OpenShards(gateway1).Contains(0) ? 0 : 1;
            var survivor = 1 - victim;
            var orphaned = OpenShards(gateways[victim]);
            var kept = gateways[survivor].Connections.Where(IsOpen).ToList();
            var connectionsBefore = gateways[survivor].Connections.Count;
            await instances[victim].KillAsync();

            await EventuallyAsync(async () => OpenShards(gateways[victim]).Count == 0 && OpenShards(gateways[survivor]).Count == ShardCount
                    && await AllShardsOnceAsync([instances[survivor]], [gateways[survivor]]),
                ShardClaims.Duration + ShardClaims.RenewEvery + TimeSpan.FromSeconds(40), "the survivor running every shard",
                () => DescribeAsync(instances, gateways));

            output.WriteLine("taken over:\n" + await DescribeAsync(instances, gateways));
            Assert.Equal($"{Connected}0, 1, 2, 3)", await instances[survivor].DiscordStateAsync());
            Assert.All(kept, c => Assert.True(IsOpen(c), $"the survivor's shard {c.ShardId} was closed during the takeover"));
            var takenOver = gateways[survivor].Connections.Skip(connectionsBefore).Where(c => c.ReceivedOp(2).Count > 0).Select(c => c.ShardId!.Value).Order();
            Assert.Equal(orphaned, takenOver); // each orphaned shard identified once more, nothing else
            Assert.Single((await ShardHoldersAsync(store, prefix)).Distinct());

            // One bucket: no two Identifies within 5 s, across both processes.
            var identifies = gateways.SelectMany(g => g.IdentifyTimes).Order().ToList();
            for (var i = 1; i < identifies.Count; i++)
            {
                Assert.True(identifies[i] - identifies[i - 1] >= TimeSpan.FromSeconds(5), $"Identifies {i} and {i + 1} only {identifies[i] - identifies[i - 1]} apart");
            }

            // DMs come on shard 0 only: the survivor now serves it, and answers through REST.
            Assert.Empty(rest.RequestsTo(FakeRoute.CreateMessage));
            gateways[survivor].SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("I sent tokens but don't see them", "301"), shard: 0);
            await rest.WaitForAsync(r => r.Any(x => x.Route == FakeRoute.CreateMessage && x.Status == 200), TimeSpan.FromSeconds(30));
            Assert.Contains(rest.MessagesIn(400), m => !string.IsNullOrWhiteSpace(m["content"]?.GetValue<string>()));

            Assert.All(gateways, g => Assert.Empty(g.Violations));
            Assert.Empty(rest.SchemaViolations);
        }
        finally
        {
            await BotInstance.StopAllAsync(instances, output);
        }
    }

    private static bool IsOpen(FakeGatewayConnection connection) =>
        !connection.Ended && connection.ClientCloseCode is null && connection.ServerCloseCode is null;

    /// <summary>The shards identified on the gateway's open connections, in order (a shard twice shows twice).</summary>
    private static List<int> OpenShards(FakeDiscordGateway gateway) =>
        [.. gateway.Connections.Where(c => IsOpen(c) && c.ShardId is not null).Select(c => c.ShardId!.Value).Order()];

    /// <summary>
    /// Shards 0..3 each on one open connection over <paramref name="gateways"/>, and each running instance's
    /// <c>/readyz</c> saying it is connected with exactly the shards on its own gateway.
    /// </summary>
    private static async Task<bool> AllShardsOnceAsync(IReadOnlyList<BotInstance> instances, IReadOnlyList<FakeDiscordGateway> gateways)
    {
        if (!gateways.SelectMany(OpenShards).Order().SequenceEqual(Enumerable.Range(0, ShardCount)))
        {
            return false;
        }

        for (var i = 0; i < instances.Count; i++)
        {
            if (await instances[i].DiscordStateAsync() != $"{Connected}{string.Join(", ", OpenShards(gateways[i]))})")
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<List<string>> ShardHoldersAsync(ConnectionMultiplexer store, string prefix)
    {
        var holders = new List<string>();
        for (var shardId = 0; shardId < ShardCount; shardId++)
        {
            holders.Add((string?)await store.GetDatabase().HashGetAsync($"{prefix}lease:{ShardClaims.ShardLease(shardId)}", "holder") ?? "(none)");
        }

        return holders;
    }

    private static async Task<string> DescribeAsync(IReadOnlyList<BotInstance> instances, IReadOnlyList<FakeDiscordGateway> gateways)
    {
        var lines = new List<string>();
        for (var i = 0; i < instances.Count; i++)
        {
            var connections = gateways[i].Connections.Select(c => $"#{c.Index} shard {c.ShardId?.ToString(CultureInfo.InvariantCulture) ?? "-"}"
                + (IsOpen(c) ? "" : $" closed ({c.ClientCloseCode}/{c.ServerCloseCode})"));
            lines.Add($"{instances[i].Name}{(instances[i].Killed ? " (killed)" : "")}: /readyz \"{(instances[i].Killed ? "" : await instances[i].DiscordStateAsync())}\"; "
                + $"connections [{string.Join(", ", connections)}]; violations [{string.Join("; ", gateways[i].Violations)}]");
        }

        return string.Join("\n", lines);
    }

    /// <summary>Checks <paramref name="condition"/> every 200 ms until it holds, for <paramref name="limit"/> at most.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit, string description, Func<Task<string>> describe)
    {
        var step = TimeSpan.FromMilliseconds(200);
        for (var waited = TimeSpan.Zero; waited < limit; waited += step)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(step);
        }

        if (!await condition())
        {
            throw new TimeoutException($"not {description} after {limit.TotalSeconds:0} s:\n{await describe()}");
        }
    }
}
