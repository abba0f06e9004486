using SupportBot.Instances.Tests.Support;
using SupportBot.Storage.Tests.Redis;
using SupportBot.Telegram.Tests.Fakes;
using Xunit.Abstractions;

namespace SupportBot.Instances.Tests;

/// <summary>
/// An instance started before its Redis (a host reboot, a Compose project without health checks) and one whose Redis
/// goes away: it runs, says it is not ready while the store cannot be reached, and carries on when Redis is back.
/// </summary>
[Collection(BotProcessesCollection.Name)]
public sealed class RedisOutageProcessTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const long FirstUser = 7_400_000_000;

    [Fact]
    public async Task StartedBeforeRedis_NotReadyUntilItComes_ThenAnswers_AndAgainAfterARestart()
    {
        redis.Kill();
        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = "123456:AAH-redis-outage_test", DefaultWaitTimeout = TimeSpan.FromMinutes(1) });
        var instance = BotInstance.Start("instance", BotInstance.FreePorts(1)[0],
        [
            .. InstanceSettings.Telegram(api),
            .. InstanceSettings.OnRedis(redis, $"outage:{Guid.NewGuid():N}:"),
            new("Web:Enabled", "true"),
        ]);
        try
        {
            // Up and answering HTTP, but not ready: the store does not answer.
            var report = await instance.WaitForReadinessAsync(ready: false);
            Assert.Contains("store unavailable", report.ToJsonString(), StringComparison.Ordinal);
            api.EnqueueUserMessage(FirstUser, FirstUser, "/withdraw");

            redis.Start();
            await instance.WaitUntilReadyAsync();
            await api.WaitForMessagesAsync(FirstUser, 1); // the message that waited at Telegram is answered

            // Redis restarts under a running instance: not ready meanwhile, then on as before.
            redis.Kill();
            await instance.WaitForReadinessAsync(ready: false);
            redis.Start();
            await instance.WaitUntilReadyAsync();
            api.EnqueueUserMessage(FirstUser + 1, FirstUser + 1, "/withdraw");
            await api.WaitForMessagesAsync(FirstUser + 1, 1);

            // The second user's answer came whole and once; the first user's may repeat the one message that was on its
            // way when Redis went (whether it was marked delivered was lost with the connection).
            var owed = api.SentMessages(FirstUser + 1).Select(m => m.Text).ToList();
            Assert.DoesNotContain(owed.Zip(owed.Skip(1)), pair => pair.First == pair.Second);
            Assert.NotNull(Answers.Repeats([.. api.SentMessages(FirstUser).Select(m => m.Text)], owed));
        }
        finally
        {

            await BotInstance.StopAllAsync([instance], output);
        }
    }
}
