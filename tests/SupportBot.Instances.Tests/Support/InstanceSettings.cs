using SupportBot.Storage.Tests.Redis;
using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Instances.Tests.Support;

/// <summary>The settings every instance of a test shares, by what it connects to; each test adds its own.</summary>
internal static class InstanceSettings
{
    /// <summary>The Telegram channel, against the fake Bot API.</summary>
    public static KeyValuePair<string, string?>[] Telegram(FakeBotApi api) =>
        [new("Telegram:Token", api.Token), new("Telegram:ApiBaseUrl", api.Url.ToString())];

    /// <summary>The shared store: the test's redis-server, under a key prefix of the test's own.</summary>
    public static KeyValuePair<string, string?>[] OnRedis(RedisServer redis, string prefix) =>
        [new("Storage:Provider", "redis"), new("Storage:Redis", redis.Configuration), new("Storage:RedisKeyPrefix", prefix)];
}
