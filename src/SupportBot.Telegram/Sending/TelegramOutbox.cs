using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Telemetry;
using SupportBot.Telegram.Updates;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace SupportBot.Telegram.Sending;

/// <summary>
/// Every call to Telegram that sends, edits or deletes a message goes through here: in order per chat and within
/// Telegram's limits, counted over rolling windows from the first call on — at most 30 a second overall, 20 a minute
/// per group, 3 in 3 seconds per chat. A 429 pauses every chat for its <c>retry_after</c> (Telegram says "too many"
/// for the whole bot in a flood, not only for the chat that happened to hit it), then the call is repeated; transient
/// failures are retried a few times.
/// </summary>
/// <remarks>
/// With several instances the overall and per-group limits are the bot's, not each instance's: each message also takes
/// its place in the shared <see cref="ISendBudget"/> (buckets <c>telegram:global</c> and <c>telegram:chat:{id}</c>),
/// waiting when the instances together have used the window up. If the budget's store cannot be reached the local
/// windows still pace this instance.
/// </remarks>
public sealed class TelegramOutbox(ITelegramBotClient bot, IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramOutbox> logger,
    ISendBudget? budget = null, BotMetrics? metrics = null)
{
    internal const int GlobalPerSecond = 30;
    internal const int GroupPerMinute = 20;
    internal const int ChatBurst = 3;
    internal const string GlobalBucket = "telegram:global";

    /// <summary>Chats not used for this long are forgotten, so memory stays bounded; every window is shorter.</summary>
    private static readonly TimeSpan IdleChat = TimeSpan.FromMinutes(2);

    private readonly RateWindow global = new(GlobalPerSecond, TimeSpan.FromSeconds(1), time);
    private readonly Dictionary<long, ChatLane> chats = [];
    private DateTimeOffset nextSweep;

    /// <summary>Until when a 429 holds all sending (in the past when none does).</summary>
    internal DateTimeOffset PausedUntil => global.PausedUntil;

    /// <summary>
    /// Runs <paramref name="call"/> (a sendMessage, an edit, a delete) for <paramref name="chatId"/> after everything
    /// queued for that chat before it, once the rate limits allow.
    /// </summary>
    /// <returns>The call's result; null when Telegram refused it for good (the user blocked the bot, the chat is gone).</returns>
    public Task<T?> SendAsync<T>(long chatId, bool isGroup, Func<ITelegramBotClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class => RunAsync(chatId, isGroup, isMessage: true, call, cancellationToken, cancellationToken);

    /// <summary>
    /// As <see cref="SendAsync{T}(long, bool, Func{ITelegramBotClient, CancellationToken, Task{T}}, CancellationToken)"/>,
    /// but <paramref name="cancellationToken"/> only stops the waiting: a call already on its way is cut off by
    /// <paramref name="abortInFlight"/> alone, so a bot that stops gets Telegram's answer instead of repeating the call later.
    /// </summary>
    public Task<T?> SendAsync<T>(long chatId, bool isGroup, Func<ITelegramBotClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken,
        CancellationToken abortInFlight)
        where T : class => RunAsync(chatId, isGroup, isMessage: true, call, cancellationToken, abortInFlight);

    /// <summary>
    /// A call that is no message (answerCallbackQuery): it is not counted against the message limits, so a button
    /// press is acknowledged at once, but it does wait out a 429 pause like everything else.
    /// </summary>
    public Task<T?> CallAsync<T>(long chatId, Func<ITelegramBotClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class => RunAsync(chatId, isGroup: false, isMessage: false, call, cancellationToken, cancellationToken);

    private async Task<T?> RunAsync<T>(long chatId, bool isGroup, bool isMessage, Func<ITelegramBotClient, CancellationToken, Task<T>> call,
        CancellationToken cancellationToken, CancellationToken abortInFlight)
        where T : class
    {
        var lane = Enter(chatId, isGroup);
        try
        {
            await lane.Order.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await SendWithRetriesAsync(lane, isMessage, call, cancellationToken, abortInFlight).ConfigureAwait(false);
            }
            finally
            {
                lane.Order.Release();
            }
        }
        finally
        {
            Leave(lane);
        }
    }

    private async Task<T?> SendWithRetriesAsync<T>(ChatLane lane, bool isMessage, Func<ITelegramBotClient, CancellationToken, Task<T>> call,
        CancellationToken cancellationToken, CancellationToken abortInFlight)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var slots = new List<IDisposable>(3);
            try
            {
                if (isMessage)
                {
                    slots.Add(await lane.Chat.AcquireAsync(cancellationToken).ConfigureAwait(false));
                    if (lane.Group is { } group)
                    {
                        slots.Add(await group.AcquireAsync(cancellationToken).ConfigureAwait(false));
                    }

                    slots.Add(await global.AcquireAsync(cancellationToken).ConfigureAwait(false));
                    await TakeSharedBudgetAsync(lane, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await global.WaitWhilePausedAsync(cancellationToken).ConfigureAwait(false);
                }

                var result = await call(bot, abortInFlight).ConfigureAwait(false);
                if (isMessage)
                {
                    metrics?.MessageSent(TelegramUpdateHandler.Channel);
                }

                return result;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429)
            {
                var wait = TimeSpan.FromSeconds(Math.Max(1, ex.Parameters?.RetryAfter ?? 1));
                logger.LogInformation("Telegram asked to wait {Seconds} s (chat {Chat}); pausing all sending", wait.TotalSeconds, lane.ChatId);
                metrics?.RateLimited(TelegramUpdateHandler.Channel, wait);
                global.Pause(wait);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400 && ex.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 400 or 403 or 404)
            {
                // The user blocked the bot, the message is gone, or the chat is closed: retrying cannot help.
                logger.LogWarning("Telegram refused a call for chat {Chat}: {Error}", lane.ChatId, ex.Message);
                return null;
            }
            catch (Exception ex) when (ex is HttpRequestException or RequestException && !cancellationToken.IsCancellationRequested
                && attempt <= options.Value.SendRetries)
            {
                logger.LogWarning("Sending to chat {Chat} failed (attempt {Attempt}): {Error}", lane.ChatId, attempt, ex.Message);
                DisposeAll(slots);
                await Task.Delay(options.Value.SendRetryDelay * Math.Pow(2, attempt - 1), time, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                DisposeAll(slots);
            }
        }
    }

    /// <summary>Takes this message's place in the budget every instance shares: the group's, then the bot's.</summary>
    private async Task TakeSharedBudgetAsync(ChatLane lane, CancellationToken cancellationToken)
    {
        if (budget is null)
        {
            return;
        }

        if (lane.Group is not null)
        {
            await TakeAsync(budget, GroupBucket(lane.ChatId), GroupPerMinute, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        }

        await TakeAsync(budget, GlobalBucket, GlobalPerSecond, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
    }

    private async Task TakeAsync(ISendBudget shared, string bucket, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            try
            {
                wait = await shared.TryTakeAsync(bucket, limit, window, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A message late for an outage of the budget's store would help nobody; this instance's windows still hold.
                logger.LogWarning("The shared sending budget cannot be reached; pacing this instance alone: {Error}", ex.Message);
                return;
            }

            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static string GroupBucket(long chatId) => "telegram:chat:" + chatId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void DisposeAll(List<IDisposable> slots)
    {
        foreach (var slot in slots)
        {
            slot.Dispose(); // a slot disposes once; a second call does nothing
        }

        slots.Clear();
    }

    private ChatLane Enter(long chatId, bool isGroup)
    {
        lock (chats)
        {
            var now = time.GetUtcNow();
            if (now >= nextSweep)
            {
                nextSweep = now + IdleChat;
                foreach (var id in chats.Where(c => c.Value.Users == 0 && c.Value.IsIdle()).Select(c => c.Key).ToList())
                {
                    chats.Remove(id);
                }
            }

            if (!chats.TryGetValue(chatId, out var lane))
            {
                chats[chatId] = lane = new ChatLane(chatId,
                    new RateWindow(ChatBurst, TimeSpan.FromSeconds(ChatBurst), time),
                    isGroup ? new RateWindow(GroupPerMinute, TimeSpan.FromMinutes(1), time) : null);
            }

            lane.Users++;
            return lane;
        }
    }

    private void Leave(ChatLane lane)
    {
        lock (chats)
        {
            lane.Users--;
        }
    }

    /// <summary>One chat: its calls one at a time, in the order they came (SemaphoreSlim serves its waiters in turn), and its windows.</summary>
    private sealed class ChatLane(long chatId, RateWindow chat, RateWindow? group)
    {
        public long ChatId { get; } = chatId;

        public SemaphoreSlim Order { get; } = new(1, 1);

        public RateWindow Chat { get; } = chat;

        public RateWindow? Group { get; } = group;

        /// <summary>Calls entered and not yet left; guarded by the lanes' lock.</summary>
        public int Users { get; set; }

        public bool IsIdle() => Chat.IsIdle() && (Group?.IsIdle() ?? true);
    }
}
