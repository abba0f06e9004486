using System.Text.Json.Nodes;

namespace SupportBot.Telegram.Tests.Fakes;

/// <summary>One inline keyboard button as the bot sent it.</summary>
public sealed record InlineButton(string Text, string? CallbackData, string? Url);

/// <summary>
/// A message the bot sent with sendMessage. <c>Text</c> is exactly what the bot sent (with its markup);
/// <c>PlainText</c> is what the user sees (markup parsed away, trimmed) and <c>Entities</c> what Telegram derived from
/// the markup (offsets in UTF-16 code units). <c>ReplyMarkup</c> is the reply_markup parameter as sent (inline or reply
/// keyboard, removal, force reply); <c>InlineKeyboard</c> its inline rows (empty when none). <c>Parameters</c> holds
/// every parameter of the call.
/// </summary>
public sealed record SentMessage(
    long ChatId,
    int MessageId,
    string Text,
    string PlainText,
    string? ParseMode,
    JsonArray Entities,
    JsonObject? ReplyMarkup,
    IReadOnlyList<IReadOnlyList<InlineButton>> InlineKeyboard,
    JsonObject? LinkPreviewOptions,
    JsonObject? ReplyParameters,
    JsonObject Parameters,
    DateTimeOffset SentAt)
{
    /// <summary>All inline buttons, row by row.</summary>
    public IEnumerable<InlineButton> Buttons => InlineKeyboard.SelectMany(row => row);
}

/// <summary>
/// A successful editMessageText or editMessageReplyMarkup (<c>Method</c>). <c>Text</c> is the new text as sent (null for
/// editMessageReplyMarkup); <c>ReplyMarkup</c> the new inline keyboard, null when the edit removed it (an
/// editMessageText without reply_markup removes the keyboard, as in Telegram).
/// </summary>
public sealed record MessageEdit(
    long ChatId,
    int MessageId,
    string Method,
    string? Text,
    string? PlainText,
    string? ParseMode,
    JsonObject? ReplyMarkup,
    IReadOnlyList<IReadOnlyList<InlineButton>> InlineKeyboard,
    JsonObject Parameters,
    DateTimeOffset EditedAt);

/// <summary>A successful deleteMessage (or one message of deleteMessages).</summary>
public sealed record MessageDeletion(long ChatId, int MessageId, bool WasBotMessage, DateTimeOffset DeletedAt);

/// <summary>A successful answerCallbackQuery.</summary>
public sealed record CallbackAnswer(string CallbackQueryId, string? Text, bool ShowAlert, string? Url, int? CacheTime, DateTimeOffset AnsweredAt);

/// <summary>One bot command, as in setMyCommands.</summary>
public sealed record BotCommandEntry(string Command, string Description);

/// <summary>
/// A successful setMyCommands, or deleteMyCommands (<c>Deleted</c> true, no commands). <c>Scope</c> is null for the
/// default scope, <c>LanguageCode</c> null for all languages.
/// </summary>
public sealed record CommandsChange(
    IReadOnlyList<BotCommandEntry> Commands,
    JsonObject? Scope,
    string? LanguageCode,
    bool Deleted,
    DateTimeOffset At);

/// <summary>A getUpdates call: its parameters, then (once it answered) the update ids it returned or its error.</summary>
public sealed record GetUpdatesCall(
    long? Offset,
    int? Limit,
    int? Timeout,
    IReadOnlyList<string>? AllowedUpdates,
    DateTimeOffset At)
{
    public bool Completed { get; init; }

    public IReadOnlyList<int> ReturnedUpdateIds { get; init; } = [];

    public string? Error { get; init; }
}

/// <summary>
/// One attempt to POST an update to the webhook. <c>StatusCode</c> is the receiver's HTTP status, null when no response
/// came (refused, timed out); <c>SecretToken</c> the X-Telegram-Bot-Api-Secret-Token header sent (null without a
/// secret); <c>ResponseMethod</c> a Bot API method the receiver called in its response body, if any.
/// </summary>
public sealed record WebhookDelivery(
    int UpdateId,
    int Attempt,
    Uri Url,
    bool Succeeded,
    int? StatusCode,
    string? Error,
    string? SecretToken,
    string? ResponseMethod,
    DateTimeOffset At);

/// <summary>
/// A Bot API call the fake answered. <c>Source</c> is "http" for requests to the fake, "webhook-response" for methods
/// a webhook receiver put in its response.
/// </summary>
public sealed record ApiCall(string Method, JsonObject Parameters, int StatusCode, string? ErrorDescription, string Source, DateTimeOffset At);

/// <summary>The fake's current view of one message in a chat; <c>Json</c> is the Message as the Bot API would return it now.</summary>
public sealed record ChatMessage(
    long ChatId,
    int MessageId,
    bool FromBot,
    string Text,
    JsonObject? ReplyMarkup,
    bool Deleted,
    DateTimeOffset Date,
    DateTimeOffset? EditDate,
    JsonObject Json);
