using Microsoft.Extensions.Logging.Abstractions;
using SupportBot.Discord.Interactions;

namespace SupportBot.Discord.Tests.Interactions;

/// <summary>A graceful stop waits for deferred interactions, and cancels them only when the shutdown timeout runs out.</summary>
public sealed class DeferredInteractionsTests
{
    [Fact]
    public async Task StopAsync_DeferredTurnRunning_WaitsForItToFinish()
    {
        using var deferred = new DeferredInteractions(NullLogger<DeferredInteractions>.Instance);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = false;
        deferred.Start(async ct =>
        {
            await release.Task.WaitAsync(ct);
            finished = true;
        });

        var stop = deferred.StopAsync(CancellationToken.None);
        await Task.Delay(100);
        Assert.False(stop.IsCompleted);

        release.SetResult();
        await stop.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(finished);
        await Eventually(() => deferred.Running == 0);
    }

    [Fact]
    public async Task StopAsync_ShutdownTimeout_CancelsWhatStillRuns()
    {
        using var deferred = new DeferredInteractions(NullLogger<DeferredInteractions>.Instance);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        deferred.Start(async ct =>
        {
            using var registration = ct.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var timeout = new CancellationTokenSource();

        var stop = deferred.StopAsync(timeout.Token);
        await timeout.CancelAsync();

        await stop.WaitAsync(TimeSpan.FromSeconds(5));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Eventually(() => deferred.Running == 0);
    }

    private static Task Eventually(Func<bool> condition) =>
        SupportBot.Discord.Tests.Gateway.Eventually.UntilAsync(condition, "the deferred work to be forgotten");
}
