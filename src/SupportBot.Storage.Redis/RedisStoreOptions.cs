namespace SupportBot.Storage.Redis;

/// <summary>Settings of the Redis stores, which share one connection and one key prefix.</summary>
public sealed class RedisStoreOptions
{
    /// <summary>The prefix when none is configured.</summary>
    public const string DefaultKeyPrefix = "supportbot:";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>redis:6379,password=…</c> or, with Sentinel,
    /// <c>sentinel1:26379,sentinel2:26379,serviceName=mymaster</c>.
    /// </summary>
    public string Configuration { get; set; } = "";

    /// <summary>
    /// Put before every key, so several bots (or a bot and something else) can share one Redis. On a Redis Cluster it
    /// must hold a hash tag, e.g. <c>{supportbot}:</c>: the stores' scripts touch several keys at once.
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;
}
