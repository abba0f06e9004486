using Microsoft.Data.Sqlite;
using SupportBot.Core.Tickets;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage.Tests;

public sealed class SqliteTicketMessagesTests : TicketMessagesContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-ticket-line-tests", Guid.NewGuid().ToString("N"));

    private SqliteStoreOptions Options => new() { Path = Path.Combine(_directory, "supportbot.db") };

    protected override ITicketMessages CreateStore() => new SqliteTicketMessages(Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Restart_NewInstanceOnTheSameFile_KeepsEveryLine_AndTheSourcesSeen()
    {
        var lines = CreateStore();
        var user = Line(5, "telegram:update:10", "the hash is 0x3f1c");
        var staff = Line(5, "telegram:message:11", "Thanks, checking", TicketAuthor.Staff, "Bob");
        await lines.AddAsync(user, None);
        await lines.AddAsync(staff, None);
        SqliteConnection.ClearAllPools();

        var restarted = CreateStore();

        Assert.Equal([user, staff], await restarted.ListAsync(5, None));
        Assert.False(await restarted.AddAsync(Line(5, "telegram:update:10", "replayed"), None));
    }
}
