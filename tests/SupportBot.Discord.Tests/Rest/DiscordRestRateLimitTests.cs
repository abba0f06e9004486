using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using static SupportBot.Discord.Tests.Rest.DiscordRestClientTests;

namespace SupportBot.Discord.Tests.Rest;

/// <summary>Buckets, queues, 429s and the global limits, measured on the fake's arrival times.</summary>
public sealed class DiscordRestRateLimitTests
{
    [Fact]
    public async Task Route_RemainingZero_NextCallWaitsForResetAfter()
    {
        await using var h = await RestHarness.StartAsync();
        h.Fake.SetRateLimit(FakeRoute.CreateMessage, new FakeRateLimit("b1", 1, TimeSpan.FromMilliseconds(200)));

        await h.Rest.CreateMessageAsync(42, Text("one"));
        await h.Rest.CreateMessageAsync(42, Text("two"));

        var requests = h.Fake.RequestsTo(FakeRoute.CreateMessage);
        Assert.Equal([200, 200], requests.Select(r => r.Status));
        Assert.Equal("0", requests[0].ResponseHeader("X-RateLimit-Remaining"));
        Assert.Equal("0.2", requests[0].ResponseHeader("X-RateLimit-Reset-After"));
        Assert.Equal("b1", requests[0].ResponseHeader("X-RateLimit-Bucket"));
        AssertGap(requests[0], requests[1], 200);
    }

    [Fact]
    public async Task RateLimited429_NotGlobal_RetriedOnceAfterRetryAfter()
    {
        await using var h = await RestHarness.StartAsync();
        h.Fake.Inject(FakeRoute.CreateMessage, FakeFault.RateLimited(0.3));

        var held = h.Rest.CreateMessageAsync(42, Text("held"));
        await h.Fake.WaitForAsync(r => r.Any(x => x.Status == 429));
        await h.Rest.CreateMessageAsync(43, Text("another channel is not held"));
        await held;

        var requests = h.Fake.RequestsTo(FakeRoute.CreateMessage);
        var toHeld = requests.Where(r => r.Path.Contains("/42/", StringComparison.Ordinal)).ToList();
        Assert.Equal([429, 200], toHeld.Select(r => r.Status));
        AssertGap(toHeld[0], toHeld[1], 300);
        var other = Assert.Single(requests, r => r.Path.Contains("/43/", StringComparison.Ordinal));
        Assert.True(other.At < toHeld[1].At, "a sub-limit delays only its own request");
    }

    [Fact]
    public async Task GlobalRateLimit_429_PausesEveryBotRouteButNotInteractionReplies()
    {
        // A pause long enough that a loaded machine cannot outlast it: the reply must go out inside it, by order alone.
        await using var h = await RestHarness.StartAsync();
        h.Fake.Inject(FakeRoute.CreateMessage, FakeFault.GlobalRateLimit(1.0));

        var first = h.Rest.CreateMessageAsync(42, Text("first"));
        await h.Fake.WaitForAsync(r => r.Any(x => x.Status == 429));
        await WaitUntilAsync(() => h.Client.Limiter.GloballyPaused);
        var otherChannel = h.Rest.CreateMessageAsync(43, Text("other channel"));
        var otherRoute = h.Rest.BulkOverwriteGlobalCommandsAsync(200, []);
        var reply = h.Rest.CreateInteractionResponseAsync(900, "tok", new JsonObject { ["type"] = 5 });
        await reply;
        var replyDone = h.Fake.Requests.Count;
        await Task.WhenAll(first, otherChannel, otherRoute);

        var requests = h.Fake.Requests;
        var limited = Assert.Single(requests, r => r.Status == 429);
        Assert.Equal("true", limited.ResponseHeader("X-RateLimit-Global"));
        Assert.Equal(2, replyDone); // interaction replies are exempt from the global limit: only the 429 came before
        var callback = Assert.Single(requests, r => r.Route == FakeRoute.InteractionCallback);
        var paused = requests.Where(r => r.Route != FakeRoute.InteractionCallback && r != limited).ToList();
        Assert.All(paused, r => Assert.True(callback.At < r.At, "the reply went out while the others waited"));
        Assert.All(paused, r => AssertGap(limited, r, 1000));
        Assert.Equal(5, requests.Count);
    }

    [Fact]
    public async Task Bucket_SharedByTwoRoutes_LimitsThemTogether()
    {
        await using var h = await RestHarness.StartAsync();
        var shared = new FakeRateLimit("shared-bucket", 2, TimeSpan.FromMilliseconds(400));
        h.Fake.SetRateLimit(FakeRoute.CreateMessage, shared);
        h.Fake.SetRateLimit(FakeRoute.EditMessage, shared);

        var id = await h.Rest.CreateMessageAsync(42, Text("one"));
        await h.Rest.EditMessageAsync(42, id, Text("two"));
        await h.Rest.CreateMessageAsync(42, Text("three"));

        var requests = h.Fake.Requests;
        Assert.Equal([200, 200, 200], requests.Select(r => r.Status));
        Assert.Equal("0", requests[1].ResponseHeader("X-RateLimit-Remaining"));
        AssertGap(requests[0], requests[2], 400);
    }

    [Fact]
    public async Task MajorParameter_TwoChannels_DoNotBlockEachOther()
    {
        await using var h = await RestHarness.StartAsync();
        h.Fake.SetRateLimit(FakeRoute.CreateMessage, new FakeRateLimit("messages", 1, TimeSpan.FromSeconds(1)));
        await h.Rest.CreateMessageAsync(42, Text("one"));

        var waiting = h.Rest.CreateMessageAsync(42, Text("two"));
        await h.Rest.CreateMessageAsync(43, Text("elsewhere"));
        await waiting;

        // Channel 43 went out while channel 42's second message waited for its bucket: in between, not after it.
        var requests = h.Fake.Requests;
        Assert.All(requests, r => Assert.Equal(200, r.Status));
        Assert.Equal(["one", "elsewhere", "two"], requests.Select(r => (string?)r.Json?["content"]));
        AssertGap(requests[0], requests[2], 1000);
    }

    [Fact]
    public async Task Queue_ManyCallsHeadRateLimited_SentInFifoOrder()
    {
        await using var h = await RestHarness.StartAsync();
        h.Fake.SetRateLimit(FakeRoute.CreateMessage, new FakeRateLimit("messages", 2, TimeSpan.FromMilliseconds(150)));
        h.Fake.Inject(FakeRoute.CreateMessage, FakeFault.RateLimited(0.1));

        var calls = Enumerable.Range(1, 6).Select(i => h.Rest.CreateMessageAsync(42, Text($"{i}"))).ToList();
        await Task.WhenAll(calls);

        var served = h.Fake.Requests.Where(r => r.Status == 200).Select(r => (string?)r.Json?["content"]);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], served);
        Assert.Single(h.Fake.Requests, r => r.Status == 429);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], h.Fake.MessagesIn(42).Select(m => (string?)m["content"]));
    }

    [Fact]
    public async Task Queue_WaiterCancelled_LaterCallsKeepOrder()
    {
        await using var h = await RestHarness.StartAsync();
        h.Fake.SetRateLimit(FakeRoute.CreateMessage, new FakeRateLimit("messages", 1, TimeSpan.FromMilliseconds(300)));
        await h.Rest.CreateMessageAsync(42, Text("1"));

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var cancelled = h.Rest.CreateMessageAsync(42, Text("2"), cancel.Token);
        var third = h.Rest.CreateMessageAsync(42, Text("3"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await third;
        Assert.Equal(["1", "3"], h.Fake.Requests.Select(r => (string?)r.Json?["content"]));
        Assert.All(h.Fake.Requests, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Bucket_ExhaustedByAnotherProcess_WaitsRetryAfterThenSucceeds()
    {
        await using var h = await RestHarness.StartAsync();
        h.Fake.SetRateLimit(FakeRoute.CreateMessage, new FakeRateLimit("messages", 1, TimeSpan.FromMilliseconds(300)));
        await h.CreateSecondClient().CreateMessageAsync(42, Text("from the other process"));

        await h.Rest.CreateMessageAsync(42, Text("mine"));

        var requests = h.Fake.Requests;
        Assert.Equal([200, 429, 200], requests.Select(r => r.Status));
        Assert.Equal("0", requests[1].ResponseHeader("X-RateLimit-Remaining"));
        AssertGap(requests[0], requests[2], 300);
        var resetAfter = double.Parse(requests[1].ResponseHeader("X-RateLimit-Reset-After")!, CultureInfo.InvariantCulture);
        AssertGap(requests[1], requests[2], (int)Math.Floor(resetAfter * 1000));
    }

    [Fact]
    public async Task GlobalThrottle_MoreCallsThanPerSecondLimit_SpreadOverOneSecond()
    {
        await using var h = await RestHarness.StartAsync(o => o.GlobalRequestsPerSecond = 4);
        var start = h.Fake.Elapsed;

        await Task.WhenAll(Enumerable.Range(1, 6).Select(i => h.Rest.CreateMessageAsync((ulong)i, Text("hi"))));

        var arrivals = h.Fake.Requests.Select(r => r.At - start).Order().ToList();
        Assert.Equal(6, arrivals.Count);
        Assert.True(arrivals[4] >= TimeSpan.FromSeconds(1), $"the fifth waits for the window: {arrivals[4].TotalMilliseconds} ms");
    }

    [Fact]
    public async Task GlobalThrottle_InteractionReplies_AreExempt()
    {
        await using var h = await RestHarness.StartAsync(o => o.GlobalRequestsPerSecond = 1);
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(1, 6).Select(i => h.Rest.CreateInteractionResponseAsync((ulong)i, $"token-{i}", new JsonObject { ["type"] = 5 })));

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(900), $"took {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(6, h.Fake.Requests.Count(r => r.Status == 204));
    }

    [Fact]
    public async Task Queues_IdleForMinutes_AreSwept()
    {
        var time = new FakeTimeProvider();
        await using var h = await RestHarness.StartAsync(timeProvider: time);
        for (var i = 1; i <= 3; i++)
        {
            await h.Rest.CreateInteractionResponseAsync((ulong)i, $"token-{i}", new JsonObject { ["type"] = 5 });
        }

        Assert.Equal(3, h.Client.Limiter.QueueCount);
        time.Advance(TimeSpan.FromMinutes(6));
        await h.Rest.CreateMessageAsync(42, Text("later"));

        Assert.Equal(1, h.Client.Limiter.QueueCount);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "timed out waiting for the client");
            await Task.Delay(5);
        }
    }

    private static void AssertGap(FakeRestRequest earlier, FakeRestRequest later, int milliseconds)
    {
        var gap = later.At - earlier.At;
        Assert.True(gap >= TimeSpan.FromMilliseconds(milliseconds), $"{later.Method} {later.Path} came {gap.TotalMilliseconds:0.#} ms after the earlier request; expected at least {milliseconds} ms");
    }
}
