using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// Long polling, by the one instance that holds the <see cref="TelegramPollingLease"/>; the others stand by and try
/// to take it every few seconds. Each batch is stored in the inbox before the next getUpdates confirms it (its
/// offset), so a crash loses nothing; polling resumes after the last stored update, and pending updates are never
/// dropped. The lease is released once the bot has stopped (see <see cref="TelegramPollingLease"/>).
/// </summary>
public sealed class TelegramPoller(
    ITelegramBotClient bot,
    IUpdateInbox inbox,
    TelegramUpdateProcessor processor,
    TelegramPollingLease lease,
    TelegramChannelHealth health,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramPoller> logger) : BackgroundService
{
    // Edits too: a message edited into a recovery phrase must meet the secret guard like a new one. chat_member
    // (joins and who is an administrator) comes only when asked for, and only to a bot that is an administrator.
    internal static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery, UpdateType.ChatMember];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                bool taken;
                try
                {
                    taken = await lease.TryTakeAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Cannot reach the lease store to take the Telegram polling lease: {Error}", ex.Message);
                    taken = false;
                }

                if (!taken)
                {
                    await Task.Delay(TelegramPollingLease.RenewEvery, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                logger.LogInformation("This instance ({Holder}) polls Telegram", lease.Holder);
                processor.Signal(); // what the previous holder left pending is this instance's now
                using var holding = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var renewing = RenewAsync(holding, stoppingToken);
                try
                {
                    await PollAsync(holding.Token).ConfigureAwait(false);
                }
                finally
                {
                    await holding.CancelAsync().ConfigureAwait(false);
                    await renewing.ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the lease is released once the processor has finished what it started.
        }
    }

    /// <summary>Polls until <paramref name="holding"/> ends: the lease is lost, or the bot stops.</summary>
    private async Task PollAsync(CancellationToken holding)
    {
        var backoff = TimeSpan.FromSeconds(1);
        int? offset = null;
        while (!holding.IsCancellationRequested)
        {
            try
            {
                // Read again on every takeover: the previous holder stored updates up to here.
                offset ??= (int)((await inbox.LastUpdateIdAsync(TelegramUpdateHandler.Channel, holding).ConfigureAwait(false) ?? -1) + 1);
                var updates = await bot.GetUpdates(offset, limit: 100, timeout: options.Value.PollTimeoutSeconds, allowedUpdates: AllowedUpdates,
                    cancellationToken: holding).ConfigureAwait(false);
                foreach (var update in updates)
                {
                    // Not cut off half-way by a lost lease: an update Telegram handed over is stored before anything else.
                    await inbox.TryAddAsync(TelegramUpdateHandler.Channel, update.Id, TelegramUpdateRedaction.ToStored(update), CancellationToken.None)
                        .ConfigureAwait(false);
                    offset = update.Id + 1;
                }

                if (updates.Length > 0)
                {
                    processor.Signal();
                }

                health.Recovered();
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (holding.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (ex is ApiRequestException { ErrorCode: 401 or 404 })
                {
                    health.Failed($"Telegram rejects the token: {ex.Message}");
                }

                // Telegram.Bot's own loop retries at once; a pause keeps an outage from becoming a request storm.
                logger.LogWarning("Polling Telegram failed, retrying in {Seconds} s: {Error}", backoff.TotalSeconds, ex.Message);
                try
                {
                    await Task.Delay(backoff, time, holding).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (holding.IsCancellationRequested)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>
    /// Renews the lease while polling; ends <paramref name="holding"/> when another instance has it, or when the store
    /// could not be reached for a whole lease time (by then another instance may have taken over).
    /// </summary>
    private async Task RenewAsync(CancellationTokenSource holding, CancellationToken stoppingToken)
    {
        var renewed = time.GetUtcNow();
        try
        {
            while (!holding.IsCancellationRequested)
            {
                await Task.Delay(TelegramPollingLease.RenewEvery, time, holding.Token).ConfigureAwait(false);
                try
                {
                    if (await lease.TryTakeAsync(holding.Token).ConfigureAwait(false))
                    {
                        renewed = time.GetUtcNow();
                        continue;
                    }

                    logger.LogWarning("Another instance took the Telegram polling lease; this one stands by");
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !holding.IsCancellationRequested)
                {
                    if (time.GetUtcNow() - renewed < TelegramPollingLease.Duration)
                    {
                        continue;
                    }

                    logger.LogWarning("Could not renew the Telegram polling lease for {Seconds} s ({Error}); this one stands by",
                        TelegramPollingLease.Duration.TotalSeconds, ex.Message);
                    lease.Lost();
                }

                await holding.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException) when (holding.IsCancellationRequested || stoppingToken.IsCancellationRequested)
        {
            // Polling ended.
        }
    }
}
