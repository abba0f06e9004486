using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;
using SupportBot.Storage.Redis;
using SupportBot.Storage.Tests.Redis;
using SupportBot.Telegram.Tests.Channel;
using SupportBot.Telegram.Tests.Fakes;
using SupportBot.Telegram.Updates;

namespace SupportBot.Telegram.Tests.Instances;

/// <summary>
/// Two bot instances on one real Redis and the fake Bot API, in polling mode: one polls, the other stands by and takes
/// over when the first stops or dies. The lease's clock is a test clock moved by hand; the rest is real.
/// </summary>
public sealed class TelegramInstancesTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(TestClock.Epoch);
    private readonly string prefix = $"test:{Guid.NewGuid():N}:";
    private readonly List<RedisConnection> connections = [];
    private FakeBotApi api = null!;

    public async Task InitializeAsync() =>
        api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, DefaultWaitTimeout = TimeSpan.FromSeconds(20) });

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        connections.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Polling_TwoInstances_OnlyTheHolderPollsAndTheOtherTakesOverWhenItStops()
    {
        var first = await StartInstanceAsync();
        await WaitForHolderAsync(first);
        await using var second = await StartInstanceAsync();
        Assert.False(Lease(second).Held);

        api.EnqueueUserMessage(1, 1, "/start");
        api.EnqueueUserMessage(2, 2, "/start");
        await api.WaitForMessagesAsync(1, 1);
        await api.WaitForMessagesAsync(2, 1);
        Assert.Equal("ready", Describe(first.Services));
        Assert.True(Health(second).Check().Ready); // standby serves nothing, but is there to take over
        Assert.StartsWith("standby", Health(second).Check().Description, StringComparison.Ordinal);

        await first.DisposeAsync(); // a graceful stop releases the lease
        api.EnqueueUserMessage(3, 3, "/start");
        await AdvanceUntilHolderAsync(second, TelegramPollingLease.RenewEvery);
        await api.WaitForMessagesAsync(3, 1);

        await AssertEachChatAnsweredOnceAsync(1, 2, 3);
        Assert.DoesNotContain(api.GetUpdatesCalls, c => c.Error?.Contains("terminated by other getUpdates", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Polling_HolderDiesWithoutReleasing_TheOtherTakesOverWithinTheLeaseTime()
    {
        var first = await StartInstanceAsync();
        await WaitForHolderAsync(first);
        await using var second = await StartInstanceAsync();
        var deadHolder = Lease(first).Holder;
        api.EnqueueUserMessage(1, 1, "/start");
        await api.WaitForMessagesAsync(1, 1);

        // A crash: the process is gone, its lease stays until it expires.
        await first.DisposeAsync();
        var leases = new RedisLeaseStore(Connect(), clock);
        Assert.True(await leases.TryAcquireAsync(TelegramPollingLease.Name, deadHolder, TelegramPollingLease.Duration, CancellationToken.None));
        api.EnqueueUserMessage(2, 2, "/start");

        clock.Advance(TelegramPollingLease.Duration - TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // time for the standby's try, which must fail
        Assert.Equal(deadHolder, await leases.HolderAsync(TelegramPollingLease.Name, CancellationToken.None));
        Assert.Empty(api.SentMessages(2));

        await AdvanceUntilHolderAsync(second, TelegramPollingLease.RenewEvery + TimeSpan.FromSeconds(1));
        await api.WaitForMessagesAsync(2, 1);
        await AssertEachChatAnsweredOnceAsync(1, 2);
    }

    private async Task<TelegramBotHarness> StartInstanceAsync() => await TelegramBotHarness.StartAsync(api, time: clock, redis: Connect());

    private RedisConnection Connect()
    {
        var connection = new RedisConnection(new RedisStoreOptions { Configuration = redis.Configuration, KeyPrefix = prefix });
        connections.Add(connection);
        return connection;
    }

    private static TelegramPollingLease Lease(TelegramBotHarness bot) => bot.Services.GetRequiredService<TelegramPollingLease>();

    private static IChannelHealth Health(TelegramBotHarness bot) =>
        bot.Services.GetServices<IChannelHealth>().Single(h => h.Channel == "telegram");

    private static string Describe(IServiceProvider services)
    {
        var state = services.GetServices<IChannelHealth>().Single().Check();
        return state is { Ready: true, Description: "polling" } ? "ready" : $"{state.Ready} {state.Description}";
    }

    private static async Task WaitForHolderAsync(TelegramBotHarness bot)
    {
        for (var i = 0; i < 100 && !Lease(bot).Held; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        Assert.True(Lease(bot).Held, "the first instance took the polling lease");
    }

    /// <summary>Moves the lease clock a second at a time, at most <paramref name="within"/>, until <paramref name="bot"/> holds the lease.</summary>
    private async Task AdvanceUntilHolderAsync(TelegramBotHarness bot, TimeSpan within)
    {
        for (var moved = TimeSpan.Zero; !Lease(bot).Held && moved < within; moved += TimeSpan.FromSeconds(1))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            for (var i = 0; i < 10 && !Lease(bot).Held; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50)); // the standby's try is a real Redis call
            }
        }

        Assert.True(Lease(bot).Held, $"the standby took over within {within.TotalSeconds} s");
    }

    private async Task AssertEachChatAnsweredOnceAsync(params long[] chats)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // a second answer would come now
        Assert.All(chats, chat => Assert.Single(api.SentMessages(chat)));
    }
}
