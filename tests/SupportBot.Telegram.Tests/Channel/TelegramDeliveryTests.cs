using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;
using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Telegram.Tests.Channel;

/// <summary>
/// How replies reach Telegram: a kill mid-turn repeats at most the call in flight, the rate limits hold over rolling
/// windows from the first call on, and a 429 pauses every chat. Through Telegram.Bot, real HTTP and the fake Bot API.
/// </summary>
public sealed class TelegramDeliveryTests : IAsyncDisposable
{
    private const long Group = -100700;
    private const long Member = 3003;
    private const long Helper = 4004;
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    /// <summary>What counts against Telegram's message limits.</summary>
    private static readonly string[] MessageCalls = ["sendMessage", "editMessageText", "editMessageReplyMarkup", "deleteMessage", "deleteMessages"];

    private readonly string database = Path.Combine(Path.GetTempPath(), $"tg-delivery-{Guid.NewGuid():N}.db");

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task KilledMidTurn_NewInstanceResumes_EachMessageOnceButTheOneInFlight()
    {
        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, DefaultWaitTimeout = TimeSpan.FromSeconds(20) });
        api.SetBotCanDelete(Group, false);
        await using (var first = await TelegramBotHarness.StartAsync(api, database))
        {
            var leakId = Enqueue(api, api.UserMessage(Group, Member, $"is this right? {Phrase}", chatType: "supergroup", username: "victim"));
            await api.WaitForMessagesAsync(Group, 1);
            await api.WaitForMessagesAsync(Member, 1);

            // One turn of four messages: a warning in the group and one in private for the leak's author, the same
            // for the helper who quoted the phrase. The group's second warning is carried out, but its answer never
            // comes back; the group's next update is answered meanwhile, its answer owed behind the one in flight.
            api.SetBotCanDelete(Group, true);
            api.HangResponse("sendMessage", chatId: Group, afterCalls: 1);
            Enqueue(api, api.UserMessage(Group, Helper, $"no, mine was {Phrase}", chatType: "supergroup", username: "helper", replyToMessageId: leakId));
            await api.WaitUntilAsync(() => api.HungResponses == 1, description: "the group's second warning in flight");
            api.EnqueueUserMessage(Group, Member, "/help", chatType: "supergroup");
            await WaitUntilHandledAsync(api, first);
            await api.WaitForMessagesAsync(Member, 2);
            await api.WaitForMessagesAsync(Helper, 1);
            await api.WaitUntilAsync(() => api.SentMessages(Group).Count >= 3, description: "three messages in the group: "
                + string.Join(" | ", api.Calls.Select(c => $"{c.Method} {c.Parameters["chat_id"]} {c.StatusCode}")));
            Assert.Equal(3, api.SentMessages(Group).Count);
        } // killed while it waits for Telegram's answer

        Assert.Equal(2, OutboundRows()); // the warning in flight and the answer to /help: owed…
        Assert.DoesNotContain("sausage", DatabaseText(), StringComparison.Ordinal); // …without the phrase the turn was about

        await using (var second = await TelegramBotHarness.StartAsync(api, database))
        {
            await api.WaitUntilAsync(() => api.SentMessages(Group).Any(m => m.PlainText.StartsWith("I'm SupportBot", StringComparison.Ordinal)),
                description: "the answer to /help");
            // The group's updates are handled in order: had a turn been run again, its warnings would come before this.
            var networks = Enqueue(api, api.UserMessage(Group, Member, "/networks", chatType: "supergroup"));
            await api.WaitUntilAsync(() => api.SentMessages(Group).Any(m => (int?)m.ReplyParameters?["message_id"] == networks), description: "the answer to /networks");
            await WaitUntilHandledAsync(api, second);
            for (var i = 0; i < 200 && OutboundRows() > 0; i++)
            {
                await Task.Delay(25); // the last answer is seen by the fake a moment before the bot reads it
            }
        }

        var group = api.SentMessages(Group).Select(m => m.PlainText).ToList();
        Assert.Single(group, t => t.Contains("@victim, I deleted your message", StringComparison.Ordinal)); // confirmed before the kill: never again
        Assert.InRange(group.Count(t => t.Contains("@helper, I deleted your message", StringComparison.Ordinal)), 1, 2); // in flight: may repeat, once
        Assert.Single(group, t => t.StartsWith("I'm SupportBot", StringComparison.Ordinal)); // owed: sent once, after the restart
        Assert.Equal(2, api.SentMessages(Member).Count); // each private warning once
        Assert.Single(api.SentMessages(Helper));
        Assert.Equal(2, api.Deletions.Count); // the leak and the quote, each deleted once: the turn did not run again
        Assert.Equal(0, OutboundRows()); // nothing kept once sent
    }

    [Fact]
    public async Task ManyChatsABusyGroupAndDeletes_NeverMoreThan30ASecondOr20AMinuteInTheGroup_FromTheFirstSecond()
    {
        var clock = new FakeTimeProvider(TestClock.Epoch);
        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, TimeProvider = clock });
        await using var bot = await TelegramBotHarness.StartAsync(api, time: clock);
        var users = Enumerable.Range(1, 100).Select(i => 800_000L + i).ToList();
        foreach (var user in users)
        {
            api.EnqueueUserMessage(user, user, "/start");
        }

        for (var i = 0; i < 45; i++)
        {
            api.EnqueueUserMessage(Group, Member + i, "/help", chatType: "supergroup");
        }

        // Deletes count too: each of these is deleted at once, then warned with two messages.
        var leakers = Enumerable.Range(1, 30).Select(i => 810_000L + i).ToList();
        foreach (var user in leakers)
        {
            api.EnqueueUserMessage(user, user, $"my phrase is {Phrase}");
        }

        await using (RunClockWhenQuiet(clock, api))
        {
            await api.WaitUntilAsync(() => users.All(u => api.SentMessages(u).Count == 1) && api.SentMessages(Group).Count == 45
                && leakers.All(u => api.SentMessages(u).Count == 2), TimeSpan.FromSeconds(120), "every answer delivered");
        }

        var calls = api.Calls.Where(c => MessageCalls.Contains(c.Method)).ToList();
        Assert.Equal(100 + 45 + (30 * 3), calls.Count);
        Assert.Equal(30, api.Deletions.Count);
        Assert.InRange(MostWithin(calls.Select(c => c.At), TimeSpan.FromSeconds(1)), 1, 30);
        var toGroup = calls.Where(c => c.Parameters["chat_id"]?.ToString() == Group.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(20, MostWithin(toGroup.Select(c => c.At), TimeSpan.FromMinutes(1))); // the limit, used and held
    }

    [Fact]
    public async Task TooManyRequestsInOneChat_PausesEveryChatForRetryAfter()
    {
        const long Alice = 1001;
        const long Bob = 1002;
        var clock = new FakeTimeProvider(TestClock.Epoch);
        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, TimeProvider = clock });
        await using var bot = await TelegramBotHarness.StartAsync(api, time: clock);
        api.InjectTooManyRequests(1, retryAfterSeconds: 5, chatId: Alice);

        api.EnqueueUserMessage(Alice, Alice, "/start");
        await api.WaitUntilAsync(() => api.TooManyRequestsAnswered == 1, description: "Alice's reply refused with 429");
        var refused = api.CallsOf("sendMessage").Single(c => c.StatusCode == 429);
        var outbox = bot.Services.GetRequiredService<SupportBot.Telegram.Sending.TelegramOutbox>();
        for (var i = 0; i < 200 && outbox.PausedUntil <= refused.At; i++)
        {
            await Task.Delay(10); // the bot reads the 429 a moment after the fake sent it
        }

        api.EnqueueUserMessage(Bob, Bob, "/start");
        await WaitUntilHandledAsync(api, bot);

        // Time stands still: Bob's reply is committed and due, yet nothing goes out during Alice's retry_after.
        await Assert.ThrowsAsync<TimeoutException>(() => api.WaitUntilAsync(() => api.SentMessages(Bob).Count > 0, TimeSpan.FromSeconds(1)));
        clock.Advance(TimeSpan.FromSeconds(5));
        var toBob = Assert.Single(await api.WaitForMessagesAsync(Bob, 1));
        var toAlice = Assert.Single(await api.WaitForMessagesAsync(Alice, 1));

        Assert.True(toBob.SentAt >= refused.At + TimeSpan.FromSeconds(5), $"Bob's reply at {toBob.SentAt:O}, the 429 at {refused.At:O}");
        Assert.True(toAlice.SentAt >= refused.At + TimeSpan.FromSeconds(5));
    }

    /// <summary>The most of <paramref name="times"/> that fall within any one rolling <paramref name="window"/>.</summary>
    private static int MostWithin(IEnumerable<DateTimeOffset> times, TimeSpan window)
    {
        var sorted = times.Order().ToList();
        var most = 0;
        for (int first = 0, last = 0; last < sorted.Count; last++)
        {
            while (sorted[last] - sorted[first] >= window)
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        return most;
    }

    /// <summary>Every update fetched from the fake is handled and its turn committed.</summary>
    private static async Task WaitUntilHandledAsync(FakeBotApi api, TelegramBotHarness bot)
    {
        await api.WaitForUpdatesConsumedAsync();
        var inbox = bot.Services.GetRequiredService<IUpdateInbox>();
        for (var i = 0; i < 200 && (await inbox.PendingAsync("telegram", 1, CancellationToken.None)).Count > 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.Empty(await inbox.PendingAsync("telegram", 1, CancellationToken.None));
    }

    /// <summary>
    /// Moves the clock on whenever the fake has received nothing for a moment: while the bot can make progress, time
    /// stands still, so everything the limits let through is sent at once — the burst a limiter must hold back.
    /// </summary>
    private static IAsyncDisposable RunClockWhenQuiet(FakeTimeProvider clock, FakeBotApi api) => new ClockRunner(clock, api);

    private static int Enqueue(FakeBotApi api, JsonObject update)
    {
        api.EnqueueUpdate(update);
        return (int)update["message"]!["message_id"]!;
    }

    private int OutboundRows()
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM channel_outbound;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private string DatabaseText()
    {
        SqliteConnection.ClearAllPools();
        return string.Concat(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*").Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
    }

    private sealed class ClockRunner : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task running;

        public ClockRunner(FakeTimeProvider clock, FakeBotApi api) => running = Task.Run(async () =>
        {
            var seen = -1;
            while (!stop.IsCancellationRequested)
            {
                var received = api.Calls.Count;
                if (received == seen)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(250));
                }

                seen = received;
                await Task.Delay(10);
            }
        });

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await running;
            stop.Dispose();
        }
    }
}
