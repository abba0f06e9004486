using System.Text.Json.Nodes;

namespace SupportBot.Telegram.Tests.Fakes;

// Outgoing messages: sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage(s), sendChatAction.
public sealed partial class FakeBotApi
{
    private const string NotModified =
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

    private static readonly HashSet<string> ChatActions = new(StringComparer.Ordinal)
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
        "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    };

    private static readonly string[] InlineButtonActions =
    [
        "url", "callback_data", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay",
    ];

    private readonly Dictionary<long, ChatState> chats = [];
    private readonly Dictionary<long, JsonObject> users = [];
    private readonly List<SentMessage> sentMessages = [];
    private readonly List<MessageEdit> edits = [];
    private readonly List<MessageDeletion> deletions = [];

    /// <summary>Messages the bot sent to <paramref name="chatId"/>, in order.</summary>
    public IReadOnlyList<SentMessage> SentMessages(long chatId)
    {
        lock (gate)
        {
            return [.. sentMessages.Where(m => m.ChatId == chatId)];
        }
    }

    /// <summary>Messages the bot sent to any chat, in order.</summary>
    public IReadOnlyList<SentMessage> AllSentMessages
    {
        get
        {
            lock (gate)
            {
                return [.. sentMessages];
            }
        }
    }

    /// <summary>Successful edits, in order.</summary>
    public IReadOnlyList<MessageEdit> Edits
    {
        get
        {
            lock (gate)
            {
                return [.. edits];
            }
        }
    }

    /// <summary>Successful deletions, in order.</summary>
    public IReadOnlyList<MessageDeletion> Deletions
    {
        get
        {
            lock (gate)
            {
                return [.. deletions];
            }
        }
    }

    /// <summary>Waits until the bot has sent at least <paramref name="count"/> messages to the chat; returns them all.</summary>
    /// <exception cref="TimeoutException">Fewer arrived in time; the message lists what did arrive.</exception>
    public async Task<IReadOnlyList<SentMessage>> WaitForMessagesAsync(long chatId, int count, TimeSpan? timeout = null)
    {
        try
        {
            await WaitUntilAsync(() => SentMessages(chatId).Count >= count, timeout, $"{count} message(s) to chat {chatId}");
        }
        catch (TimeoutException error)
        {
            var arrived = SentMessages(chatId).Select(m => "  " + m.PlainText.ReplaceLineEndings(" "));
            throw new TimeoutException($"{error.Message} Arrived:{Environment.NewLine}{string.Join(Environment.NewLine, arrived)}", error);
        }

        return SentMessages(chatId);
    }

    /// <summary>The fake's current view of a message (sent by the bot or enqueued from a user), or null if unknown.</summary>
    public ChatMessage? GetMessage(long chatId, int messageId)
    {
        lock (gate)
        {
            if (!chats.TryGetValue(chatId, out var chat) || !chat.Messages.TryGetValue(messageId, out var stored))
            {
                return null;
            }

            return new ChatMessage(chatId, messageId, stored.FromBot, (string?)stored.Json["text"] ?? string.Empty,
                (JsonObject?)stored.Json["reply_markup"]?.DeepClone(), stored.Deleted, stored.Date, stored.EditDate,
                (JsonObject)stored.Json.DeepClone());
        }
    }

    /// <summary>Declares a chat's type (private, group, supergroup, channel) and title before the bot talks to it.</summary>
    public void SetChat(long chatId, string type, string? title = null)
    {
        lock (gate)
        {
            var chat = GetOrCreateChat(chatId, type);
            chat.Title = title ?? chat.Title;
            NotifyChanged();
        }
    }

    private static IReadOnlyList<IReadOnlyList<InlineButton>> Buttons(JsonObject? inlineMarkup)
    {
        if (inlineMarkup?["inline_keyboard"] is not JsonArray rows)
        {
            return [];
        }

        return [.. rows.OfType<JsonArray>().Select(row => (IReadOnlyList<InlineButton>)[.. row.OfType<JsonObject>().Select(button =>
            new InlineButton((string?)button["text"] ?? string.Empty, (string?)button["callback_data"], (string?)button["url"]))])];
    }

    /// <summary>
    /// Checks reply_markup as Telegram does and returns the inline keyboard (the only markup a Message carries back),
    /// null for reply keyboards, keyboard removal, force reply, or an empty inline keyboard.
    /// </summary>
    private static JsonObject? ValidateReplyMarkup(JsonObject? markup)
    {
        if (markup is null)
        {
            return null;
        }

        if (markup["inline_keyboard"] is { } keyboard)
        {
            if (keyboard is not JsonArray rows || rows.Any(row => row is not JsonArray))
            {
                throw BotApiException.BadRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays");
            }

            foreach (var button in rows.Cast<JsonArray>().SelectMany(row => row))
            {
                ValidateInlineButton(button);
            }

            return rows.Any(row => ((JsonArray)row!).Count > 0)
                ? new JsonObject { ["inline_keyboard"] = rows.DeepClone() }
                : null;
        }

        if (markup["keyboard"] is JsonArray || markup["remove_keyboard"] is not null || markup["force_reply"] is not null)
        {
            return null;
        }

        throw BotApiException.BadRequest("can't parse reply keyboard markup JSON object");
    }

    private static void ValidateInlineButton(JsonNode? node)
    {
        if (node is not JsonObject button)
        {
            throw BotApiException.BadRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
        }

        if (button["text"] is not JsonValue textValue || !textValue.TryGetValue(out string? text))
        {
            throw BotApiException.BadRequest("can't parse inline keyboard button: Can't find field \"text\"");
        }

        if (text.Length == 0)
        {
            throw BotApiException.BadRequest("can't parse inline keyboard button: Text must be non-empty");
        }

        if (!InlineButtonActions.Any(action => button[action] is not null))
        {
            throw BotApiException.BadRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        }

        if (button["callback_data"] is { } dataNode)
        {
            var data = dataNode is JsonValue v && v.TryGetValue(out string? s) ? s : null;
            if (data is null || TelegramText.Utf8Length(data) is < 1 or > 64)
            {
                throw BotApiException.BadRequest("BUTTON_DATA_INVALID");
            }
        }

        if (button["url"] is { } urlNode)
        {
            var url = urlNode is JsonValue v && v.TryGetValue(out string? s) ? s : string.Empty;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                throw BotApiException.BadRequest($"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL");
            }

            if (uri.Scheme is not ("http" or "https" or "tg" or "ton"))
            {
                throw BotApiException.BadRequest($"inline keyboard button URL '{url}' is invalid: Unsupported URL protocol");
            }
        }
    }

    private static JsonObject WithoutReply(JsonObject message)
    {
        var copy = (JsonObject)message.DeepClone();
        copy.Remove("reply_to_message");
        return copy;
    }

    private ChatState GetOrCreateChat(long chatId, string? type = null)
    {
        if (!chats.TryGetValue(chatId, out var chat))
        {
            chat = new ChatState(chatId, type ?? (chatId > 0 ? "private" : chatId < -1_000_000_000_000 ? "supergroup" : "group"));
            chats[chatId] = chat;
        }
        else if (type is not null)
        {
            chat.Type = type;
        }

        return chat;
    }

    private JsonObject ChatJson(ChatState chat)
    {
        var json = new JsonObject { ["id"] = chat.Id, ["type"] = chat.Type };
        if (chat.Type == "private")
        {
            var user = users.GetValueOrDefault(chat.Id);
            json["first_name"] = chat.FirstName ?? (string?)user?["first_name"] ?? "User";
            if ((chat.LastName ?? (string?)user?["last_name"]) is { } lastName)
            {
                json["last_name"] = lastName;
            }

            if ((chat.Username ?? (string?)user?["username"]) is { } username)
            {
                json["username"] = username;
            }
        }
        else
        {
            json["title"] = chat.Title ?? "Chat " + chat.Id;
            if (chat.Username is not null)
            {
                json["username"] = chat.Username;
            }
        }

        return json;
    }

    private JsonObject BotUserJson() => new()
    {
        ["id"] = BotId,
        ["is_bot"] = true,
        ["first_name"] = options.BotFirstName,
        ["username"] = options.BotUsername,
    };

    private JsonObject UserJson(long userId)
    {
        if (userId == BotId)
        {
            return BotUserJson();
        }

        return users.TryGetValue(userId, out var user)
            ? (JsonObject)user.DeepClone()
            : new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "User" };
    }

    /// <summary>The bot must be in the chat and allowed to write there.</summary>
    private void EnsureBotCanSend(ChatState chat)
    {
        var status = members.GetValueOrDefault((chat.Id, BotId))?.Status;
        switch (status)
        {
            case "kicked" when chat.Type == "private":
                throw BotApiException.Forbidden("bot was blocked by the user");
            case "kicked":
                throw BotApiException.Forbidden($"bot was kicked from the {(chat.Type == "group" ? "group" : chat.Type)} chat");
            case "left" when chat.Type != "private":
                throw BotApiException.Forbidden($"bot is not a member of the {(chat.Type == "group" ? "group" : chat.Type)} chat");
            case "restricted":
                throw BotApiException.BadRequest("not enough rights to send text messages to the chat");
            default:
                break;
        }
    }

    private Answer SendMessage(BotApiParameters parameters)
    {
        var chatId = parameters.ChatId();
        var text = parameters.String("text");
        var parseMode = parameters.String("parse_mode");
        var formatted = TelegramText.ParseMessageText(text, parseMode, parameters.JsonArray("entities"));
        var markup = parameters.JsonObject("reply_markup");
        var inline = ValidateReplyMarkup(markup);
        var linkPreview = parameters.JsonObject("link_preview_options");
        var replyParameters = parameters.JsonObject("reply_parameters");
        if (replyParameters is null && parameters.Int("reply_to_message_id") is { } legacyReplyId)
        {
            replyParameters = new JsonObject { ["message_id"] = legacyReplyId };
        }

        lock (gate)
        {
            var chat = GetOrCreateChat(chatId);
            EnsureBotCanSend(chat);
            var replyTo = ResolveReply(chat, replyParameters);
            var topic = TopicFields(chat, parameters.Int("message_thread_id"));
            TakeRateLimitTokens(chat);
            var date = Now;
            var message = new JsonObject
            {
                ["message_id"] = ++chat.LastMessageId,
                ["from"] = BotUserJson(),
                ["chat"] = ChatJson(chat),
                ["date"] = date.ToUnixTimeSeconds(),
            };
            foreach (var (key, value) in topic)
            {
                message[key] = value?.DeepClone();
            }

            if (replyTo is not null)
            {
                message["reply_to_message"] = replyTo;
            }

            SetContent(message, formatted, inline, linkPreview);
            var messageId = (int)message["message_id"]!;
            chat.Messages[messageId] = new StoredMessage(chatId, messageId, true, (JsonObject)message.DeepClone(), date);
            sentMessages.Add(new SentMessage(chatId, messageId, text!, formatted.Text, parseMode,
                (JsonArray)formatted.Entities.DeepClone(), (JsonObject?)markup?.DeepClone(), Buttons(inline),
                (JsonObject?)linkPreview?.DeepClone(), (JsonObject?)replyParameters?.DeepClone(),
                (JsonObject)parameters.Values.DeepClone(), date));
            NotifyChanged();
            return new Answer(message);
        }
    }

    private static void SetContent(JsonObject message, FormattedText formatted, JsonObject? inline, JsonObject? linkPreview)
    {
        message["text"] = formatted.Text;
        if (formatted.Entities.Count > 0)
        {
            message["entities"] = formatted.Entities.DeepClone();
        }
        else
        {
            message.Remove("entities");
        }

        if (linkPreview is not null && linkPreview.Count > 0)
        {
            message["link_preview_options"] = linkPreview.DeepClone();
        }

        SetMarkup(message, inline);
    }

    private static void SetMarkup(JsonObject message, JsonObject? inline)
    {
        if (inline is not null)
        {
            message["reply_markup"] = inline.DeepClone();
        }
        else
        {
            message.Remove("reply_markup");
        }
    }

    private JsonObject? ResolveReply(ChatState chat, JsonObject? replyParameters)
    {
        if (replyParameters?["message_id"] is not { } idNode)
        {
            return null;
        }

        var replyChat = replyParameters["chat_id"] is JsonValue chatValue && chatValue.TryGetValue(out long otherChatId)
            ? GetOrCreateChat(otherChatId)
            : chat;
        if (replyChat.Messages.TryGetValue((int)idNode, out var replied) && !replied.Deleted)
        {
            return WithoutReply(replied.Json);
        }

        if ((bool?)replyParameters["allow_sending_without_reply"] == true)
        {
            return null;
        }

        throw BotApiException.BadRequest("message to be replied not found");
    }

    /// <summary>The bot's own, live message addressed by chat_id + message_id, or the Telegram error for it.</summary>
    private StoredMessage MessageToEdit(BotApiParameters parameters)
    {
        if (parameters.Has("inline_message_id"))
        {
            throw BotApiException.BadRequest("MESSAGE_ID_INVALID");
        }

        var chatId = parameters.ChatId();
        var messageId = parameters.RequiredInt("message_id", "message identifier is not specified");
        if (!chats.TryGetValue(chatId, out var chat))
        {
            throw BotApiException.BadRequest("message to edit not found");
        }

        if (!chat.Messages.TryGetValue(messageId, out var stored) || stored.Deleted)
        {
            throw BotApiException.BadRequest("message to edit not found");
        }

        if (!stored.FromBot)
        {
            throw BotApiException.BadRequest("message can't be edited");
        }

        return stored;
    }

    private Answer EditMessageText(BotApiParameters parameters)
    {
        var text = parameters.String("text");
        var parseMode = parameters.String("parse_mode");
        var formatted = TelegramText.ParseMessageText(text, parseMode, parameters.JsonArray("entities"));
        var markup = parameters.JsonObject("reply_markup");
        var inline = ValidateReplyMarkup(markup);
        var linkPreview = parameters.JsonObject("link_preview_options");
        lock (gate)
        {
            var stored = MessageToEdit(parameters);
            var current = stored.Json;
            var sameText = (string?)current["text"] == formatted.Text
                && JsonNode.DeepEquals(current["entities"] ?? new JsonArray(), formatted.Entities);
            if (sameText && JsonNode.DeepEquals(current["reply_markup"], inline))
            {
                throw BotApiException.BadRequest(NotModified);
            }

            var date = Now;
            SetContent(current, formatted, inline, linkPreview);
            current["edit_date"] = date.ToUnixTimeSeconds();
            stored.EditDate = date;
            edits.Add(new MessageEdit(stored.ChatId, stored.MessageId, "editMessageText", text, formatted.Text, parseMode,
                (JsonObject?)inline?.DeepClone(), Buttons(inline), (JsonObject)parameters.Values.DeepClone(), date));
            NotifyChanged();
            return new Answer(current.DeepClone());
        }
    }

    private Answer EditMessageReplyMarkup(BotApiParameters parameters)
    {
        var inline = ValidateReplyMarkup(parameters.JsonObject("reply_markup"));
        lock (gate)
        {
            var stored = MessageToEdit(parameters);
            var current = stored.Json;
            if (JsonNode.DeepEquals(current["reply_markup"], inline))
            {
                throw BotApiException.BadRequest(NotModified);
            }

            var date = Now;
            SetMarkup(current, inline);
            current["edit_date"] = date.ToUnixTimeSeconds();
            stored.EditDate = date;
            edits.Add(new MessageEdit(stored.ChatId, stored.MessageId, "editMessageReplyMarkup", null, null, null,
                (JsonObject?)inline?.DeepClone(), Buttons(inline), (JsonObject)parameters.Values.DeepClone(), date));
            NotifyChanged();
            return new Answer(current.DeepClone());
        }
    }

    private Answer DeleteMessage(BotApiParameters parameters)
    {
        var chatId = parameters.ChatId();
        var messageId = parameters.RequiredInt("message_id", "message identifier is not specified");
        lock (gate)
        {
            var failure = TryDelete(chatId, messageId);
            if (failure is not null)
            {
                throw BotApiException.BadRequest(failure);
            }

            NotifyChanged();
            return new Answer(true);
        }
    }

    /// <summary>deleteMessages: messages that can't be found are skipped; any other refusal fails the call.</summary>
    private Answer DeleteMessages(BotApiParameters parameters)
    {
        var chatId = parameters.ChatId();
        var ids = parameters.JsonArray("message_ids") ?? throw BotApiException.BadRequest("message identifiers are not specified");
        if (ids.Count is < 1 or > 100)
        {
            throw BotApiException.BadRequest("too many messages to delete");
        }

        lock (gate)
        {
            var deletedAny = false;
            foreach (var id in ids)
            {
                var failure = TryDelete(chatId, (int)id!);
                if (failure is null)
                {
                    deletedAny = true;
                }
                else if (failure != "message to delete not found")
                {
                    throw BotApiException.BadRequest(failure);
                }
            }

            if (!deletedAny)
            {
                throw BotApiException.BadRequest("message to delete not found");
            }

            NotifyChanged();
            return new Answer(true);
        }
    }

    /// <summary>
    /// The documented rules: a message can be deleted within 48 hours of being sent; the bot can always delete its own
    /// messages and, in private chats, the user's; in groups it needs to be an administrator (supergroups and channels:
    /// with can_delete_messages) to delete other people's messages. Returns the refusal, null after deleting.
    /// </summary>
    private string? TryDelete(long chatId, int messageId)
    {
        if (!chats.TryGetValue(chatId, out var chat) || !chat.Messages.TryGetValue(messageId, out var stored) || stored.Deleted)
        {
            return "message to delete not found";
        }

        if (Now - stored.Date > TimeSpan.FromHours(48))
        {
            return "message can't be deleted for everyone";
        }

        if (!stored.FromBot && chat.Type != "private")
        {
            var bot = members.GetValueOrDefault((chatId, BotId));
            var allowed = bot?.Status switch
            {
                "creator" => true,
                "administrator" when chat.Type == "group" => true,
                "administrator" => bot.CanDeleteMessages,
                _ => false,
            };
            if (!allowed)
            {
                return "message can't be deleted";
            }
        }

        stored.Deleted = true;
        deletions.Add(new MessageDeletion(chatId, messageId, stored.FromBot, Now));
        return null;
    }

    private Answer SendChatAction(BotApiParameters parameters)
    {
        var chatId = parameters.ChatId();
        var action = parameters.String("action");
        if (action is null || !ChatActions.Contains(action))
        {
            throw BotApiException.BadRequest("wrong parameter action in request");
        }

        lock (gate)
        {
            EnsureBotCanSend(GetOrCreateChat(chatId));
        }

        return new Answer(true);
    }

    private sealed class ChatState(long id, string type)
    {
        public long Id { get; } = id;

        public string Type { get; set; } = type;

        public string? Title { get; set; }

        public string? FirstName { get; set; }

        public string? LastName { get; set; }

        public string? Username { get; set; }

        public int LastMessageId { get; set; }

        /// <summary>A supergroup with Topics turned on.</summary>
        public bool IsForum { get; set; }

        /// <summary>Its topics by message_thread_id (the id of the topic's first, service message).</summary>
        public Dictionary<int, TopicState> Topics { get; } = [];

        public Dictionary<int, StoredMessage> Messages { get; } = [];
    }

    private sealed class StoredMessage(long chatId, int messageId, bool fromBot, JsonObject json, DateTimeOffset date)
    {
        public long ChatId { get; } = chatId;

        public int MessageId { get; } = messageId;

        public bool FromBot { get; } = fromBot;

        /// <summary>The Message object as the Bot API returns it now (edits update it).</summary>
        public JsonObject Json { get; } = json;

        public DateTimeOffset Date { get; } = date;

        public DateTimeOffset? EditDate { get; set; }

        public bool Deleted { get; set; }
    }
}
