using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Telegram.Updates;

namespace SupportBot.Telegram.Sending;

/// <summary>
/// Commits turns to the outbound log and delivers what the log holds: per chat in the order it was committed, each
/// call removed from the log as soon as Telegram confirms it. After a crash or restart delivery resumes from the first
/// unconfirmed call, so only the one in flight at the moment of the crash can reach the user twice.
/// </summary>
/// <remarks>
/// Each chat with calls owed has one worker of its own, started on demand and ended when the chat is done, so a
/// group waiting out its 20-a-minute limit holds up neither the other chats nor the handling of new updates.
/// </remarks>
public sealed class TelegramDelivery(IOutboundLog log, TelegramOutbox outbox, TelegramChatLeases leases, IOptions<TelegramOptions> options,
    ILogger<TelegramDelivery> logger)
    : IHostedService, IDisposable
{
    private const int PageSize = 200;

    /// <summary>The update id of calls that no update caused.</summary>
    public const long NoUpdate = 0;

    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationTokenSource aborting = new();
    private readonly Dictionary<string, Worker> workers = [];

    /// <summary>Stores the turn's calls and marks its update done, in one step: from here on the turn is never run again.</summary>
    public Task CommitAsync(long updateId, TelegramTurn turn, CancellationToken cancellationToken) =>
        log.CommitTurnAsync(TelegramUpdateHandler.Channel, updateId, [.. turn.Calls.Select(c => new OutboundEntry(ChatKey(c.ChatId), c.ToJson()))], cancellationToken);

    /// <summary>
    /// Stores calls no update caused (the inactivity check of tickets) and starts delivering them. Update ids are
    /// positive, so <see cref="NoUpdate"/> marks nothing done in the inbox.
    /// </summary>
    public async Task CommitAndDeliverAsync(TelegramTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        await CommitAsync(NoUpdate, turn, cancellationToken).ConfigureAwait(false);
        Deliver(turn.Chats);
    }

    /// <summary>Starts delivering what is owed to these chats (returns at once).</summary>
    public void Deliver(IEnumerable<long> chatIds)
    {
        foreach (var chat in chatIds)
        {
            Kick(ChatKey(chat));
        }
    }

    /// <summary>Starts delivering everything owed: what an earlier run left, and calls whose retry is due.</summary>
    public async Task DeliverAllAsync(CancellationToken cancellationToken)
    {
        var pending = await log.PendingAsync(TelegramUpdateHandler.Channel, null, PageSize, cancellationToken).ConfigureAwait(false);
        foreach (var chat in pending.Select(p => p.Chat).Distinct())
        {
            Kick(chat);
        }
    }

    /// <summary>
    /// Nothing to start: what an earlier run left unsent is delivered by <see cref="TelegramUpdateProcessor"/> on its
    /// first pass, on the instance that works through the shared log (in polling mode, the one that polls).
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Stops every worker. Calls already on their way are let finish, so a restart does not repeat them; when the host
    /// will not wait any longer they are cut off, and the log still holds whatever Telegram did not confirm.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (workers)
        {
            stopping.Cancel();
            running = [.. workers.Values.Select(w => w.Running)];
        }

        using (cancellationToken.Register(aborting.Cancel))
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        stopping.Dispose();
        aborting.Dispose();
    }

    private void Kick(string chat)
    {
        lock (workers)
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            if (workers.TryGetValue(chat, out var busy))
            {
                busy.Again = true; // it looks once more before it ends
                return;
            }

            var worker = new Worker();
            workers[chat] = worker;
            worker.Running = Task.Run(() => WorkAsync(chat, worker));
        }
    }

    private async Task WorkAsync(string chat, Worker worker)
    {
        while (true)
        {
            try
            {
                await DeliverChatAsync(chat, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopping: the rest stays in the log for the next run.
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Delivering to Telegram chat {Chat} failed; retrying later", chat);
            }

            lock (workers)
            {
                if (!worker.Again || stopping.IsCancellationRequested)
                {
                    workers.Remove(chat);
                    return;
                }

                worker.Again = false;
            }
        }
    }

    private async Task DeliverChatAsync(string chat, CancellationToken cancellationToken)
    {
        // One instance delivers a chat's calls at a time (the log is shared); the holder reads again before it lets go.
        var held = await leases.TryHoldAsync(TelegramChatLeases.Sending(chat), cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            return;
        }

        await using (held.ConfigureAwait(false))
        {
            await DeliverHeldChatAsync(chat, held, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeliverHeldChatAsync(string chat, TelegramChatLeases.Held held, CancellationToken cancellationToken)
    {
        while (!held.Lost)
        {
            var pending = await log.PendingAsync(TelegramUpdateHandler.Channel, chat, PageSize, cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                return;
            }

            foreach (var item in pending)
            {
                if (held.Lost || !await DeliverOneAsync(item, cancellationToken).ConfigureAwait(false))
                {
                    return; // keep the chat's order: later calls wait for this one's retry
                }
            }
        }
    }

    /// <returns>True when the call is finished with (sent, refused for good, or given up); false when it will be retried.</returns>
    private async Task<bool> DeliverOneAsync(OutboundItem item, CancellationToken cancellationToken)
    {
        TelegramCall call;
        try
        {
            call = TelegramCall.FromJson(item.Payload);
        }
        catch (JsonException ex)
        {
            logger.LogError(ex, "Dropping unreadable outbound call {Id} for chat {Chat}", item.Id, item.Chat);
            await log.MarkSentAsync(item.Id, CancellationToken.None).ConfigureAwait(false);
            return true;
        }

        try
        {
            await outbox.SendAsync(call.ChatId, call.IsGroup, call.ExecuteAsync, cancellationToken, aborting.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var gaveUp = await log.MarkFailedAsync(item.Id, options.Value.MaxUpdateAttempts, CancellationToken.None).ConfigureAwait(false);
            if (gaveUp)
            {
                logger.LogError(ex, "Dropping a {Method} to chat {Chat} after {Attempts} failed attempts", call.Method, item.Chat, item.Attempts + 1);
            }
            else
            {
                logger.LogWarning(ex, "A {Method} to chat {Chat} failed (attempt {Attempt}); will retry", call.Method, item.Chat, item.Attempts + 1);
            }

            return gaveUp;
        }

        // Confirmed (or refused for good): recorded even when stopping, so a restart does not send it again.
        await log.MarkSentAsync(item.Id, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    private static string ChatKey(long chatId) => chatId.ToString(CultureInfo.InvariantCulture);

    private sealed class Worker
    {
        public Task Running { get; set; } = Task.CompletedTask;

        /// <summary>More was committed while it worked; guarded by the workers' lock.</summary>
        public bool Again { get; set; }
    }
}
