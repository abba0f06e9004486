using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Tickets;

namespace SupportBot.Storage.Tests;

/// <summary>What every <see cref="ITicketMessages"/> keeps; each store's test class runs it over its own store.</summary>
public abstract class TicketMessagesContract
{
    protected static readonly CancellationToken None = CancellationToken.None;

    protected FakeTimeProvider Clock { get; } = new(TestClock.Epoch);

    protected abstract ITicketMessages CreateStore();

    protected TicketMessage Line(long ticket, string source, string text, TicketAuthor author = TicketAuthor.User, string name = "Ann") =>
        new(ticket, source, Clock.GetUtcNow(), author, name, text);

    [Fact]
    public async Task Add_ThenListed_OldestFirst_OnlyThatTicketsLines()
    {
        var lines = CreateStore();
        var first = Line(1, "telegram:update:1", "where are my tokens?");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var other = Line(2, "telegram:update:2", "another ticket");
        var answer = Line(1, "telegram:message:3", "checking", TicketAuthor.Staff, "Bob");
        var note = Line(1, "telegram:message:4", "// memo missing", TicketAuthor.Note, "Bob");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var bot = Line(1, "bot:1:claimed", "claimed by Bob", TicketAuthor.Bot, "bot");

        foreach (var line in new[] { first, other, answer, note, bot })
            Assert.True(await lines.AddAsync(line, None));

        Assert.Equal([first, answer, note, bot], await lines.ListAsync(1, None));
        Assert.Equal([other], await lines.ListAsync(2, None));
        Assert.Empty(await lines.ListAsync(3, None));
    }

    [Fact]
    public async Task Add_SameSourceAgain_Ignored_TheFirstKept()
    {
        var lines = CreateStore();
        var first = Line(1, "discord:message:77", "first version");

        Assert.True(await lines.AddAsync(first, None));
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(await lines.AddAsync(Line(1, "discord:message:77", "handled again after a restart"), None));

        Assert.Equal([first], await lines.ListAsync(1, None));
    }

    [Fact]
    public async Task SameTime_KeepsTheOrderTheyWereAdded_AlsoForAnotherInstance()
    {
        var lines = CreateStore();
        var added = Enumerable.Range(0, 12).Select(i => Line(1, $"s{i}", $"line {i}")).ToList();
        foreach (var line in added)
            await lines.AddAsync(line, None);

        Assert.Equal(added, await lines.ListAsync(1, None));
        Assert.Equal(added, await CreateStore().ListAsync(1, None));
    }

    [Fact]
    public async Task Purge_LinesWrittenBefore_Removed_CountReturned_LaterOnesKept()
    {
        var lines = CreateStore();
        await lines.AddAsync(Line(1, "a", "old one"), None);
        await lines.AddAsync(Line(2, "b", "old two"), None);
        Clock.Advance(TimeSpan.FromDays(31));
        var recent = Line(1, "c", "recent");
        await lines.AddAsync(recent, None);

        var purged = await lines.PurgeAsync(Clock.GetUtcNow().AddDays(-30), None);

        Assert.Equal(2, purged);
        Assert.Equal([recent], await lines.ListAsync(1, None));
        Assert.Empty(await lines.ListAsync(2, None));
        Assert.Equal(0, await lines.PurgeAsync(Clock.GetUtcNow().AddDays(-30), None));
    }
}
