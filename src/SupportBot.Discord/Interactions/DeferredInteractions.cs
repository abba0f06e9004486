using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SupportBot.Discord.Interactions;

/// <summary>
/// The deferred parts of interactions (the turn behind "thinking…", the edit of <c>@original</c>) still running. On a
/// graceful stop the host waits for them, within its shutdown timeout, instead of leaving users with an answer that
/// never comes; only when the timeout runs out are they cancelled.
/// </summary>
public sealed class DeferredInteractions(ILogger<DeferredInteractions> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource abort = new();
    private readonly Lock gate = new();
    private readonly HashSet<Task> running = [];

    /// <summary>Deferred parts running now.</summary>
    public int Running
    {
        get
        {
            lock (gate)
            {
                return running.Count;
            }
        }
    }

    /// <summary>Starts <paramref name="work"/> in the background, tracked until it ends.</summary>
    public void Start(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var token = abort.Token;
        var task = Task.Run(async () =>
        {
            try
            {
                await work(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Past the shutdown timeout: the interaction token stays valid for 15 minutes, but this process will not use it.
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A deferred Discord interaction failed after its response was sent");
            }
        }, CancellationToken.None);
        lock (gate)
        {
            running.Add(task);
        }

        _ = task.ContinueWith(Forget, TaskScheduler.Default);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits for the deferred parts still running; cancels them when <paramref name="cancellationToken"/> fires.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (gate)
        {
            pending = [.. running];
        }

        if (pending.Length == 0)
        {
            return;
        }

        logger.LogInformation("Waiting for {Count} deferred Discord interactions to finish", pending.Length);
        try
        {
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown timeout: cancelling {Count} deferred Discord interactions", Running);
            await abort.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => abort.Dispose();

    private void Forget(Task task)
    {
        lock (gate)
        {
            running.Remove(task);
        }
    }
}
