using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Scams;
using SupportBot.Core.Tickets;
using SupportBot.Storage.Redis;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Host.Composition;

/// <summary>Every store of the bot, on the provider <c>Storage:Provider</c> names: one SQLite file, or one Redis several instances share.</summary>
public static class StorageSetup
{
    public static IServiceCollection AddStores(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations()
            .Validate(o => !o.IsRedis || !string.IsNullOrWhiteSpace(o.RedisConfiguration),
                "Storage:Redis must be set when Storage:Provider is 'redis': a StackExchange.Redis configuration string such as 'redis:6379'")
            .Validate(o => !o.IsRedis || string.IsNullOrWhiteSpace(o.RedisConfiguration) || IsRedisConfiguration(o.RedisConfiguration),
                "Storage:Redis is not a valid StackExchange.Redis configuration string (e.g. 'redis:6379,password=…')")
            .ValidateOnStart();

        // Created only when Redis is the provider; connects on first use, and is closed with the container.
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new RedisConnection(new RedisStoreOptions { Configuration = storage.RedisConfiguration!, KeyPrefix = storage.RedisKeyPrefix });
        });
        Add<IConversationStore>(services, (c, clock) => new RedisConversationStore(c, clock), (o, clock) => new SqliteConversationStore(o, clock));
        Add<IUpdateInbox>(services, (c, clock) => new RedisUpdateInbox(c, clock), (o, clock) => new SqliteUpdateInbox(o, clock));
        Add<IOutboundLog>(services, (c, _) => new RedisOutboundLog(c), (o, clock) => new SqliteOutboundLog(o, clock));
        Add<IConversationEvents>(services, (c, _) => new RedisConversationEvents(c), (o, _) => new SqliteConversationEvents(o));
        Add<ITicketStore>(services, (c, clock) => new RedisTicketStore(c, clock), (o, clock) => new SqliteTicketStore(o, clock));
        Add<ITicketMessages>(services, (c, _) => new RedisTicketMessages(c), (o, _) => new SqliteTicketMessages(o));
        Add<IAllowedDomainStore>(services, (c, _) => new RedisAllowedDomainStore(c), (o, _) => new SqliteAllowedDomainStore(o));
        // One SQLite file means one instance: leases and the send budget need not leave the process.
        Add<ILeaseStore>(services, (c, clock) => new RedisLeaseStore(c, clock), (_, clock) => new InMemoryLeaseStore(clock));
        Add<ISendBudget>(services, (c, clock) => new RedisSendBudget(c, clock), (_, clock) => new InMemorySendBudget(clock));
        return services;
    }

    /// <summary>What to tell when the store cannot be opened at start-up: the key to look at, never a password.</summary>
    internal static string Unavailable(StorageOptions storage, Exception ex) => storage.IsRedis
        ? $"Storage:Redis cannot be reached: {ex.Message}"
        : $"Storage:SqlitePath '{storage.SqlitePath}' cannot be used: {ex.Message}";

    private static void Add<T>(IServiceCollection services, Func<RedisConnection, TimeProvider, T> redis, Func<SqliteStoreOptions, TimeProvider, T> sqlite)
        where T : class =>
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clock = sp.GetRequiredService<TimeProvider>();
            return storage.IsRedis
                ? redis(sp.GetRequiredService<RedisConnection>(), clock)
                : sqlite(new SqliteStoreOptions { Path = storage.SqlitePath }, clock);
        });

    private static bool IsRedisConfiguration(string configuration)
    {
        try
        {
            _ = StackExchange.Redis.ConfigurationOptions.Parse(configuration);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
