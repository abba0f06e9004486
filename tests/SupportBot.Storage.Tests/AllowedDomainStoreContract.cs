using SupportBot.Core.Scams;

namespace SupportBot.Storage.Tests;

/// <summary>What every <see cref="IAllowedDomainStore"/> keeps; each store's test class runs it over its own store.</summary>
public abstract class AllowedDomainStoreContract
{
    protected static readonly CancellationToken None = CancellationToken.None;

    protected abstract IAllowedDomainStore CreateStore();

    [Fact]
    public async Task Add_ThenListed_OldestFirst_WithWhoAndWhere()
    {
        var store = CreateStore();
        var first = new AllowedDomain("docs.example-dao.org", "telegram:42", TestClock.Epoch, "telegram:-1001234567890");
        var second = new AllowedDomain("пример.рф", "discord:80351110224678912", TestClock.Epoch.AddMinutes(5));

        Assert.True(await store.AddAsync(second, None));
        Assert.True(await store.AddAsync(first, None));

        Assert.Equal([first, second], await store.ListAsync(None));
    }

    [Fact]
    public async Task Add_SameHostAgain_False_TheFirstMarkingKept()
    {
        var store = CreateStore();
        var first = new AllowedDomain("tools.example.net", "telegram:1", TestClock.Epoch);

        Assert.True(await store.AddAsync(first, None));
        Assert.False(await store.AddAsync(first with { AddedBy = "telegram:2", AddedAt = TestClock.Epoch.AddHours(1) }, None));

        Assert.Equal([first], await store.ListAsync(None));
    }

    [Fact]
    public async Task Remove_OnlyThatHost_FalseWhenAbsent()
    {
        var store = CreateStore();
        var kept = new AllowedDomain("a.example", "telegram:1", TestClock.Epoch);
        await store.AddAsync(kept, None);
        await store.AddAsync(new AllowedDomain("b.example", "telegram:1", TestClock.Epoch.AddSeconds(1)), None);

        Assert.True(await store.RemoveAsync("b.example", None));
        Assert.False(await store.RemoveAsync("b.example", None));
        Assert.False(await store.RemoveAsync("never.example", None));

        Assert.Equal([kept], await store.ListAsync(None));
    }
}

public sealed class InMemoryAllowedDomainStoreTests : AllowedDomainStoreContract
{
    protected override IAllowedDomainStore CreateStore() => new InMemoryAllowedDomainStore();
}
