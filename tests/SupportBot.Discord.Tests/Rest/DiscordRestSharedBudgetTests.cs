using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Channels;
using SupportBot.Core.Telemetry;
using SupportBot.Discord.Rest;
using static SupportBot.Discord.Tests.Rest.DiscordRestClientTests;

namespace SupportBot.Discord.Tests.Rest;

/// <summary>Discord's global limit across instances through one <see cref="ISendBudget"/>, and the REST client's metrics.</summary>
public sealed class DiscordRestSharedBudgetTests
{
    // Two processes with one token: each alone is within its own limit of 3 a second, together they are not.
    [Fact]
    public async Task SharedBudget_TwoProcesses_TogetherNoMoreThanTheGlobalLimitPerSecond()
    {
        var time = new FakeTimeProvider(TestClock.Epoch);
        var budget = new InMemorySendBudget(time);
        await using var h = await RestHarness.StartAsync(o => o.GlobalRequestsPerSecond = 3, time, sharedBudget: budget);
        var second = h.CreateSecondClient(o => o.GlobalRequestsPerSecond = 3, time, budget);

        var sends = new List<Task>();
        for (var i = 0; i < 3; i++)
        {
            sends.Add(h.Rest.CreateMessageAsync(40 + (ulong)i, Text("first process")));
            sends.Add(second.CreateMessageAsync(50 + (ulong)i, Text("second process")));
        }

        await h.Fake.WaitForAsync(r => r.Count == 3);
        await Task.Delay(300);
        Assert.Equal(3, h.Fake.Requests.Count);

        time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(6, h.Fake.Requests.Count);
        Assert.All(h.Fake.Requests, r => Assert.Equal(200, r.Status));
        Assert.Empty(h.Fake.SchemaViolations);
    }

    [Fact]
    public async Task SharedBudget_InteractionReplies_TakeNothing()
    {
        var time = new FakeTimeProvider(TestClock.Epoch);
        var budget = new InMemorySendBudget(time);
        await using var h = await RestHarness.StartAsync(o => o.GlobalRequestsPerSecond = 1, time, sharedBudget: budget);

        await h.Rest.CreateMessageAsync(42, Text("takes the only send of this second"));
        await h.Rest.CreateInteractionResponseAsync(900, "tok", new JsonObject { ["type"] = 5 }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, h.Fake.Requests.Count);
        Assert.NotEqual(TimeSpan.Zero, await budget.TryTakeAsync(DiscordRestClient.GlobalBudgetBucket, 1, TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task SharedBudget_StoreUnreachable_SendsByItsOwnLimit()
    {
        await using var h = await RestHarness.StartAsync(sharedBudget: new UnreachableBudget());

        await h.Rest.CreateMessageAsync(42, Text("still goes out")).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(200, Assert.Single(h.Fake.Requests).Status);
    }

    [Fact]
    public async Task Metrics_MessageCreatesAnd429s_CountedForDiscord()
    {
        await using var h = await RestHarness.StartAsync(metrics: true);
        var factory = h.Services.GetRequiredService<IMeterFactory>();
        _ = h.Services.GetRequiredService<BotMetrics>();
        var sent = 0L;
        var limited = 0L;
        var waits = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BotMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            Assert.Equal("discord", tags.ToArray().Single(t => t.Key == "channel").Value);
            _ = instrument.Name switch
            {
                "supportbot.messages.sent" => Interlocked.Add(ref sent, value),
                "supportbot.rate_limited" => Interlocked.Add(ref limited, value),
                _ => 0,
            };
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (waits)
            {
                waits.Add(value);
            }
        });
        listener.Start();
        h.Fake.Inject(FakeRoute.CreateMessage, FakeFault.RateLimited(0.2));

        await h.Rest.CreateMessageAsync(42, Text("one"));
        var two = await h.Rest.CreateMessageAsync(42, Text("two"));
        await h.Rest.EditMessageAsync(42, two, Text("an edit is not a message sent"));

        Assert.Equal(2, Interlocked.Read(ref sent));
        Assert.Equal(1, Interlocked.Read(ref limited));
        Assert.Equal([0.2], waits);
    }

    /// <summary>A shared store that cannot be reached (Redis down).</summary>
    private sealed class UnreachableBudget : ISendBudget
    {
        public Task<TimeSpan> TryTakeAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken) =>
            Task.FromException<TimeSpan>(new TimeoutException("the store did not answer"));
    }
}
