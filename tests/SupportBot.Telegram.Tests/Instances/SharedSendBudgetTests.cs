using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;
using SupportBot.Core.Telemetry;
using SupportBot.Telegram.Sending;
using SupportBot.Telegram.Tests.Channel;
using SupportBot.Telegram.Tests.Fakes;
using Telegram.Bot;

namespace SupportBot.Telegram.Tests.Instances;

/// <summary>Two instances' outboxes over one sending budget (the Redis one keeps the same contract): together within Telegram's 30 a second.</summary>
public sealed class SharedSendBudgetTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(TestClock.Epoch);
    private readonly List<HttpClient> clients = [];
    private FakeBotApi api = null!;

    public async Task InitializeAsync() =>
        api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, DefaultWaitTimeout = TimeSpan.FromSeconds(20) });

    public async Task DisposeAsync()
    {
        clients.ForEach(c => c.Dispose());
        await api.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_TwoInstancesFortyMessagesAtOnce_ThirtyInTheFirstSecondTheRestAfter()
    {
        var budget = new InMemorySendBudget(clock);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new BotMetrics(services.GetRequiredService<IMeterFactory>());
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BotMetrics.MeterName && instrument.Name == "supportbot.messages.sent")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();
        var (first, second) = (Outbox(budget, metrics), Outbox(budget, metrics));
        for (long chat = 1; chat <= 40; chat++)
        {
            api.SetChat(chat, "private");
        }

        var sends = Enumerable.Range(1, 40).Select(i => (i % 2 == 0 ? first : second)
            .SendAsync(i, isGroup: false, (bot, ct) => bot.SendMessage(i, "hello", cancellationToken: ct), CancellationToken.None)).ToList();

        await api.WaitUntilAsync(() => Sent() >= 30);
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // a 31st within the second would come now
        Assert.Equal(30, Sent());

        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(sends);
        Assert.Equal(40, Sent());
        Assert.Equal(40, Interlocked.Read(ref counted));
    }

    private int Sent() => Enumerable.Range(1, 40).Sum(chat => api.SentMessages(chat).Count);

    private TelegramOutbox Outbox(ISendBudget budget, BotMetrics metrics)
    {
        var http = new HttpClient();
        clients.Add(http);
        var bot = new TelegramBotClient(new TelegramBotClientOptions(TelegramBotHarness.Token, api.Url.ToString()) { RetryCount = 1 }, http);
        return new TelegramOutbox(bot, Options.Create(new TelegramOptions()), clock, NullLogger<TelegramOutbox>.Instance, budget, metrics);
    }
}
