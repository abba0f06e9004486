using System.Globalization;
using System.Text.Json.Nodes;

namespace SupportBot.Telegram.Tests.Fakes;

// Forum topics (createForumTopic, closeForumTopic, reopenForumTopic), getChat, copyMessage, sendDocument, and
// incoming messages in topics, with photos, or from anonymous administrators.
public sealed partial class FakeBotApi
{
    /// <summary>The user Telegram shows as the sender of an anonymous administrator's message ("GroupAnonymousBot").</summary>
    public const long AnonymousAdminBotId = 1087968824;

    /// <summary>The icon colour Telegram gives a topic created without one (0x6FB9F0).</summary>
    private const int DefaultTopicColor = 7322096;

    private const int MaxCaptionLength = 1024;

    private static readonly string[] CopyableContent =
    [
        "text", "photo", "document", "video", "animation", "audio", "voice", "sticker", "video_note", "location", "venue", "contact", "poll", "dice",
    ];

    private readonly List<CopiedMessage> copies = [];
    private readonly List<SentDocument> documents = [];
    private int fileCounter;

    /// <summary>Successful copyMessage calls, in order.</summary>
    public IReadOnlyList<CopiedMessage> Copies
    {
        get
        {
            lock (gate)
            {
                return [.. copies];
            }
        }
    }

    /// <summary>Successful sendDocument calls, in order.</summary>
    public IReadOnlyList<SentDocument> Documents
    {
        get
        {
            lock (gate)
            {
                return [.. documents];
            }
        }
    }

    /// <summary>Declares a forum supergroup (a supergroup with Topics turned on).</summary>
    public void SetForum(long chatId, string title = "Staff")
    {
        lock (gate)
        {
            var chat = GetOrCreateChat(chatId, "supergroup");
            chat.Title = title;
            chat.IsForum = true;
            NotifyChanged();
        }
    }

    /// <summary>Makes the bot an administrator of the chat with the given rights (a supergroup needs can_manage_topics for topics).</summary>
    public void SetBotAdmin(long chatId, bool canManageTopics, bool canDeleteMessages = true) =>
        SetChatMember(chatId, BotId, "administrator", canDeleteMessages, canManageTopics: canManageTopics);

    /// <summary>A topic of a forum as it is now, or null.</summary>
    public ForumTopicState? Topic(long chatId, int threadId)
    {
        lock (gate)
        {
            return chats.TryGetValue(chatId, out var chat) && chat.Topics.TryGetValue(threadId, out var topic)
                ? new ForumTopicState(chatId, threadId, topic.Name, topic.Closed, topic.CreatorId)
                : null;
        }
    }

    /// <summary>Topics of a forum, oldest first.</summary>
    public IReadOnlyList<ForumTopicState> Topics(long chatId)
    {
        lock (gate)
        {
            return chats.TryGetValue(chatId, out var chat)
                ? [.. chat.Topics.OrderBy(t => t.Key).Select(t => new ForumTopicState(chatId, t.Key, t.Value.Name, t.Value.Closed, t.Value.CreatorId))]
                : [];
        }
    }

    /// <summary>
    /// Every message of a topic as the fake knows it now (service messages, users', the bot's, copies and files),
    /// oldest first, deleted ones left out.
    /// </summary>
    public IReadOnlyList<ChatMessage> TopicMessages(long chatId, int threadId)
    {
        lock (gate)
        {
            if (!chats.TryGetValue(chatId, out var chat))
            {
                return [];
            }

            return [.. chat.Messages.Values
                .Where(m => !m.Deleted && (int?)m.Json["message_thread_id"] == threadId)
                .OrderBy(m => m.MessageId)
                .Select(m => new ChatMessage(chatId, m.MessageId, m.FromBot, (string?)m.Json["text"] ?? (string?)m.Json["caption"] ?? string.Empty,
                    (JsonObject?)m.Json["reply_markup"]?.DeepClone(), m.Deleted, m.Date, m.EditDate, (JsonObject)m.Json.DeepClone()))];
        }
    }

    /// <summary>
    /// A user's message in a topic of a forum: as Telegram sends it, with message_thread_id and is_topic_message.
    /// </summary>
    public JsonObject TopicMessage(long chatId, int threadId, long userId, string text, string firstName = "Staff", string? username = null)
    {
        var update = UserMessage(chatId, userId, text, chatType: "supergroup", firstName: firstName, username: username);
        InTopic((JsonObject)update["message"]!, threadId);
        return update;
    }

    /// <summary>
    /// A message an anonymous administrator sent in a topic: from GroupAnonymousBot, with sender_chat the group itself
    /// and the administrator's custom title, if any, as author_signature.
    /// </summary>
    public JsonObject AnonymousAdminMessage(long chatId, int threadId, string text, string? signature = null)
    {
        lock (gate)
        {
            var chat = GetOrCreateChat(chatId, "supergroup");
            var message = new JsonObject
            {
                ["message_id"] = ++chat.LastMessageId,
                ["from"] = new JsonObject { ["id"] = AnonymousAdminBotId, ["is_bot"] = true, ["first_name"] = "Group", ["username"] = "GroupAnonymousBot" },
                ["sender_chat"] = ChatJson(chat),
                ["chat"] = ChatJson(chat),
                ["date"] = Now.ToUnixTimeSeconds(),
                ["text"] = text,
            };
            if (signature is not null)
            {
                message["author_signature"] = signature;
            }

            var commands = TelegramText.DetectCommands(text);
            if (commands.Count > 0)
            {
                message["entities"] = commands;
            }

            InTopic(message, threadId);
            return new JsonObject { ["message"] = message };
        }
    }

    /// <summary>
    /// A user's photo (a screenshot), with an optional caption; in a topic when <paramref name="threadId"/> is given. As
    /// Telegram sends it: the photo in several sizes, the caption and its entities.
    /// </summary>
    public JsonObject UserPhoto(long chatId, long userId, string? caption, int? threadId = null, string chatType = "private", string firstName = "Test")
    {
        var update = UserMessage(chatId, userId, "photo", chatType: chatType, firstName: firstName);
        var message = (JsonObject)update["message"]!;
        message.Remove("text");
        message.Remove("entities");
        lock (gate)
        {
            var file = ++fileCounter;
            message["photo"] = new JsonArray(
                PhotoSize(file, 90, 160, 1_800),
                PhotoSize(file, 720, 1280, 98_000));
        }

        if (caption is not null)
        {
            message["caption"] = caption;
        }

        if (threadId is { } thread)
        {
            InTopic(message, thread);
        }

        return update;

        static JsonObject PhotoSize(int file, int width, int height, int size) => new()
        {
            ["file_id"] = string.Create(CultureInfo.InvariantCulture, $"photo-{file}-{width}"),
            ["file_unique_id"] = string.Create(CultureInfo.InvariantCulture, $"p{file}w{width}"),
            ["width"] = width,
            ["height"] = height,
            ["file_size"] = size,
        };
    }

    private void InTopic(JsonObject message, int threadId)
    {
        lock (gate)
        {
            var chat = GetOrCreateChat((long)message["chat"]!["id"]!);
            message["message_thread_id"] = threadId;
            if (chat.IsForum)
            {
                message["is_topic_message"] = true;
            }
        }
    }

    /// <summary>The bot may post in a closed topic, close and reopen topics: the creator, or an administrator with can_manage_topics.</summary>
    private bool BotManagesTopics(ChatState chat) =>
        members.GetValueOrDefault((chat.Id, BotId)) is { Status: "creator" } or { Status: "administrator", CanManageTopics: true };

    /// <summary>
    /// A message to a forum with message_thread_id goes to that topic, which must exist; a closed topic takes messages
    /// only from those who manage topics. Elsewhere message_thread_id names a reply thread and is not checked.
    /// </summary>
    private JsonObject TopicFields(ChatState chat, int? threadId)
    {
        var fields = new JsonObject();
        if (threadId is not { } thread)
        {
            return fields;
        }

        if (chat.IsForum)
        {
            if (!chat.Topics.TryGetValue(thread, out var topic))
            {
                throw BotApiException.BadRequest("message thread not found");
            }

            if (topic.Closed && !BotManagesTopics(chat))
            {
                throw BotApiException.BadRequest("TOPIC_CLOSED");
            }

            fields["is_topic_message"] = true;
        }

        fields["message_thread_id"] = thread;
        return fields;
    }

    private void PlaceInTopic(ChatState chat, JsonObject message, int? threadId)
    {
        foreach (var (key, value) in TopicFields(chat, threadId))
        {
            message[key] = value?.DeepClone();
        }
    }

    private Answer GetChat(BotApiParameters parameters)
    {
        var chatId = parameters.ChatId();
        lock (gate)
        {
            if (!chats.TryGetValue(chatId, out var chat) || members.GetValueOrDefault((chatId, BotId))?.Status is "left" or "kicked" && chat.Type != "private")
            {
                throw BotApiException.BadRequest("chat not found");
            }

            var json = ChatJson(chat);
            if (chat.IsForum)
            {
                json["is_forum"] = true;
            }

            // ChatFullInfo's fields that are always there.
            json["accent_color_id"] = 0;
            json["max_reaction_count"] = 11;
            json["accepted_gift_types"] = new JsonObject
            {
                ["unlimited_gifts"] = false,
                ["limited_gifts"] = false,
                ["unique_gifts"] = false,
                ["premium_subscription"] = false,
            };
            return new Answer(json);
        }
    }

    private Answer CreateForumTopic(BotApiParameters parameters)
    {
        var chatId = parameters.ChatId();
        var name = parameters.String("name") ?? string.Empty;
        if (TelegramText.Length(name) is < 1 or > 128)
        {
            throw BotApiException.BadRequest(name.Length == 0 ? "TOPIC_NAME_EMPTY" : "TOPIC_NAME_INVALID");
        }

        lock (gate)
        {
            var chat = GetOrCreateChat(chatId);
            if (chat.Type != "supergroup" || !chat.IsForum)
            {
                throw BotApiException.BadRequest("the chat is not a forum");
            }

            EnsureBotCanSend(chat);
            if (!BotManagesTopics(chat))
            {
                throw BotApiException.BadRequest("not enough rights to create a topic");
            }

            var color = parameters.Int("icon_color") ?? DefaultTopicColor;
            var threadId = ++chat.LastMessageId;
            chat.Topics[threadId] = new TopicState(name, BotId);
            StoreServiceMessage(chat, threadId, threadId, new JsonObject { ["forum_topic_created"] = new JsonObject { ["name"] = name, ["icon_color"] = color } });
            NotifyChanged();
            return new Answer(new JsonObject { ["message_thread_id"] = threadId, ["name"] = name, ["icon_color"] = color });
        }
    }

    private Answer SetTopicClosed(BotApiParameters parameters, bool closed)
    {
        var chatId = parameters.ChatId();
        var threadId = parameters.RequiredInt("message_thread_id", "message thread identifier is not specified");
        lock (gate)
        {
            var chat = GetOrCreateChat(chatId);
            if (chat.Type != "supergroup" || !chat.IsForum)
            {
                throw BotApiException.BadRequest("the chat is not a forum");
            }

            if (!chat.Topics.TryGetValue(threadId, out var topic))
            {
                throw BotApiException.BadRequest("TOPIC_ID_INVALID");
            }

            if (!BotManagesTopics(chat) && topic.CreatorId != BotId)
            {
                throw BotApiException.BadRequest("not enough rights to manage topics");
            }

            if (topic.Closed == closed)
            {
                throw BotApiException.BadRequest("TOPIC_NOT_MODIFIED");
            }

            topic.Closed = closed;
            StoreServiceMessage(chat, ++chat.LastMessageId, threadId, new JsonObject { [closed ? "forum_topic_closed" : "forum_topic_reopened"] = new JsonObject() });
            NotifyChanged();
            return new Answer(true);
        }
    }

    /// <summary>
    /// The start of a message the bot sends with copyMessage or sendDocument: checked as sendMessage checks (the bot may
    /// write here, the topic is open, the rate limits hold), numbered next in the chat. The caller stores it.
    /// </summary>
    private JsonObject NewBotMessage(ChatState chat, int? threadId)
    {
        EnsureBotCanSend(chat);
        var message = new JsonObject
        {
            ["message_id"] = chat.LastMessageId + 1,
            ["from"] = BotUserJson(),
            ["chat"] = ChatJson(chat),
            ["date"] = Now.ToUnixTimeSeconds(),
        };
        PlaceInTopic(chat, message, threadId);
        TakeRateLimitTokens(chat);
        return message;
    }

    private void StoreServiceMessage(ChatState chat, int messageId, int threadId, JsonObject content)
    {
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["message_thread_id"] = threadId,
            ["from"] = BotUserJson(),
            ["chat"] = ChatJson(chat),
            ["date"] = Now.ToUnixTimeSeconds(),
            ["is_topic_message"] = true,
        };
        foreach (var (key, value) in content)
        {
            message[key] = value?.DeepClone();
        }

        chat.Messages[messageId] = new StoredMessage(chat.Id, messageId, true, message, Now);
    }

    private Answer CopyMessage(BotApiParameters parameters)
    {
        var chatId = parameters.ChatId();
        var fromChatId = parameters.ChatId("from_chat_id");
        var sourceId = parameters.RequiredInt("message_id", "message identifier is not specified");
        var caption = Caption(parameters);
        lock (gate)
        {
            if (!chats.TryGetValue(fromChatId, out var fromChat) || !fromChat.Messages.TryGetValue(sourceId, out var source) || source.Deleted)
            {
                throw BotApiException.BadRequest("message to copy not found");
            }

            if (!CopyableContent.Any(source.Json.ContainsKey))
            {
                throw BotApiException.BadRequest("message can't be copied");
            }

            var chat = GetOrCreateChat(chatId);
            var message = NewBotMessage(chat, parameters.Int("message_thread_id"));
            foreach (var key in CopyableContent.Append("caption").Append("caption_entities").Where(source.Json.ContainsKey))
            {
                message[key] = source.Json[key]?.DeepClone();
            }

            if (caption is not null && !message.ContainsKey("text"))
            {
                // A caption given replaces the original's; an empty one removes it.
                message.Remove("caption");
                message.Remove("caption_entities");
                if (caption.Text.Length > 0)
                {
                    message["caption"] = caption.Text;
                    if (caption.Entities.Count > 0)
                    {
                        message["caption_entities"] = caption.Entities.DeepClone();
                    }
                }
            }

            var messageId = ++chat.LastMessageId;
            chat.Messages[messageId] = new StoredMessage(chatId, messageId, true, (JsonObject)message.DeepClone(), Now);
            copies.Add(new CopiedMessage(chatId, messageId, parameters.Int("message_thread_id"), fromChatId, sourceId, (string?)message["caption"],
                (JsonObject)parameters.Values.DeepClone(), Now));
            NotifyChanged();
            return new Answer(new JsonObject { ["message_id"] = messageId });
        }
    }

    private Answer SendDocument(BotApiParameters parameters)
    {
        var chatId = parameters.ChatId();
        var caption = Caption(parameters);
        if (Upload(parameters, "document") is not { } upload)
        {
            // A file_id or URL: this fake knows no files but those uploaded with the request.
            throw BotApiException.BadRequest(parameters.Has("document") ? "wrong file identifier/HTTP URL specified" : "there is no document in the request");
        }

        if ((long?)upload["size"] is null or 0)
        {
            throw BotApiException.BadRequest("file must be non-empty");
        }

        lock (gate)
        {
            var chat = GetOrCreateChat(chatId);
            var message = NewBotMessage(chat, parameters.Int("message_thread_id"));
            var file = ++fileCounter;
            message["document"] = new JsonObject
            {
                ["file_id"] = string.Create(CultureInfo.InvariantCulture, $"document-{file}"),
                ["file_unique_id"] = string.Create(CultureInfo.InvariantCulture, $"d{file}"),
                ["file_name"] = (string?)upload["file_name"],
                ["mime_type"] = (string?)upload["content_type"] ?? "application/octet-stream",
                ["file_size"] = (long?)upload["size"],
            };
            if (caption is { Text.Length: > 0 })
            {
                message["caption"] = caption.Text;
                if (caption.Entities.Count > 0)
                {
                    message["caption_entities"] = caption.Entities.DeepClone();
                }
            }

            var messageId = ++chat.LastMessageId;
            chat.Messages[messageId] = new StoredMessage(chatId, messageId, true, (JsonObject)message.DeepClone(), Now);
            documents.Add(new SentDocument(chatId, messageId, parameters.Int("message_thread_id"), (string?)upload["file_name"] ?? string.Empty,
                (string?)upload["text"] ?? string.Empty, caption?.Text, Now));
            NotifyChanged();
            return new Answer(message);
        }
    }

    /// <summary>
    /// A file uploaded with the request (multipart/form-data): in the parameter's own part, or — "attach://&lt;name&gt;" —
    /// in the part of that name.
    /// </summary>
    private static JsonObject? Upload(BotApiParameters parameters, string name) => parameters.Values[name] switch
    {
        JsonObject file => file,
        JsonValue value when value.TryGetValue(out string? text) && text.StartsWith("attach://", StringComparison.Ordinal) =>
            parameters.Values[text["attach://".Length..]] as JsonObject,
        _ => null,
    };

    /// <summary>caption, parsed with parse_mode; at most 1024 characters after parsing.</summary>
    private static FormattedText? Caption(BotApiParameters parameters)
    {
        if (parameters.String("caption") is not { } caption)
        {
            return null;
        }

        var parsed = TelegramText.Parse(caption, parameters.String("parse_mode"), parameters.JsonArray("caption_entities"));
        return TelegramText.Length(parsed.Text) > MaxCaptionLength ? throw BotApiException.BadRequest("message caption is too long") : parsed;
    }

    private sealed class TopicState(string name, long creatorId)
    {
        public string Name { get; } = name;

        public long CreatorId { get; } = creatorId;

        public bool Closed { get; set; }
    }
}

/// <summary>A forum topic as the fake knows it now; <c>CreatorId</c> is who created it (the bot, for tickets).</summary>
public sealed record ForumTopicState(long ChatId, int ThreadId, string Name, bool Closed, long CreatorId);

/// <summary>A successful copyMessage: the new message, the original it copies, and the caption it has now (plain text).</summary>
public sealed record CopiedMessage(long ChatId, int MessageId, int? ThreadId, long FromChatId, int SourceMessageId, string? Caption, JsonObject Parameters,
    DateTimeOffset SentAt);

/// <summary>A successful sendDocument with an uploaded file: its name, its content read as UTF-8, and the caption (plain text).</summary>
public sealed record SentDocument(long ChatId, int MessageId, int? ThreadId, string FileName, string Text, string? Caption, DateTimeOffset SentAt);
