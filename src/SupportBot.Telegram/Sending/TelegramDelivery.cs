using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Conversations;
using SupportBot.Telegram.Updates;

namespace SupportBot.Telegram.Sending;

/// <summary>
/// Commits turns to the outbound log and delivers what the log holds: per chat in the order it was committed, each
/// call removed from the log as soon as Telegram confirms it. After a crash or restart delivery resumes from the first
/// unconfirmed call, so only the one in flight at the moment of the crash can reach the user twice.
/// </summary>
public sealed class TelegramDelivery(IOutboundLog log, TelegramOutbox outbox, IOptions<TelegramOptions> options, ILogger<TelegramDelivery> logger)
{
    private const int PageSize = 200;
    private const int ParallelChats = 16;

    private readonly KeyedLock delivering = new();

    /// <summary>Stores the turn's calls and marks its update done, in one step: from here on the turn is never run again.</summary>
    public Task CommitAsync(long updateId, TelegramTurn turn, CancellationToken cancellationToken) =>
        log.CommitTurnAsync(TelegramUpdateHandler.Channel, updateId, [.. turn.Calls.Select(c => new OutboundEntry(ChatKey(c.ChatId), c.ToJson()))], cancellationToken);

    /// <summary>Delivers everything owed to these chats.</summary>
    public async Task DeliverAsync(IEnumerable<long> chatIds, CancellationToken cancellationToken)
    {
        foreach (var chat in chatIds)
        {
            await DeliverChatAsync(ChatKey(chat), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Delivers everything owed to any chat (what an earlier run left, and calls whose retry is due).</summary>
    public async Task DeliverAllAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pending = await log.PendingAsync(TelegramUpdateHandler.Channel, null, PageSize, cancellationToken).ConfigureAwait(false);
            var finished = 0;
            await Parallel.ForEachAsync(pending.Select(p => p.Chat).Distinct(), new ParallelOptions { MaxDegreeOfParallelism = ParallelChats, CancellationToken = cancellationToken },
                async (chat, ct) => Interlocked.Add(ref finished, await DeliverChatAsync(chat, ct).ConfigureAwait(false))).ConfigureAwait(false);
            if (finished == 0)
            {
                return; // nothing left, or only calls that keep failing: their retry comes with the next round
            }
        }
    }

    /// <returns>How many calls were finished with (sent, refused for good, or given up).</returns>
    private async Task<int> DeliverChatAsync(string chat, CancellationToken cancellationToken)
    {
        // One deliverer per chat, or two could read the same unconfirmed call and both send it.
        using var held = await delivering.AcquireAsync(chat, cancellationToken).ConfigureAwait(false);
        var finished = 0;
        while (true)
        {
            var pending = await log.PendingAsync(TelegramUpdateHandler.Channel, chat, PageSize, cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                return finished;
            }

            foreach (var item in pending)
            {
                if (!await DeliverOneAsync(item, cancellationToken).ConfigureAwait(false))
                {
                    return finished; // keep the chat's order: later calls wait for this one's retry
                }

                finished++;
            }
        }
    }

    /// <returns>True when the call is finished with; false when it failed and will be retried.</returns>
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
            await outbox.SendAsync(call.ChatId, call.IsGroup, call.ExecuteAsync, cancellationToken).ConfigureAwait(false);
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
}
