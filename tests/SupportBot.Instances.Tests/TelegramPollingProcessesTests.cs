using StackExchange.Redis;
using SupportBot.Instances.Tests.Support;
using SupportBot.Storage.Tests.Redis;
using SupportBot.Telegram.Tests.Fakes;
using Xunit.Abstractions;

namespace SupportBot.Instances.Tests;

/// <summary>
/// Three bot processes on one real Redis in polling mode: one polls, the others stand by; when the one polling is
/// SIGKILLed another takes the polling lease over, when that one is stopped with SIGTERM the last takes it, and every
/// user is still answered once.
/// </summary>
[Collection(BotProcessesCollection.Name)]
public sealed class TelegramPollingProcessesTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const long FirstUser = 7_200_000_000;
    private const string Polling = "polling";

    [Fact]
    public async Task PollingInstance_KilledThenAnotherStopped_TheLeasePassesOn_EveryUserAnsweredOnce()
    {
        var prefix = $"polling:{Guid.NewGuid():N}:";
        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions
        {
            Token = "123456:AAH-polling-instances_test",
            DefaultWaitTimeout = TimeSpan.FromMinutes(1),
        });
        KeyValuePair<string, string?>[] settings =
        [
            .. InstanceSettings.Telegram(api),
            .. InstanceSettings.OnRedis(redis, prefix),
            new("Telegram:Mode", "Polling"),
            new("Telegram:PollTimeoutSeconds", "2"),
            new("Web:Enabled", "true"), // for /readyz: which one polls
        ];
        await using var store = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var probe = new StoreProbe(store, prefix);
        var instances = BotInstance.FreePorts(3).Select((port, i) => BotInstance.Start($"instance {i + 1}", port, settings)).ToList();
        try
        {
            await Task.WhenAll(instances.Select(i => i.WaitUntilReadyAsync()));
            var holder = await OnlyOnePollingAsync(instances);

            // Half the users write while it polls, half once it is gone.
            var users = Enumerable.Range(0, 40).Select(u => FirstUser + u).ToList();
            foreach (var user in users.Take(20))
            {
                api.EnqueueUserMessage(user, user, "/withdraw");
            }

            await api.WaitUntilAsync(() => users.Take(20).Any(u => api.SentMessages(u).Count > 0), description: "the first answers");
            await holder.KillAsync();
            foreach (var user in users.Skip(20))
            {
                api.EnqueueUserMessage(user, user, "/withdraw");
            }

            await api.WaitUntilAsync(() => users.All(u => api.SentMessages(u).Count > 0), description: "every user answered");
            var successor = await OnlyOnePollingAsync(instances.Where(i => !i.Killed).ToList());
            Assert.NotSame(holder, successor);

            // A graceful stop (SIGTERM) gives the lease back on the way out: it is not left to expire.
            var lease = $"{prefix}lease:telegram:polling";
            var successorId = (string?)await store.GetDatabase().HashGetAsync(lease, "holder");
            Assert.NotNull(successorId);
            Assert.Equal(0, (await successor.StopAsync()).ExitCode);
            Assert.NotEqual(successorId, (string?)await store.GetDatabase().HashGetAsync(lease, "holder"));
            await OnlyOnePollingAsync(instances.Where(i => !i.Killed).ToList()); // the last one standing
            users.AddRange(Enumerable.Range(40, 10).Select(u => FirstUser + u));
            foreach (var user in users.Skip(40))
            {
                api.EnqueueUserMessage(user, user, "/withdraw");
            }

            await api.WaitUntilAsync(() => users.All(u => api.SentMessages(u).Count > 0), description: "every user answered by the last instance");
            await StoreProbe.EventuallyAsync(probe.SettledAsync, "the inbox and the outbound log to empty");

            // Each user answered once: the message the dead instance had on its way may come twice, nothing else.
            var owed = api.SentMessages(users[^1]).Select(m => m.Text).ToList();
            var repeats = 0;
            foreach (var user in users)
            {
                var got = api.SentMessages(user).Select(m => m.Text).ToList();
                var repeated = Answers.Repeats(got, owed);
                Assert.True(repeated is not null, $"user {user} got:\n{Answers.Describe(got)}\ninstead of:\n{Answers.Describe(owed)}");
                repeats += repeated!.Value;
            }

            Assert.InRange(repeats, 0, Answers.MostInFlight);
        }
        finally
        {
            await BotInstance.StopAllAsync(instances, output);
        }
    }

    /// <summary>Waits until exactly one of <paramref name="instances"/> polls and the others stand by; returns it.</summary>
    private static async Task<BotInstance> OnlyOnePollingAsync(IReadOnlyList<BotInstance> instances)
    {
        string?[] states = [];
        for (var attempt = 0; attempt < 300; attempt++)
        {
            states = await Task.WhenAll(instances.Select(i => i.TelegramStateAsync()));
            if (states.Count(s => s == Polling) == 1 && states.All(s => s == Polling || s?.StartsWith("standby", StringComparison.Ordinal) == true))
            {
                return instances[Array.IndexOf(states, Polling)];
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException("not exactly one instance polling: " + string.Join(" | ", states));
    }
}
