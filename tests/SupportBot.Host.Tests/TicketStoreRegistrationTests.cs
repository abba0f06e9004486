using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Tickets;
using SupportBot.Host.Composition;
using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

public sealed class TicketStoreRegistrationTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        temp.Dispose();
    }

    [Fact]
    public async Task TicketStore_IsTheSqliteOne_InTheConfiguredFile_OnTheBotsClock()
    {
        var path = temp.File("bot.db");
        using var host = ServiceSetup.CreateBuilder([new("Storage:SqlitePath", path)], new FakeTimeProvider(TestClock.Epoch)).Build();

        var store = host.Services.GetRequiredService<ITicketStore>();
        var opened = await store.OpenAsync(new("telegram/1", "telegram", "1", new("lost funds", "tron", null)), CancellationToken.None);

        Assert.Equal(TicketOutcome.Done, opened.Outcome);
        Assert.Equal(TestClock.Epoch, opened.Ticket!.OpenedAt);
        Assert.True(File.Exists(path));
    }
}
