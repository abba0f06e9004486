using StackExchange.Redis;
using SupportBot.Instances.Tests.Support;
using SupportBot.Storage.Tests.Redis;
using SupportBot.Telegram.Tests.Fakes;
using Xunit.Abstractions;

namespace SupportBot.Instances.Tests;

/// <summary>
/// Three bot processes on one real Redis behind a round-robin load balancer, fed by the fake Telegram Bot API in webhook
/// mode: a burst of a thousand users, and one process SIGKILLed in the middle of it.
/// </summary>
[Collection(BotProcessesCollection.Name)]
public sealed class TelegramWebhookProcessesTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const string Secret = "load-balanced-webhook-secret";
    private const int Users = 1000;

    /// <summary>Telegram's limit for one bot: about 30 messages a second, whichever chats they go to.</summary>
    private const int Limit = 30;

    /// <summary>How much later than its place in the budget a message may reach Telegram on a busy two-core machine.</summary>
    private static readonly TimeSpan ArrivalJitter = TimeSpan.FromSeconds(1);
    private const long FirstUser = 7_100_000_000;

    /// <summary>What people open with and follow up with, before the first answer has arrived.</summary>
    private static readonly (string First, string Then)[] Conversations =
    [
        ("/withdraw", "i picked BEP20 on binance, is that the right one for metamask?"),
        ("sent usdt to my metamask an hour ago and its not there", "/missing"),
        ("/bridge", "how do I get my BNB from BSC over to ethereum"),
        ("привет, вывел с бинанса, а в метамаске пусто", "/start"),
    ];

    [Fact]
    public async Task Burst_OfAThousandUsers_OneInstanceKilledMidway_EveryUserAnsweredOnceInOrderWithinTheSendingBudget()
    {
        var prefix = $"burst:{Guid.NewGuid():N}:";
        using var certificate = LoopbackCertificate.Create();
        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions
        {
            Token = "123456:AAH-load-balanced-instances_test",
            TrustedWebhookCertificate = certificate,
            DefaultWaitTimeout = TimeSpan.FromMinutes(4),
            WebhookRetryDelay = TimeSpan.FromMilliseconds(200),
        });
        var ports = BotInstance.FreePorts(3);
        await using var proxy = await RoundRobinProxy.StartAsync([.. ports.Select(port => new Uri($"http://127.0.0.1:{port}/"))], certificate);
        KeyValuePair<string, string?>[] settings =
        [
            .. InstanceSettings.Telegram(api),
            .. InstanceSettings.OnRedis(redis, prefix),
            new("Telegram:Mode", "Webhook"),
            new("Telegram:WebhookUrl", new Uri(proxy.Url, "telegram/webhook").ToString()),
            new("Telegram:WebhookSecret", Secret),
        ];
        var instances = ports.Select((port, i) => BotInstance.Start($"instance {i + 1}", port, settings)).ToList();
        try
        {
            await Task.WhenAll(instances.Select(i => i.WaitUntilReadyAsync()));
            Assert.All(await Task.WhenAll(instances.Select(i => i.TelegramStateAsync())), state => Assert.Equal("webhook set", state));
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            var store = new StoreProbe(connection, prefix);

            // What one user of each kind gets on a quiet bot: the answers, and the conversation's version (one per turn).
            var expected = new List<(string[] Answers, long Version)>();
            for (var kind = 0; kind < Conversations.Length; kind++)
            {
                var user = FirstUser - 1 - kind;
                foreach (var text in new[] { Conversations[kind].First, Conversations[kind].Then })
                {
                    // Done when the turn is stored, its update marked handled and every message it owes confirmed sent.
                    var before = await store.VersionAsync(user);
                    api.EnqueueUserMessage(user, user, text, languageCode: kind == 3 ? "ru" : "en");
                    await StoreProbe.EventuallyAsync(async () => await store.VersionAsync(user) > before && await store.SettledAsync(), $"the answer to \"{text}\"");
                }

                var answers = api.SentMessages(user).Select(m => m.Text).ToArray();
                expected.Add((answers, await store.VersionAsync(user)));
            }

            // The burst: every user's first message, then every user's second, before many answers can have gone out.
            var sentBefore = api.AllSentMessages.Count;
            var deliveredBefore = api.WebhookDeliveries.Count(d => d.Succeeded);
            for (var round = 0; round < 2; round++)
            {
                for (var u = 0; u < Users; u++)
                {
                    var kind = u % Conversations.Length;
                    api.EnqueueUserMessage(FirstUser + u, FirstUser + u, round == 0 ? Conversations[kind].First : Conversations[kind].Then,
                        languageCode: kind == 3 ? "ru" : "en");
                }
            }

            // Killed a third of the way through the deliveries: it has taken updates, and chats, and calls to send.
            await api.WaitUntilAsync(() => api.WebhookDeliveries.Count(d => d.Succeeded) >= deliveredBefore + (2 * Users / 3), description: "a third of the burst delivered");
            var victim = instances[1];
            var forwardedToVictim = proxy.Forwarded[1];
            await victim.KillAsync();

            var answersOwed = Enumerable.Range(0, Users).Sum(u => expected[u % Conversations.Length].Answers.Length);
            await api.WaitUntilAsync(() => api.AllSentMessages.Count - sentBefore >= answersOwed, description: $"{answersOwed} answers");
            // Nothing left to handle or to send, so nothing can still be sent twice.
            await StoreProbe.EventuallyAsync(store.SettledAsync, "the inbox and the outbound log to empty");

            var repeats = 0;
            for (var u = 0; u < Users; u++)
            {
                var user = FirstUser + u;
                var (answers, version) = expected[u % Conversations.Length];
                var got = api.SentMessages(user).Select(m => m.Text).ToArray();
                var repeated = Answers.Repeats(got, answers);
                Assert.True(repeated is not null, $"user {u} got, in this order:\n{Answers.Describe(got)}\ninstead of:\n{Answers.Describe(answers)}");
                repeats += repeated!.Value;

                // One turn per update: no update was handled twice, by the same instance or another.
                Assert.Equal(version, await store.VersionAsync(user));
            }

            // At most what the dead instance had on the way to Telegram when it died.
            Assert.InRange(repeats, 0, Answers.MostInFlight);
            Assert.All(proxy.Forwarded, count => Assert.True(count > 0, "every instance took part of the burst"));
            Assert.True(forwardedToVictim > 0, "the killed instance had taken updates");
            Assert.All(api.WebhookDeliveries.GroupBy(d => d.UpdateId), d => Assert.Contains(d, attempt => attempt.Succeeded));

            // All three together never above Telegram's 30 messages a second. The budget holds at most 30 in any second
            // when the instances take their places; the fake sees them arrive, later by anything from a millisecond to a
            // descheduled process's second (ArrivalJitter). So L seconds of arrivals hold at most 30 × (L + 1 + jitter):
            // a bot pacing each instance alone (60–90 a second here) fails both checks at once.
            var (messages, span) = api.MessagesAccepted(fromMessage: sentBefore);
            var jitter = ArrivalJitter.TotalSeconds;
            Assert.True(messages <= Limit * (span.TotalSeconds + 1 + jitter), $"{messages} messages in {span.TotalSeconds:0.0} s: faster than {Limit} a second");
            Assert.InRange(api.MostMessagesWithin(TimeSpan.FromSeconds(10), fromMessage: sentBefore), 1, Limit * (10 + 1 + jitter));
            Assert.Equal(0, api.TooManyRequestsAnswered);
        }
        finally
        {
            await BotInstance.StopAllAsync(instances, output);
        }
    }
}
