using System.Text.Json.Nodes;

namespace SupportBot.Telegram.Tests.Fakes;

/// <summary>A successful restrictChatMember: the permissions as sent, and until when (null: forever).</summary>
public sealed record MemberRestriction(long ChatId, long UserId, JsonObject Permissions, bool UseIndependentChatPermissions, DateTimeOffset? Until,
    DateTimeOffset At);

// Group moderation: restrictChatMember, and the updates a group produces besides plain messages — joins (the
// new_chat_members service message and chat_member updates), messages sent on behalf of a channel or as the group
// itself, text_link entities, captions and forwards.
public sealed partial class FakeBotApi
{
    /// <summary>The placeholder sender of messages sent on behalf of a channel (Telegram's @Channel_Bot).</summary>
    public const long ChannelBotId = 136817688;

    /// <summary>The placeholder sender of an anonymous administrator's messages (Telegram's @GroupAnonymousBot).</summary>
    public const long GroupAnonymousBotId = 1087968824;

    private static readonly string[] PermissionNames =
    [
        "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos", "can_send_video_notes",
        "can_send_voice_notes", "can_send_polls", "can_send_other_messages", "can_add_web_page_previews", "can_change_info",
        "can_invite_users", "can_pin_messages", "can_manage_topics",
    ];

    private readonly List<MemberRestriction> restrictions = [];

    /// <summary>Successful restrictChatMember calls, in order.</summary>
    public IReadOnlyList<MemberRestriction> Restrictions
    {
        get
        {
            lock (gate)
            {
                return [.. restrictions];
            }
        }
    }

    /// <summary>
    /// A <c>text_link</c> entity over the first occurrence of <paramref name="shown"/> in <paramref name="text"/>
    /// (offset and length in UTF-16 code units, as the Bot API counts them).
    /// </summary>
    public static JsonObject TextLink(string text, string shown, string url)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(shown);
        var offset = text.IndexOf(shown, StringComparison.Ordinal);
        if (offset < 0)
        {
            throw new ArgumentException($"\"{shown}\" is not in the text.", nameof(shown));
        }

        return new JsonObject { ["type"] = "text_link", ["offset"] = offset, ["length"] = shown.Length, ["url"] = url };
    }

    /// <summary>Makes the user known to the fake (their names in messages, member lists and updates).</summary>
    public void SetUser(long userId, string firstName, string? lastName = null, string? username = null, string? languageCode = "en", bool isBot = false)
    {
        var user = UserJson(userId, firstName, lastName, username, languageCode, isBot);
        lock (gate)
        {
            users[userId] = user;
            NotifyChanged();
        }
    }

    /// <summary>A User object as the Bot API sends it: optional fields only when they have a value.</summary>
    private static JsonObject UserJson(long userId, string firstName, string? lastName, string? username, string? languageCode, bool isBot = false)
    {
        var user = new JsonObject { ["id"] = userId, ["is_bot"] = isBot, ["first_name"] = firstName };
        if (lastName is not null)
        {
            user["last_name"] = lastName;
        }

        if (username is not null)
        {
            user["username"] = username;
        }

        if (languageCode is not null)
        {
            user["language_code"] = languageCode;
        }

        return user;
    }

    /// <summary>Adds entities (e.g. <see cref="TextLink"/>) to the message of an update built here, in offset order.</summary>
    public static JsonObject WithEntities(JsonObject update, params JsonObject[] entities)
    {
        var message = MessageOf(update);
        var all = (message["entities"] as JsonArray)?.Select(e => (JsonObject)e!.DeepClone()).ToList() ?? [];
        all.AddRange(entities.Select(e => (JsonObject)e.DeepClone()));
        message["entities"] = new JsonArray([.. all.OrderBy(e => (int)e["offset"]!)]);
        return update;
    }

    /// <summary>Turns a text message built here into a photo whose caption is that text (entities become caption_entities).</summary>
    public static JsonObject AsPhotoCaption(JsonObject update)
    {
        var message = MessageOf(update);
        message["caption"] = message["text"]?.DeepClone();
        message.Remove("text");
        if (message["entities"] is { } entities)
        {
            message.Remove("entities");
            message["caption_entities"] = entities;
        }

        message["photo"] = new JsonArray(new JsonObject
        {
            ["file_id"] = "AgACAgIAAxkBAAIBfake", ["file_unique_id"] = "AQADfake", ["width"] = 90, ["height"] = 90, ["file_size"] = 1200,
        });
        return update;
    }

    /// <summary>Marks a message built here as forwarded from a user who hides their account (forward_origin "hidden_user").</summary>
    public JsonObject Forwarded(JsonObject update, string senderName)
    {
        MessageOf(update)["forward_origin"] = new JsonObject
        {
            ["type"] = "hidden_user",
            ["sender_user_name"] = senderName,
            ["date"] = Now.AddMinutes(-5).ToUnixTimeSeconds(),
        };
        return update;
    }

    /// <summary>
    /// A message in a group sent on behalf of a channel: from is Telegram's @Channel_Bot placeholder, sender_chat the
    /// channel. With <paramref name="linkedChannelPost"/>, the automatic forward of a post of the group's linked channel.
    /// </summary>
    public JsonObject ChannelMessage(long chatId, long channelId, string channelTitle, string text, string? channelUsername = null, bool linkedChannelPost = false)
    {
        lock (gate)
        {
            var sender = new JsonObject { ["id"] = channelId, ["type"] = "channel", ["title"] = channelTitle };
            if (channelUsername is not null)
            {
                sender["username"] = channelUsername;
            }

            var message = NewGroupMessage(chatId, new JsonObject
            {
                ["id"] = ChannelBotId, ["is_bot"] = true, ["first_name"] = "Channel", ["username"] = "Channel_Bot",
            });
            message["sender_chat"] = sender;
            if (linkedChannelPost)
            {
                message["is_automatic_forward"] = true;
            }

            message["text"] = text;
            return new JsonObject { ["message"] = message };
        }
    }

    /// <summary>A message an anonymous administrator sent as the group itself: sender_chat is the group, from @GroupAnonymousBot.</summary>
    public JsonObject AnonymousAdminMessage(long chatId, string text)
    {
        lock (gate)
        {
            var message = NewGroupMessage(chatId, new JsonObject
            {
                ["id"] = GroupAnonymousBotId, ["is_bot"] = true, ["first_name"] = "Group", ["username"] = "GroupAnonymousBot",
            });
            message["sender_chat"] = message["chat"]!.DeepClone();
            message["text"] = text;
            return new JsonObject { ["message"] = message };
        }
    }

    /// <summary>
    /// The service message of members joining a group (<c>new_chat_members</c>): <paramref name="fromUserId"/> added
    /// them, or joined themself (then the only member is the sender). Users are known by <see cref="SetUser"/>.
    /// </summary>
    public JsonObject MembersJoined(long chatId, long fromUserId, params long[] userIds)
    {
        lock (gate)
        {
            var message = NewGroupMessage(chatId, UserJson(fromUserId));
            message["new_chat_members"] = new JsonArray([.. userIds.Select(id => (JsonNode)UserJson(id))]);
            return new JsonObject { ["message"] = message };
        }
    }

    /// <summary>
    /// A <c>chat_member</c> update: a user's status in a group changed, e.g. "left" → "member" when they joined.
    /// Telegram sends these only to a bot that is an administrator of the chat and lists "chat_member" in allowed_updates;
    /// the fake drops the update otherwise. Once enqueued, the fake treats the user as having <paramref name="newStatus"/>.
    /// </summary>
    public JsonObject MemberStatusChange(long chatId, long userId, string oldStatus, string newStatus, long? byUserId = null)
    {
        lock (gate)
        {
            var chat = GetOrCreateChat(chatId);
            return new JsonObject
            {
                ["chat_member"] = new JsonObject
                {
                    ["chat"] = ChatJson(chat),
                    ["from"] = UserJson(byUserId ?? userId),
                    ["date"] = Now.ToUnixTimeSeconds(),
                    ["old_chat_member"] = MemberJson(userId, new MemberConfig(ValidStatus(oldStatus))),
                    ["new_chat_member"] = MemberJson(userId, new MemberConfig(ValidStatus(newStatus))),
                },
            };
        }
    }

    private static JsonObject MessageOf(JsonObject update) =>
        (update["message"] ?? update["edited_message"]) as JsonObject ?? throw new ArgumentException("Not a message update.", nameof(update));

    private bool BotIsAdministrator(long chatId) => members.GetValueOrDefault((chatId, BotId))?.Status is "creator" or "administrator";

    /// <summary>A new message in a group from <paramref name="from"/>, without content yet. Under the lock.</summary>
    private JsonObject NewGroupMessage(long chatId, JsonObject from)
    {
        var chat = GetOrCreateChat(chatId);
        return new JsonObject
        {
            ["message_id"] = ++chat.LastMessageId,
            ["from"] = from,
            ["chat"] = ChatJson(chat),
            ["date"] = Now.ToUnixTimeSeconds(),
        };
    }

    /// <summary>
    /// restrictChatMember as documented: supergroups only; the bot must be an administrator with can_restrict_members
    /// (or the creator); administrators cannot be restricted; until_date less than 30 seconds or more than 366 days
    /// away means forever. Permissions set to true everywhere lift the restriction.
    /// </summary>
    private Answer RestrictChatMember(BotApiParameters parameters)
    {
        var chatId = parameters.ChatId();
        var userId = parameters.Long("user_id") ?? throw BotApiException.BadRequest("user_id is empty");
        var permissions = parameters.JsonObject("permissions") ?? throw BotApiException.BadRequest("can't parse permissions JSON object");
        var independent = parameters.Bool("use_independent_chat_permissions") ?? false;
        var untilDate = parameters.Long("until_date");
        lock (gate)
        {
            var chat = GetOrCreateChat(chatId);
            if (chat.Type != "supergroup")
            {
                throw BotApiException.BadRequest("method is available only for supergroups");
            }

            if (userId == BotId)
            {
                throw BotApiException.BadRequest("can't restrict self");
            }

            var bot = members.GetValueOrDefault((chatId, BotId));
            if (bot?.Status is not ("creator" or "administrator") || bot.Status == "administrator" && !bot.CanRestrictMembers)
            {
                throw BotApiException.BadRequest("not enough rights to restrict/unrestrict chat member");
            }

            var current = members.GetValueOrDefault((chatId, userId));
            if (current?.Status is "creator" or "administrator")
            {
                throw BotApiException.BadRequest("user is an administrator of the chat");
            }

            DateTimeOffset? until = untilDate is { } seconds && seconds > 0 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
            if (until is { } end && (end - Now < TimeSpan.FromSeconds(30) || end - Now > TimeSpan.FromDays(366)))
            {
                until = null;
            }

            var liftsAll = PermissionNames.All(name => (bool?)permissions[name] == true);
            members[(chatId, userId)] = liftsAll
                ? new MemberConfig("member")
                : new MemberConfig("restricted")
                {
                    Permissions = (JsonObject)permissions.DeepClone(),
                    UntilDate = until?.ToUnixTimeSeconds() ?? 0,
                };
            restrictions.Add(new MemberRestriction(chatId, userId, (JsonObject)permissions.DeepClone(), independent, until, Now));
            NotifyChanged();
            return new Answer(true);
        }
    }
}
