using SupportBot.Storage.Redis;

namespace SupportBot.Storage.Tests.Redis;

/// <summary>The tests that share one redis-server; each test keeps to keys of its own prefix.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis-server";
}

/// <summary>Connections of one test to the shared server, all under the test's own key prefix; closed at the end.</summary>
public sealed class RedisTestData(RedisServer server) : IDisposable
{
    private readonly List<RedisConnection> _connections = [];

    public string Prefix { get; } = $"test:{Guid.NewGuid():N}:";

    /// <summary>A new connection, as another instance of the bot would have.</summary>
    public RedisConnection Connect(string? prefix = null)
    {
        var connection = new RedisConnection(new RedisStoreOptions { Configuration = server.Configuration, KeyPrefix = prefix ?? Prefix });
        lock (_connections)
            _connections.Add(connection);
        return connection;
    }

    public void Dispose()
    {
        lock (_connections)
            _connections.ForEach(c => c.Dispose());
    }
}
