using System.Text.Json.Nodes;

namespace SupportBot.Telegram.Tests.Fakes;

// The bot, chat members, callback answers and bot commands.
public sealed partial class FakeBotApi
{
    private static readonly HashSet<string> MemberStatuses = new(StringComparer.Ordinal)
    {
        "creator", "administrator", "member", "restricted", "left", "kicked",
    };

    private static readonly HashSet<string> ScopeTypes = new(StringComparer.Ordinal)
    {
        "default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat", "chat_administrators", "chat_member",
    };

    private readonly Dictionary<(long ChatId, long UserId), MemberConfig> members = [];
    private readonly Dictionary<string, CallbackQueryState> callbackQueries = new(StringComparer.Ordinal);
    private readonly List<CallbackAnswer> callbackAnswers = [];
    private readonly Dictionary<string, List<BotCommandEntry>> commands = new(StringComparer.Ordinal);
    private readonly List<CommandsChange> commandChanges = [];

    /// <summary>Successful answerCallbackQuery calls, in order.</summary>
    public IReadOnlyList<CallbackAnswer> CallbackAnswers
    {
        get
        {
            lock (gate)
            {
                return [.. callbackAnswers];
            }
        }
    }

    /// <summary>Successful setMyCommands / deleteMyCommands calls, in order.</summary>
    public IReadOnlyList<CommandsChange> Commands
    {
        get
        {
            lock (gate)
            {
                return [.. commandChanges];
            }
        }
    }

    /// <summary>
    /// Sets a user's status in a chat: creator, administrator (with <paramref name="canDeleteMessages"/> and
    /// <paramref name="canRestrictMembers"/>), member, restricted (cannot send), left or kicked. Unset users are members.
    /// Setting the bot's own id (<see cref="BotId"/>) decides what the bot may do there.
    /// </summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="userId">The user (the bot's own id for the bot).</param>
    /// <param name="status">creator, administrator, member, restricted, left or kicked.</param>
    /// <param name="canDeleteMessages">An administrator's can_delete_messages.</param>
    /// <param name="canRestrictMembers">An administrator's can_restrict_members.</param>
    /// <param name="canManageTopics">An administrator's can_manage_topics (supergroups).</param>
    /// <param name="isAnonymous">A creator's or administrator's is_anonymous: they write as the chat itself.</param>
    public void SetChatMember(long chatId, long userId, string status, bool canDeleteMessages = false, bool canRestrictMembers = false,
        bool canManageTopics = false, bool isAnonymous = false)
    {
        var config = new MemberConfig(ValidStatus(status), canDeleteMessages, canRestrictMembers, canManageTopics) { IsAnonymous = isAnonymous };
        lock (gate)
        {
            members[(chatId, userId)] = config;
            NotifyChanged();
        }
    }

    /// <summary>
    /// Gives the bot can_delete_messages in the chat (it becomes an administrator unless it is the creator), or takes it
    /// away (an administrator keeps its other rights, otherwise the bot becomes a plain member). Without the right the bot
    /// can still delete its own messages (and any message in private chats), as in Telegram; use
    /// <see cref="InjectError"/> to make any deletion fail.
    /// </summary>
    public void SetBotCanDelete(long chatId, bool canDelete)
    {
        lock (gate)
        {
            var current = members.GetValueOrDefault((chatId, BotId));
            members[(chatId, BotId)] = (canDelete, current?.Status) switch
            {
                (true, "creator") => current!,
                (true, _) => new MemberConfig("administrator", true, current?.CanRestrictMembers ?? false, current?.CanManageTopics ?? false),
                (false, "creator" or "administrator") => new MemberConfig("administrator", false, current!.CanRestrictMembers, current.CanManageTopics),
                (false, _) => new MemberConfig("member"),
            };
            NotifyChanged();
        }
    }

    /// <summary>The user blocked the bot (private chat) or kicked it (group): sending there answers 403 Forbidden.</summary>
    public void BlockBot(long chatId) => SetChatMember(chatId, BotId, "kicked");

    /// <summary>The commands set now for a scope (null: default) and language (null: all languages).</summary>
    public IReadOnlyList<BotCommandEntry> CurrentCommands(JsonObject? scope = null, string? languageCode = null)
    {
        lock (gate)
        {
            return commands.TryGetValue(CommandsKey(scope, languageCode), out var list) ? [.. list] : [];
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> callback queries were answered; returns all answers.</summary>
    public async Task<IReadOnlyList<CallbackAnswer>> WaitForCallbackAnswersAsync(int count, TimeSpan? timeout = null)
    {
        await WaitUntilAsync(() => CallbackAnswers.Count >= count, timeout, $"{count} callback answer(s)");
        return CallbackAnswers;
    }

    private static string ValidStatus(string status) =>
        MemberStatuses.Contains(status)
            ? status
            : throw new ArgumentException("Status is creator, administrator, member, restricted, left or kicked.", nameof(status));

    private static string CommandsKey(JsonObject? scope, string? languageCode)
    {
        var type = (string?)scope?["type"] ?? "default";
        return $"{type}|{scope?["chat_id"]?.ToJsonString()}|{scope?["user_id"]?.ToJsonString()}|{languageCode ?? string.Empty}";
    }

    private static (JsonObject? Scope, string Language) ReadCommandsTarget(BotApiParameters parameters)
    {
        var scope = parameters.JsonObject("scope");
        if (scope is not null)
        {
            var type = (string?)scope["type"];
            if (type is null || !ScopeTypes.Contains(type))
            {
                throw BotApiException.BadRequest("unsupported bot command scope type");
            }

            if (type is "chat" or "chat_administrators" or "chat_member" && scope["chat_id"] is null)
            {
                throw BotApiException.BadRequest("chat_id is empty");
            }

            if (type == "chat_member" && scope["user_id"] is null)
            {
                throw BotApiException.BadRequest("user_id is empty");
            }

            if (type == "default")
            {
                scope = null;
            }
        }

        var language = parameters.String("language_code") ?? string.Empty;
        if (language.Length != 0 && (language.Length != 2 || !language.All(char.IsAsciiLetterLower)))
        {
            throw BotApiException.BadRequest("invalid language code specified");
        }

        return (scope, language);
    }

    private Answer GetMe(BotApiParameters parameters)
    {
        _ = parameters;
        var me = BotUserJson();
        me["can_join_groups"] = true;
        me["can_read_all_group_messages"] = false;
        me["supports_inline_queries"] = false;
        me["can_connect_to_business"] = false;
        me["has_main_web_app"] = false;
        return new Answer(me);
    }

    private JsonObject MemberJson(long userId, MemberConfig config, long? chatId = null)
    {
        var json = new JsonObject { ["status"] = config.Status, ["user"] = UserJson(userId) };
        switch (config.Status)
        {
            case "creator":
                json["is_anonymous"] = config.IsAnonymous;
                break;
            case "administrator":
                json["can_be_edited"] = false;
                json["is_anonymous"] = config.IsAnonymous;
                json["can_manage_chat"] = true;
                json["can_delete_messages"] = config.CanDeleteMessages;
                json["can_manage_video_chats"] = false;
                json["can_restrict_members"] = config.CanRestrictMembers;
                json["can_promote_members"] = false;
                json["can_change_info"] = false;
                json["can_invite_users"] = true;
                json["can_post_stories"] = false;
                json["can_edit_stories"] = false;
                json["can_delete_stories"] = false;
                json["can_pin_messages"] = false;
                if (chatId is { } id && chats.GetValueOrDefault(id)?.Type == "supergroup")
                {
                    json["can_manage_topics"] = config.CanManageTopics; // supergroups only
                }

                break;
            case "restricted":
                json["is_member"] = true;
                foreach (var right in new[]
                         {
                             "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos",
                             "can_send_video_notes", "can_send_voice_notes", "can_send_polls", "can_send_other_messages",
                             "can_add_web_page_previews", "can_change_info", "can_invite_users", "can_pin_messages", "can_manage_topics",
                         })
                {
                    json[right] = (bool?)config.Permissions?[right] ?? false;
                }

                json["until_date"] = config.UntilDate;
                break;
            case "kicked":
                json["until_date"] = 0;
                break;
            default:
                break;
        }

        return json;
    }

    private Answer GetChatMember(BotApiParameters parameters)
    {
        var chatId = parameters.ChatId();
        var userId = parameters.Long("user_id") ?? throw BotApiException.BadRequest("user_id is empty");
        lock (gate)
        {
            return new Answer(MemberJson(userId, members.GetValueOrDefault((chatId, userId)) ?? new MemberConfig("member"), chatId));
        }
    }

    private Answer GetChatAdministrators(BotApiParameters parameters)
    {
        var chatId = parameters.ChatId();
        lock (gate)
        {
            if (GetOrCreateChat(chatId).Type == "private")
            {
                throw BotApiException.BadRequest("there are no administrators in the private chat");
            }

            // Other bots are left out unless return_bots asks for them.
            var returnBots = parameters.Bool("return_bots") ?? false;
            var admins = members
                .Where(pair => pair.Key.ChatId == chatId && pair.Value.Status is "creator" or "administrator")
                .Where(pair => returnBots || pair.Key.UserId == BotId || !((bool?)users.GetValueOrDefault(pair.Key.UserId)?["is_bot"] ?? false))
                .OrderBy(pair => pair.Value.Status == "creator" ? 0 : 1)
                .ThenBy(pair => pair.Key.UserId)
                .Select(pair => (JsonNode)MemberJson(pair.Key.UserId, pair.Value, chatId));
            return new Answer(new JsonArray([.. admins]));
        }
    }

    private Answer AnswerCallbackQuery(BotApiParameters parameters)
    {
        const string tooOld = "query is too old and response timeout expired or query ID is invalid";
        var id = parameters.String("callback_query_id");
        var text = parameters.String("text");
        if (text is not null && TelegramText.Length(text) > 200)
        {
            throw BotApiException.BadRequest("MESSAGE_TOO_LONG");
        }

        lock (gate)
        {
            if (id is null || !callbackQueries.TryGetValue(id, out var query) || query.Answered
                || (options.CallbackQueryLifetime is { } lifetime && Now - query.IssuedAt > lifetime))
            {
                throw BotApiException.BadRequest(tooOld);
            }

            query.Answered = true;
            callbackAnswers.Add(new CallbackAnswer(id, text, parameters.Bool("show_alert") ?? false, parameters.String("url"),
                parameters.Int("cache_time"), Now));
            NotifyChanged();
            return new Answer(true);
        }
    }

    private Answer SetMyCommands(BotApiParameters parameters)
    {
        var list = parameters.JsonArray("commands") ?? throw BotApiException.BadRequest("commands are not specified");
        if (list.Count > 100)
        {
            throw BotApiException.BadRequest("too many commands specified");
        }

        var entries = new List<BotCommandEntry>();
        foreach (var node in list)
        {
            var command = ((string?)node?["command"])?.Trim().TrimStart('/') ?? string.Empty;
            var description = ((string?)node?["description"])?.Trim() ?? string.Empty;
            if (command.Length is < 1 or > 32 || !command.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                throw BotApiException.BadRequest("BOT_COMMAND_INVALID");
            }

            if (description.Length is < 1 or > 256)
            {
                throw BotApiException.BadRequest("BOT_COMMAND_DESCRIPTION_INVALID");
            }

            entries.Add(new BotCommandEntry(command, description));
        }

        var (scope, language) = ReadCommandsTarget(parameters);
        lock (gate)
        {
            commands[CommandsKey(scope, language)] = entries;
            commandChanges.Add(new CommandsChange([.. entries], (JsonObject?)scope?.DeepClone(), language.Length == 0 ? null : language, false, Now));
            NotifyChanged();
        }

        return new Answer(true);
    }

    private Answer GetMyCommands(BotApiParameters parameters)
    {
        var (scope, language) = ReadCommandsTarget(parameters);
        lock (gate)
        {
            var list = commands.GetValueOrDefault(CommandsKey(scope, language)) ?? [];
            return new Answer(new JsonArray([.. list.Select(c => (JsonNode)new JsonObject
            {
                ["command"] = c.Command,
                ["description"] = c.Description,
            })]));
        }
    }

    private Answer DeleteMyCommands(BotApiParameters parameters)
    {
        var (scope, language) = ReadCommandsTarget(parameters);
        lock (gate)
        {
            commands.Remove(CommandsKey(scope, language));
            commandChanges.Add(new CommandsChange([], (JsonObject?)scope?.DeepClone(), language.Length == 0 ? null : language, true, Now));
            NotifyChanged();
        }

        return new Answer(true);
    }

    private sealed record MemberConfig(string Status, bool CanDeleteMessages = false, bool CanRestrictMembers = false, bool CanManageTopics = false)
    {
        public bool IsAnonymous { get; init; }

        /// <summary>A restricted member's permissions as restrictChatMember set them (null: none).</summary>
        public JsonObject? Permissions { get; init; }

        /// <summary>A restricted or banned member's until_date (0: forever).</summary>
        public long UntilDate { get; init; }

        public static MemberConfig FromJson(JsonObject member) => new(
            (string?)member["status"] ?? "member",
            (bool?)member["can_delete_messages"] ?? false,
            (bool?)member["can_restrict_members"] ?? false,
            (bool?)member["can_manage_topics"] ?? false)
        {
            IsAnonymous = (bool?)member["is_anonymous"] ?? false,
        };
    }

    private sealed class CallbackQueryState(DateTimeOffset issuedAt)
    {
        public DateTimeOffset IssuedAt { get; } = issuedAt;

        public bool Answered { get; set; }
    }
}
