using SupportBot.Telegram.Rendering;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace SupportBot.Telegram.Sending;

/// <summary>
/// Everything one update makes the bot do in Telegram; the handler's only way to send. New messages, new texts and
/// button removals are recorded here and go out after the turn is committed to the outbound log, so a crash while
/// they go out never runs the turn again (see <see cref="TelegramDelivery"/>).
/// </summary>
/// <remarks>
/// Edits are logged with the messages although repeating one is harmless (Telegram answers "message is not
/// modified"): they are the turn's answer as much as a new message is, and must keep their place before the
/// messages that follow them. Four kinds of call go out at once instead: deleting a message (a secret or a scam link
/// should leave the chat at once, and the warning's wording depends on whether it could), restricting a member (a
/// scammer should stop writing at once, and the moderators' log says whether it worked), answering a button press
/// (the user's client waits for it) and a progress notice during a slow lookup (it only makes sense before the
/// answer). None of them is a message the user could get twice: a repeated delete or answer is refused, a repeated
/// restriction changes nothing, and a turn interrupted before its commit — the only way they repeat — is rightly
/// run again.
/// </remarks>
public sealed class TelegramTurn(TelegramOutbox outbox)
{
    private readonly List<TelegramCall> calls = [];

    /// <summary>The recorded calls, in order.</summary>
    public IReadOnlyList<TelegramCall> Calls => calls;

    /// <summary>Chats the recorded calls go to.</summary>
    public IEnumerable<long> Chats => calls.Select(c => c.ChatId).Distinct();

    /// <summary>A new message; <paramref name="threadId"/> puts it in a forum topic.</summary>
    public void Send(long chatId, bool isGroup, TelegramText part, int? replyTo = null, int? threadId = null) =>
        calls.Add(new TelegramCall(TelegramCall.SendMessage, chatId, isGroup, Html: part.Html, Keyboard: part.Keyboard, ReplyTo: replyTo, ThreadId: threadId));

    /// <summary>A copy of message <paramref name="messageId"/> of <paramref name="fromChatId"/> (a photo, a file), with <paramref name="captionHtml"/> instead of its caption.</summary>
    public void Copy(long chatId, bool isGroup, long fromChatId, int messageId, string captionHtml, int? threadId = null) =>
        calls.Add(new TelegramCall(TelegramCall.CopyMessage, chatId, isGroup, messageId, captionHtml, ThreadId: threadId, FromChatId: fromChatId));

    /// <summary>A text file (a transcript).</summary>
    public void SendFile(long chatId, bool isGroup, string fileName, string text, string? captionHtml = null, int? threadId = null) =>
        calls.Add(new TelegramCall(TelegramCall.SendDocument, chatId, isGroup, Html: captionHtml, ThreadId: threadId, FileName: fileName, FileText: text));

    /// <summary>The forum topic is closed: only the bot and administrators can write in it until it is reopened.</summary>
    public void CloseTopic(long chatId, int threadId) => calls.Add(new TelegramCall(TelegramCall.CloseForumTopic, chatId, true, ThreadId: threadId));

    public void ReopenTopic(long chatId, int threadId) => calls.Add(new TelegramCall(TelegramCall.ReopenForumTopic, chatId, true, ThreadId: threadId));

    /// <summary>The message shows <paramref name="part"/> instead, with its buttons (none: the old ones go).</summary>
    public void Edit(long chatId, int messageId, TelegramText part) =>
        calls.Add(new TelegramCall(TelegramCall.EditMessageText, chatId, false, messageId, part.Html, part.Keyboard));

    public void RemoveButtons(long chatId, int messageId) =>
        calls.Add(new TelegramCall(TelegramCall.RemoveButtons, chatId, false, messageId));

    /// <summary>The message keeps its text and shows <paramref name="keyboard"/> instead of its buttons (null: none).</summary>
    public void ReplaceButtons(long chatId, bool isGroup, int messageId, InlineKeyboardMarkup? keyboard) =>
        calls.Add(new TelegramCall(TelegramCall.RemoveButtons, chatId, isGroup, messageId, Keyboard: keyboard));

    /// <returns>False when Telegram refused (no right to delete, message already gone).</returns>
    public async Task<bool> DeleteNowAsync(long chatId, int messageId, bool isGroup, CancellationToken cancellationToken) =>
        await outbox.SendAsync(chatId, isGroup, async (bot, ct) =>
        {
            await bot.DeleteMessage(chatId, messageId, ct).ConfigureAwait(false);
            return this;
        }, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// Takes every right to write from a member of a supergroup until <paramref name="until"/> (Telegram treats less
    /// than 30 seconds or more than 366 days as forever).
    /// </summary>
    /// <returns>False when Telegram refused (no right to restrict, the user is an administrator, a basic group).</returns>
    public async Task<bool> RestrictNowAsync(long chatId, long userId, DateTimeOffset until, CancellationToken cancellationToken) =>
        await outbox.SendAsync(chatId, true, async (bot, ct) =>
        {
            await bot.RestrictChatMember(chatId, userId, NothingAllowed(), useIndependentChatPermissions: true, untilDate: until.UtcDateTime,
                cancellationToken: ct).ConfigureAwait(false);
            return this;
        }, cancellationToken).ConfigureAwait(false) is not null;

    /// <param name="queryId">The button press.</param>
    /// <param name="userId">Who pressed it (its order key).</param>
    /// <param name="cancellationToken">Stops the waiting.</param>
    /// <param name="text">A notification to show, up to 200 characters.</param>
    /// <param name="showAlert">Show <paramref name="text"/> as an alert the user closes, not a passing notice.</param>
    public Task AnswerCallbackNowAsync(string queryId, long userId, CancellationToken cancellationToken, string? text = null, bool showAlert = false) =>
        outbox.CallAsync(userId, async (bot, ct) =>
        {
            await bot.AnswerCallbackQuery(queryId, text, showAlert, cancellationToken: ct).ConfigureAwait(false);
            return this;
        }, cancellationToken);

    // Every permission false; the library leaves false ones out, which the Bot API reads as false too.
    private static ChatPermissions NothingAllowed() => new(false);

    public Task SendNowAsync(long chatId, bool isGroup, TelegramText part, CancellationToken cancellationToken) =>
        outbox.SendAsync(chatId, isGroup, new TelegramCall(TelegramCall.SendMessage, chatId, isGroup, Html: part.Html, Keyboard: part.Keyboard).ExecuteAsync,
            cancellationToken);
}
