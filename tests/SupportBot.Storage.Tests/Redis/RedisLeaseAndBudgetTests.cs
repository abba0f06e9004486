using SupportBot.Core.Channels;
using SupportBot.Storage.Redis;

namespace SupportBot.Storage.Tests.Redis;

[Collection(RedisCollection.Name)]
public sealed class RedisLeaseStoreTests(RedisServer server) : LeaseStoreContract, IDisposable
{
    private readonly RedisTestData _data = new(server);

    protected override ILeaseStore CreateStore() => new RedisLeaseStore(_data.Connect(), Clock);

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Acquire_ConcurrentlyFromEightInstances_ExactlyOneHolds()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => CreateStore()).ToArray();

        var results = await Task.WhenAll(stores.Select((store, i) =>
            Task.Run(() => store.TryAcquireAsync("telegram:polling", $"bot-{i}", TimeSpan.FromSeconds(10), CancellationToken.None))));

        var winner = Assert.Single(Enumerable.Range(0, 8), i => results[i]);
        Assert.Equal($"bot-{winner}", await stores[0].HolderAsync("telegram:polling", CancellationToken.None));
    }
}

[Collection(RedisCollection.Name)]
public sealed class RedisSendBudgetTests(RedisServer server) : SendBudgetContract, IDisposable
{
    private readonly RedisTestData _data = new(server);

    protected override ISendBudget CreateBudget() => new RedisSendBudget(_data.Connect(), Clock);

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Take_FromFourInstancesAtOnce_NeverMoreThanTheLimit()
    {
        var budgets = Enumerable.Range(0, 4).Select(_ => CreateBudget()).ToArray();

        var waits = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => budgets[i % 4].TryTakeAsync("telegram:global", 30, TimeSpan.FromSeconds(1), CancellationToken.None))));

        Assert.Equal(30, waits.Count(w => w == TimeSpan.Zero));
        Assert.All(waits.Where(w => w != TimeSpan.Zero), w => Assert.Equal(TimeSpan.FromSeconds(1), w));
    }
}
