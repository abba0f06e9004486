using Microsoft.Data.Sqlite;
using SupportBot.Core.Scams;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage.Tests;

public sealed class SqliteAllowedDomainStoreTests : AllowedDomainStoreContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-allowed-domain-tests", Guid.NewGuid().ToString("N"));

    private SqliteStoreOptions Options => new() { Path = Path.Combine(_directory, "supportbot.db") };

    protected override IAllowedDomainStore CreateStore() => new SqliteAllowedDomainStore(Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Restart_NewInstanceOnTheSameFile_KeepsTheList()
    {
        var marked = new AllowedDomain("status.example-bridge.io", "discord:1", TestClock.Epoch, "discord:2");
        await CreateStore().AddAsync(marked, None);
        SqliteConnection.ClearAllPools();

        Assert.Equal([marked], await CreateStore().ListAsync(None));
    }
}
