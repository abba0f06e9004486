using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace SupportBot.Telegram.Sending;

/// <summary>
/// Every call to Telegram that sends something goes through here: in order per chat, within Telegram's limits
/// (about 1 message a second per chat, 20 a minute per group, 30 a second overall), waiting out 429
/// <c>retry_after</c> and retrying transient failures — a reply is never dropped because Telegram was busy.
/// </summary>
public sealed class TelegramOutbox(ITelegramBotClient bot, IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramOutbox> logger)
{
    private readonly RateGate global = new(burst: 30, TimeSpan.FromSeconds(1.0 / 30), time);
    private readonly ConcurrentDictionary<long, ChatQueue> chats = new();

    /// <summary>Runs <paramref name="call"/> for <paramref name="chatId"/> after everything queued for that chat before it.</summary>
    /// <returns>The call's result; null when Telegram refused it for good (the user blocked the bot, the chat is gone).</returns>
    public Task<T?> SendAsync<T>(long chatId, bool isGroup, Func<ITelegramBotClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        var queue = chats.GetOrAdd(chatId, _ => new ChatQueue(isGroup
            ? new RateGate(burst: 3, TimeSpan.FromSeconds(3), time)   // 20 a minute
            : new RateGate(burst: 3, TimeSpan.FromSeconds(1), time)));
        return queue.Enqueue(ct => SendWithRetriesAsync(queue.Gate, chatId, call, ct), cancellationToken);
    }

    private async Task<T?> SendWithRetriesAsync<T>(RateGate chatGate, long chatId, Func<ITelegramBotClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            await chatGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            await global.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await call(bot, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429)
            {
                var wait = TimeSpan.FromSeconds(Math.Max(1, ex.Parameters?.RetryAfter ?? 1));
                logger.LogInformation("Telegram asked to wait {Seconds} s before sending to chat {Chat}", wait.TotalSeconds, chatId);
                chatGate.Pause(wait);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400 && ex.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 400 or 403 or 404)
            {
                // The user blocked the bot, the message is gone, or the chat is closed: retrying cannot help.
                logger.LogWarning("Telegram refused a call for chat {Chat}: {Error}", chatId, ex.Message);
                return null;
            }
            catch (Exception ex) when (ex is HttpRequestException or RequestException && attempt <= options.Value.SendRetries)
            {
                logger.LogWarning("Sending to chat {Chat} failed (attempt {Attempt}): {Error}", chatId, attempt, ex.Message);
                await Task.Delay(options.Value.SendRetryDelay * Math.Pow(2, attempt - 1), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One chat's calls, one at a time, in the order they were queued.</summary>
    private sealed class ChatQueue(RateGate gate)
    {
        private readonly Lock sync = new();
        private Task tail = Task.CompletedTask;

        public RateGate Gate { get; } = gate;

        public Task<T?> Enqueue<T>(Func<CancellationToken, Task<T?>> work, CancellationToken cancellationToken)
            where T : class
        {
            lock (sync)
            {
                var previous = tail;
                var next = RunAfter(previous, work, cancellationToken);
                tail = next;
                return next;
            }
        }

        private static async Task<T?> RunAfter<T>(Task previous, Func<CancellationToken, Task<T?>> work, CancellationToken cancellationToken)
            where T : class
        {
            try
            {
                await previous.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The earlier call's failure belongs to its caller; this one still goes out.
            }

            return await work(cancellationToken).ConfigureAwait(false);
        }
    }
}
