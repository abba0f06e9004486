using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;

namespace SupportBot.Storage.Tests;

/// <summary>What every <see cref="ILeaseStore"/> keeps; the Redis store runs the same rules.</summary>
public abstract class LeaseStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected FakeTimeProvider Clock { get; } = new(TestClock.Epoch);

    protected abstract ILeaseStore CreateStore();

    [Fact]
    public async Task Acquire_OneHolderAtATime_RenewedByItsHolder()
    {
        var leases = CreateStore();

        Assert.True(await leases.TryAcquireAsync("telegram:polling", "bot-a", TimeSpan.FromSeconds(10), None));
        Assert.False(await leases.TryAcquireAsync("telegram:polling", "bot-b", TimeSpan.FromSeconds(10), None));
        Clock.Advance(TimeSpan.FromSeconds(8));
        Assert.True(await leases.TryAcquireAsync("telegram:polling", "bot-a", TimeSpan.FromSeconds(10), None)); // renewed
        Clock.Advance(TimeSpan.FromSeconds(8));
        Assert.False(await leases.TryAcquireAsync("telegram:polling", "bot-b", TimeSpan.FromSeconds(10), None));
        Assert.Equal("bot-a", await leases.HolderAsync("telegram:polling", None));
        Assert.True(await leases.TryAcquireAsync("discord:shard:0", "bot-b", TimeSpan.FromSeconds(10), None)); // another lease
    }

    [Fact]
    public async Task Acquire_AfterTheHolderStoppedRenewing_TakenOver()
    {
        var leases = CreateStore();
        await leases.TryAcquireAsync("telegram:polling", "bot-a", TimeSpan.FromSeconds(10), None);

        Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Null(await leases.HolderAsync("telegram:polling", None));
        Assert.True(await leases.TryAcquireAsync("telegram:polling", "bot-b", TimeSpan.FromSeconds(10), None));
        Assert.False(await leases.TryAcquireAsync("telegram:polling", "bot-a", TimeSpan.FromSeconds(10), None));
    }

    [Fact]
    public async Task Release_OnlyByItsHolder_FreesAtOnce()
    {
        var leases = CreateStore();
        await leases.TryAcquireAsync("telegram:polling", "bot-a", TimeSpan.FromSeconds(10), None);

        await leases.ReleaseAsync("telegram:polling", "bot-b", None);
        Assert.Equal("bot-a", await leases.HolderAsync("telegram:polling", None));

        await leases.ReleaseAsync("telegram:polling", "bot-a", None);
        Assert.True(await leases.TryAcquireAsync("telegram:polling", "bot-b", TimeSpan.FromSeconds(10), None));
    }
}

/// <summary>What every <see cref="ISendBudget"/> keeps.</summary>
public abstract class SendBudgetContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected FakeTimeProvider Clock { get; } = new(TestClock.Epoch);

    protected abstract ISendBudget CreateBudget();

    [Fact]
    public async Task Take_UpToTheLimit_ThenTheWaitUntilTheOldestLeavesTheWindow()
    {
        var budget = CreateBudget();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TimeSpan.Zero, await budget.TryTakeAsync("telegram:global", 3, TimeSpan.FromSeconds(1), None));
            Clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(700), await budget.TryTakeAsync("telegram:global", 3, TimeSpan.FromSeconds(1), None));
        Clock.Advance(TimeSpan.FromMilliseconds(700));
        Assert.Equal(TimeSpan.Zero, await budget.TryTakeAsync("telegram:global", 3, TimeSpan.FromSeconds(1), None));
        Assert.NotEqual(TimeSpan.Zero, await budget.TryTakeAsync("telegram:global", 3, TimeSpan.FromSeconds(1), None));
    }

    [Fact]
    public async Task Take_BucketsAreApart()
    {
        var budget = CreateBudget();
        Assert.Equal(TimeSpan.Zero, await budget.TryTakeAsync("telegram:chat:-100123", 1, TimeSpan.FromMinutes(1), None));

        Assert.Equal(TimeSpan.Zero, await budget.TryTakeAsync("telegram:chat:-100456", 1, TimeSpan.FromMinutes(1), None));
        Assert.Equal(TimeSpan.FromMinutes(1), await budget.TryTakeAsync("telegram:chat:-100123", 1, TimeSpan.FromMinutes(1), None));
    }

    [Fact]
    public async Task Take_Refused_TakesNothing()
    {
        var budget = CreateBudget();
        await budget.TryTakeAsync("b", 1, TimeSpan.FromSeconds(1), None);
        for (var i = 0; i < 5; i++)
        {
            await budget.TryTakeAsync("b", 1, TimeSpan.FromSeconds(1), None); // refused: must not push the window out
        }

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, await budget.TryTakeAsync("b", 1, TimeSpan.FromSeconds(1), None));
    }
}

public sealed class InMemoryLeaseStoreTests : LeaseStoreContract
{
    protected override ILeaseStore CreateStore() => new InMemoryLeaseStore(Clock);
}

public sealed class InMemorySendBudgetTests : SendBudgetContract
{
    protected override ISendBudget CreateBudget() => new InMemorySendBudget(Clock);
}
