using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SupportBot.Telegram.Sending;

/// <summary>
/// One message call of a turn as the outbound log keeps it: a new message, a new text (and buttons) for a message, or
/// its buttons taken away. Stored as JSON; the text is the rendered HTML of replies the secret guard already redacted.
/// </summary>
public sealed record TelegramCall(
    string Method,
    long ChatId,
    bool IsGroup,
    int? MessageId = null,
    string? Html = null,
    InlineKeyboardMarkup? Keyboard = null,
    int? ReplyTo = null)
{
    public const string SendMessage = "sendMessage";
    public const string EditMessageText = "editMessageText";
    public const string RemoveButtons = "editMessageReplyMarkup";

    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    public string ToJson() => JsonSerializer.Serialize(this, JsonBotAPI.Options);

    /// <exception cref="JsonException">Not a call this version understands.</exception>
    public static TelegramCall FromJson(string json) =>
        JsonSerializer.Deserialize<TelegramCall>(json, JsonBotAPI.Options) is { Method: SendMessage or EditMessageText or RemoveButtons } call
            ? call
            : throw new JsonException("Not a Telegram call: " + json.Length + " characters");

    /// <summary>Makes the call; the message Telegram returns.</summary>
    public Task<Message> ExecuteAsync(ITelegramBotClient bot, CancellationToken cancellationToken) => Method switch
    {
        SendMessage => bot.SendMessage(ChatId, Html!, parseMode: ParseMode.Html, replyMarkup: Keyboard, linkPreviewOptions: NoPreview,
            replyParameters: ReplyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
            cancellationToken: cancellationToken),
        EditMessageText => bot.EditMessageText(ChatId, MessageId!.Value, Html!, parseMode: ParseMode.Html, replyMarkup: Keyboard,
            linkPreviewOptions: NoPreview, cancellationToken: cancellationToken),
        _ => bot.EditMessageReplyMarkup(ChatId, MessageId!.Value, replyMarkup: null, cancellationToken: cancellationToken),
    };
}
