using System.Text;
using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SupportBot.Telegram.Sending;

/// <summary>
/// One call of a turn as the outbound log keeps it: a new message, a new text (and buttons) for a message, its buttons
/// taken away, a message copied (a screenshot relayed between a ticket's user and staff), a text file sent (a ticket's
/// transcript), or a forum topic closed or reopened. Stored as JSON; texts are the rendered HTML of replies the secret
/// guard already redacted.
/// </summary>
/// <param name="Method">The Bot API method.</param>
/// <param name="ChatId">The chat the call goes to: its order key in the log.</param>
/// <param name="IsGroup">Whether that chat is a group (its 20-a-minute limit).</param>
/// <param name="MessageId">The message edited, or (copyMessage) the message copied.</param>
/// <param name="Html">The text, or the caption of a copy or a file.</param>
/// <param name="Keyboard">The inline keyboard of a message, or the buttons an editMessageReplyMarkup leaves (none: all go).</param>
/// <param name="ReplyTo">The message a new message answers.</param>
/// <param name="ThreadId">The forum topic a message goes to, or the topic closed or reopened.</param>
/// <param name="FromChatId">copyMessage: the chat of the message copied.</param>
/// <param name="FileName">sendDocument: the file's name.</param>
/// <param name="FileText">sendDocument: the file's content, as UTF-8 text.</param>
public sealed record TelegramCall(
    string Method,
    long ChatId,
    bool IsGroup,
    int? MessageId = null,
    string? Html = null,
    InlineKeyboardMarkup? Keyboard = null,
    int? ReplyTo = null,
    int? ThreadId = null,
    long? FromChatId = null,
    string? FileName = null,
    string? FileText = null)
{
    public const string SendMessage = "sendMessage";
    public const string EditMessageText = "editMessageText";
    public const string RemoveButtons = "editMessageReplyMarkup";
    public const string CopyMessage = "copyMessage";
    public const string SendDocument = "sendDocument";
    public const string CloseForumTopic = "closeForumTopic";
    public const string ReopenForumTopic = "reopenForumTopic";

    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    public string ToJson() => JsonSerializer.Serialize(this, JsonBotAPI.Options);

    /// <exception cref="JsonException">Not a call this version understands.</exception>
    public static TelegramCall FromJson(string json) =>
        JsonSerializer.Deserialize<TelegramCall>(json, JsonBotAPI.Options) is
        { Method: SendMessage or EditMessageText or RemoveButtons or CopyMessage or SendDocument or CloseForumTopic or ReopenForumTopic } call
            ? call
            : throw new JsonException("Not a Telegram call: " + json.Length + " characters");

    /// <summary>Makes the call; what Telegram returns (a message, a message id, or true).</summary>
    public async Task<object> ExecuteAsync(ITelegramBotClient bot, CancellationToken cancellationToken) => Method switch
    {
        SendMessage => await bot.SendMessage(ChatId, Html!, parseMode: ParseMode.Html, replyMarkup: Keyboard, linkPreviewOptions: NoPreview,
            replyParameters: ReplyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
            messageThreadId: ThreadId, cancellationToken: cancellationToken).ConfigureAwait(false),
        EditMessageText => await bot.EditMessageText(ChatId, MessageId!.Value, Html!, parseMode: ParseMode.Html, replyMarkup: Keyboard,
            linkPreviewOptions: NoPreview, cancellationToken: cancellationToken).ConfigureAwait(false),
        // The caption is always given: the original's, written before the secret guard saw it, never travels on.
        CopyMessage => await bot.CopyMessage(ChatId, FromChatId!.Value, MessageId!.Value, caption: Html ?? "", parseMode: ParseMode.Html,
            messageThreadId: ThreadId, cancellationToken: cancellationToken).ConfigureAwait(false),
        SendDocument => await SendFileAsync(bot, cancellationToken).ConfigureAwait(false),
        CloseForumTopic => await Done(bot.CloseForumTopic(ChatId, ThreadId!.Value, cancellationToken)).ConfigureAwait(false),
        ReopenForumTopic => await Done(bot.ReopenForumTopic(ChatId, ThreadId!.Value, cancellationToken)).ConfigureAwait(false),
        // Calls stored before buttons could be replaced have no keyboard: they remove them all, as they always did.
        _ => await bot.EditMessageReplyMarkup(ChatId, MessageId!.Value, replyMarkup: Keyboard, cancellationToken: cancellationToken).ConfigureAwait(false),
    };

    private async Task<Message> SendFileAsync(ITelegramBotClient bot, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(FileText ?? ""));
        return await bot.SendDocument(ChatId, InputFile.FromStream(content, FileName), caption: Html, parseMode: ParseMode.Html, messageThreadId: ThreadId,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object> Done(Task call)
    {
        await call.ConfigureAwait(false);
        return true;
    }
}
