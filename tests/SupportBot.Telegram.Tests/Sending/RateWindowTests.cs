using Microsoft.Extensions.Time.Testing;
using SupportBot.Telegram.Sending;

namespace SupportBot.Telegram.Tests.Sending;

/// <summary>The rolling window on a clock moved by hand: what may start now, and what must wait.</summary>
public sealed class RateWindowTests
{
    private readonly FakeTimeProvider clock = new(TestClock.Epoch);

    [Fact]
    public async Task Acquire_FromTheFirstCall_NoMoreThanTheLimitWithinAWindow()
    {
        var window = new RateWindow(3, TimeSpan.FromSeconds(1), clock);
        for (var i = 0; i < 3; i++)
        {
            (await window.AcquireAsync(CancellationToken.None)).Dispose();
        }

        var fourth = window.AcquireAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(fourth.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        (await fourth).Dispose();
    }

    [Fact]
    public async Task Acquire_SlotHeldUntilAWindowAfterTheAnswer_NotAfterTheStart()
    {
        var window = new RateWindow(1, TimeSpan.FromSeconds(1), clock);
        var slow = await window.AcquireAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2)); // the call took two seconds
        var next = window.AcquireAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);

        slow.Dispose();
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        (await next).Dispose();
    }

    [Fact]
    public async Task Pause_HoldsEveryCallUntilItEnds_EvenWithSlotsFree()
    {
        var window = new RateWindow(30, TimeSpan.FromSeconds(1), clock);
        window.Pause(TimeSpan.FromSeconds(5));

        var call = window.AcquireAsync(CancellationToken.None);
        var unmetered = window.WaitWhilePausedAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(call.IsCompleted);
        Assert.False(unmetered.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        (await call).Dispose();
        await unmetered;
    }

    [Fact]
    public async Task Acquire_Cancelled_Throws()
    {
        var window = new RateWindow(1, TimeSpan.FromSeconds(1), clock);
        using var held = await window.AcquireAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = window.AcquireAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
