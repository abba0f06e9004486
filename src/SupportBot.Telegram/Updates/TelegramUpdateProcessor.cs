using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Telegram.Sending;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// Works through the inbox: updates of one chat in order, chats in parallel. Handling an update ends with its turn
/// committed (its calls stored in the outbound log, the update marked done, in one step) and handed to
/// <see cref="TelegramDelivery"/>, which sends them in the background; a crash anywhere never runs a turn twice and
/// never repeats more than the one call in flight. A failing update is retried a bounded number of times, then
/// skipped with a note, so it never stalls the others.
/// </summary>
public sealed class TelegramUpdateProcessor(
    IUpdateInbox inbox,
    TelegramUpdateHandler handler,
    TelegramDelivery delivery,
    TelegramOutbox outbox,
    TelegramPollingLease pollingLease,
    TelegramChatLeases chatLeases,
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
        // In polling mode the inbox and the log are the polling instance's work: a standby one sharing the store
        // would handle the same updates twice.
        if (options.Value.Mode == TelegramMode.Polling && !pollingLease.Held)
        {
            return;
        }

        // Calls waiting for a retry (and, at start-up, what an earlier run left) go out again.
        await delivery.DeliverAllAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var pending = await inbox.PendingAsync(TelegramUpdateHandler.Channel, BatchSize, cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                return;
            }

            // Each chat under its lease, so an update stored by any instance is handled by one, in order; a chat
            // another instance holds is left to it. Read again once the leases are held: the holders before may have
            // handled some of these meanwhile.
            var held = await HoldChatsAsync(pending.Select(ChatOf).Distinct(), cancellationToken).ConfigureAwait(false);
            var progressed = 0;
            try
            {
                if (held.Count > 0)
                {
                    pending = await inbox.PendingAsync(TelegramUpdateHandler.Channel, BatchSize, cancellationToken).ConfigureAwait(false);
                }

                await Parallel.ForEachAsync(pending.GroupBy(ChatOf).Where(chat => held.ContainsKey(chat.Key)),
                    new ParallelOptions { MaxDegreeOfParallelism = ParallelChats },
                    async (chat, _) =>
                    {
                        foreach (var item in chat)
                        {
                            // Stopping picks up nothing new, but an update already started is committed; its calls may
                            // stop going out at any point, the next run delivers the rest.
                            if (cancellationToken.IsCancellationRequested || held[chat.Key].Lost)
                            {
                                return;
                            }

                            var turn = await HandleOneAsync(item, CancellationToken.None).ConfigureAwait(false);
                            if (turn is null)
                            {
                                return; // keep this chat's order: later updates wait for the failed one's retry
                            }

                            Interlocked.Increment(ref progressed);
                            delivery.Deliver(turn.Chats);
                        }
                    }).ConfigureAwait(false);
            }
            finally
            {
                // Released before the next read, so an update stored meanwhile by another instance (which found the
                // lease held and left it) is seen by that read.
                foreach (var lease in held.Values)
                {
                    await lease.DisposeAsync().ConfigureAwait(false);
                }
            }

            if (progressed == 0 || cancellationToken.IsCancellationRequested || (options.Value.Mode == TelegramMode.Polling && !pollingLease.Held))
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

    /// <returns>The committed turn; an empty one when the update was given up; null when it will be retried.</returns>
    private async Task<TelegramTurn?> HandleOneAsync(InboxItem item, CancellationToken cancellationToken)
    {
        try
        {
            var turn = new TelegramTurn(outbox);
            await handler.HandleAsync(TelegramUpdateRedaction.FromStored(item.Payload), turn, cancellationToken).ConfigureAwait(false);
            await delivery.CommitAsync(item.UpdateId, turn, cancellationToken).ConfigureAwait(false);
            return turn;
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

            return gaveUp ? new TelegramTurn(outbox) : null;
        }
    }

    private async Task<Dictionary<long, TelegramChatLeases.Held>> HoldChatsAsync(IEnumerable<long> chats, CancellationToken cancellationToken)
    {
        var held = new Dictionary<long, TelegramChatLeases.Held>();
        try
        {
            foreach (var chat in chats)
            {
                if (await chatLeases.TryHoldAsync(TelegramChatLeases.Updates(chat), cancellationToken).ConfigureAwait(false) is { } lease)
                {
                    held[chat] = lease;
                }
            }

            return held;
        }
        catch
        {
            // Stopping, or the store failed half-way: what was taken is given back, not renewed for ever.
            foreach (var lease in held.Values)
            {
                await lease.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private static long ChatOf(InboxItem item)
    {
        try
        {
            var update = TelegramUpdateRedaction.FromStored(item.Payload).Update;
            return (update.Message ?? update.EditedMessage)?.Chat.Id ?? update.CallbackQuery?.Message?.Chat.Id ?? update.CallbackQuery?.From.Id
                ?? update.ChatMember?.Chat.Id ?? 0;
        }
        catch (System.Text.Json.JsonException)
        {
            return 0; // unreadable: handled (and given up) in the shared lane
        }
    }
}
