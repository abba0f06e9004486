using System.Text;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Storage.Redis;
using SupportBot.Storage.Tests.Redis;
using SupportBot.Telegram.Tests.Channel;
using SupportBot.Telegram.Tests.Fakes;
using SupportBot.Telegram.Updates;

namespace SupportBot.Telegram.Tests.Instances;

/// <summary>
/// Two bot instances in webhook mode behind a load balancer (the test posts each update to one or the other), on one
/// real Redis: every update is handled once, and each chat's in the order Telegram numbered them.
/// </summary>
public sealed class TelegramWebhookInstancesTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-tests";
    private readonly string prefix = $"test:{Guid.NewGuid():N}:";
    private readonly List<RedisConnection> connections = [];
    private FakeBotApi api = null!;

    public async Task InitializeAsync() =>
        api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, DefaultWaitTimeout = TimeSpan.FromSeconds(30) });

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        connections.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Webhook_UpdatesOfOneGroupSpreadOverTwoInstances_EachAnsweredOnceInOrder()
    {
        await using var first = await TelegramBotHarness.StartAsync(api, webhookSecret: Secret, redis: Connect());
        await using var second = await TelegramBotHarness.StartAsync(api, webhookSecret: Secret, redis: Connect());
        long[] groups = [-100701, -100702, -100703, -100704];
        foreach (var group in groups)
        {
            api.SetChat(group, "supergroup", "Support group");
        }

        // Updates numbered as Telegram does; a group's three land on alternating instances, all posted at once.
        using var http = new HttpClient();
        var updateId = 5000;
        var asked = new Dictionary<long, List<int>>();
        var posts = new List<Task<HttpResponseMessage>>();
        foreach (var command in new[] { "/withdraw", "/bridge", "/missing" })
        {
            foreach (var group in groups)
            {
                var update = api.UserMessage(group, 3003, command, chatType: "supergroup");
                update["update_id"] = ++updateId;
                asked.TryAdd(group, []);
                asked[group].Add(update["message"]!["message_id"]!.GetValue<int>());
                posts.Add(PostAsync(http, updateId % 2 == 0 ? first : second, update.ToJsonString()));
            }
        }

        Assert.All(await Task.WhenAll(posts), response => Assert.True(response.IsSuccessStatusCode));
        foreach (var group in groups)
        {
            await api.WaitForMessagesAsync(group, 3);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500)); // a second answer to any of them would come now
        foreach (var group in groups)
        {
            var answeredTo = api.SentMessages(group).Select(m => m.ReplyParameters?["message_id"]?.GetValue<int>()).ToList();
            Assert.Equal(asked[group].Select(id => (int?)id), answeredTo);
        }
    }

    [Fact]
    public async Task Webhook_ChatHeldByAnInstanceThatDied_LeftUntilItsLeaseExpiresThenPickedUp()
    {
        var clock = new FakeTimeProvider(TestClock.Epoch);
        await using var live = await TelegramBotHarness.StartAsync(api, webhookSecret: Secret, redis: Connect(), time: clock);
        const long Stranded = -100801;
        const long Other = -100802;
        api.SetChat(Stranded, "supergroup", "Support group");
        api.SetChat(Other, "supergroup", "Support group");
        var leases = new RedisLeaseStore(Connect(), clock);
        Assert.True(await leases.TryAcquireAsync(TelegramChatLeases.Updates(Stranded), "instance-that-died", TelegramChatLeases.Duration, CancellationToken.None));
        using var http = new HttpClient();

        foreach (var (chat, id) in new[] { (Stranded, 6001), (Other, 6002) })
        {
            var update = api.UserMessage(chat, 3003, "/withdraw", chatType: "supergroup");
            update["update_id"] = id;
            Assert.True((await PostAsync(http, live, update.ToJsonString())).IsSuccessStatusCode);
        }

        await api.WaitForMessagesAsync(Other, 1); // other chats go on
        Assert.Empty(api.SentMessages(Stranded));

        clock.Advance(TelegramChatLeases.Duration);
        await api.WaitForMessagesAsync(Stranded, 1); // the processor's periodic pass finds the chat free
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Single(api.SentMessages(Stranded));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, TelegramBotHarness instance, string update)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, instance.WebhookUrl) { Content = new StringContent(update, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", Secret);
        return http.SendAsync(request);
    }

    private RedisConnection Connect()
    {
        var connection = new RedisConnection(new RedisStoreOptions { Configuration = redis.Configuration, KeyPrefix = prefix });
        connections.Add(connection);
        return connection;
    }
}
