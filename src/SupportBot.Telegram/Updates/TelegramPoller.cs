using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// Long polling. Each batch is stored in the inbox before the next getUpdates confirms it (its offset), so a crash
/// loses nothing; after a restart polling resumes after the last stored update, and pending updates are never dropped.
/// </summary>
public sealed class TelegramPoller(
    ITelegramBotClient bot,
    IUpdateInbox inbox,
    TelegramUpdateProcessor processor,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramPoller> logger) : BackgroundService
{
    // Edits too: a message edited into a recovery phrase must meet the secret guard like a new one. chat_member
    // (joins and who is an administrator) comes only when asked for, and only to a bot that is an administrator.
    internal static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery, UpdateType.ChatMember];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        int? offset = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                offset ??= (int)((await inbox.LastUpdateIdAsync(TelegramUpdateHandler.Channel, stoppingToken).ConfigureAwait(false) ?? -1) + 1);
                var updates = await bot.GetUpdates(offset, limit: 100, timeout: options.Value.PollTimeoutSeconds, allowedUpdates: AllowedUpdates,
                    cancellationToken: stoppingToken).ConfigureAwait(false);
                foreach (var update in updates)
                {
                    await inbox.TryAddAsync(TelegramUpdateHandler.Channel, update.Id, TelegramUpdateRedaction.ToStored(update), stoppingToken).ConfigureAwait(false);
                    offset = update.Id + 1;
                }

                if (updates.Length > 0)
                {
                    processor.Signal();
                }

                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Telegram.Bot's own loop retries at once; a pause keeps an outage from becoming a request storm.
                logger.LogWarning("Polling Telegram failed, retrying in {Seconds} s: {Error}", backoff.TotalSeconds, ex.Message);
                await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }
}
