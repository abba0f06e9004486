using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// Works through the inbox: updates of one chat in order, chats in parallel. An update is marked done only after
/// its replies went out; a failing one is retried a bounded number of times, then skipped with a note, so it never
/// stalls the others.
/// </summary>
public sealed class TelegramUpdateProcessor(
    IUpdateInbox inbox,
    TelegramUpdateHandler handler,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramUpdateProcessor> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private const int ParallelChats = 16;

    private readonly SemaphoreSlim signal = new(0, int.MaxValue);

    /// <summary>New updates are in the inbox.</summary>
    public void Signal() => signal.Release();

    /// <summary>Handles everything pending now; returns when the inbox has nothing it can make progress on.</summary>
    public async Task ProcessPendingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pending = await inbox.PendingAsync(TelegramUpdateHandler.Channel, BatchSize, cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                return;
            }

            var progressed = 0;
            await Parallel.ForEachAsync(pending.GroupBy(ChatOf), new ParallelOptions { MaxDegreeOfParallelism = ParallelChats },
                async (chat, _) =>
                {
                    foreach (var item in chat)
                    {
                        // Stopping picks up nothing new, but an update already started is finished (its replies sent,
                        // then marked done): cancelling in between is how a restart would answer twice.
                        if (cancellationToken.IsCancellationRequested)
                        {
                            return;
                        }

                        if (!await HandleOneAsync(item, CancellationToken.None).ConfigureAwait(false))
                        {
                            return; // keep this chat's order: later updates wait for the failed one's retry
                        }

                        Interlocked.Increment(ref progressed);
                    }
                }).ConfigureAwait(false);

            if (progressed == 0 || cancellationToken.IsCancellationRequested)
            {
                return; // only failing updates left: retry them on the next signal or tick
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ProcessPendingAsync(stoppingToken).ConfigureAwait(false);
                await signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Processing Telegram updates failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <returns>True when the update is finished with (handled, or given up).</returns>
    private async Task<bool> HandleOneAsync(InboxItem item, CancellationToken cancellationToken)
    {
        try
        {
            await handler.HandleAsync(TelegramUpdateRedaction.FromStored(item.Payload), cancellationToken).ConfigureAwait(false);
            await inbox.MarkDoneAsync(item.Channel, item.UpdateId, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var gaveUp = await inbox.MarkFailedAsync(item.Channel, item.UpdateId, ex.Message, options.Value.MaxUpdateAttempts, cancellationToken).ConfigureAwait(false);
            if (gaveUp)
            {
                logger.LogError(ex, "Skipping Telegram update {UpdateId} after {Attempts} failed attempts", item.UpdateId, item.Attempts + 1);
            }
            else
            {
                logger.LogWarning(ex, "Telegram update {UpdateId} failed (attempt {Attempt}); will retry", item.UpdateId, item.Attempts + 1);
            }

            return gaveUp;
        }
    }

    private static long ChatOf(InboxItem item)
    {
        try
        {
            var update = TelegramUpdateRedaction.FromStored(item.Payload).Update;
            return (update.Message ?? update.EditedMessage)?.Chat.Id ?? update.CallbackQuery?.Message?.Chat.Id ?? update.CallbackQuery?.From.Id ?? 0;
        }
        catch (System.Text.Json.JsonException)
        {
            return 0; // unreadable: handled (and given up) in the shared lane
        }
    }
}
