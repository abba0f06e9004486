using System.Globalization;
using System.Text.Json.Nodes;

namespace SupportBot.Discord.Tests.Rest;

/// <summary>The endpoints and the state behind them: DM channels, messages, threads, global commands, interactions.</summary>
public sealed partial class FakeDiscordRest
{
    private const int LoadingFlag = 1 << 7;

    private readonly Dictionary<ulong, ulong> dmChannelOfUser = [];
    private readonly Dictionary<ulong, ulong> userOfDmChannel = [];
    private readonly HashSet<ulong> usersRefusingDms = [];
    private readonly Dictionary<ulong, JsonObject> messages = [];
    private readonly Dictionary<string, ulong> commandIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Interaction> interactions = new(StringComparer.Ordinal);
    private readonly HashSet<ulong> expiredInteractions = [];
    private readonly Dictionary<ulong, FakeThread> threads = [];
    private readonly Dictionary<ulong, IReadOnlyList<FakeFile>> filesOfMessage = [];
    private readonly Dictionary<(ulong Guild, ulong User), string?> timeouts = [];
    private JsonArray globalCommands = [];

    /// <summary>
    /// A member's <c>communication_disabled_until</c> as the last Modify Guild Member set it; null when never timed out
    /// (or the timeout was lifted).
    /// </summary>
    public string? TimeoutOf(ulong guildId, ulong userId)
    {
        lock (gate)
        {
            return timeouts.GetValueOrDefault((guildId, userId));
        }
    }

    /// <summary>The guild the fake's threads belong to.</summary>
    public ulong GuildId { get; } = 900;

    /// <summary>A thread as Discord keeps it: where, what kind, who is in it, archived or locked.</summary>
    public sealed record FakeThread(ulong Id, ulong ParentId, int Type, string Name, bool Invitable, int AutoArchiveDuration, bool Archived, bool Locked,
        IReadOnlySet<ulong> Members);

    /// <summary>The threads started under <paramref name="parentId"/>, oldest first.</summary>
    public IReadOnlyList<FakeThread> ThreadsIn(ulong parentId)
    {
        lock (gate)
        {
            return [.. threads.Values.Where(t => t.ParentId == parentId).OrderBy(t => t.Id).Select(t => t with { Members = new HashSet<ulong>(t.Members) })];
        }
    }

    /// <summary>The files attached to the messages that exist now in a channel, oldest first.</summary>
    public IReadOnlyList<FakeFile> FilesIn(ulong channelId)
    {
        lock (gate)
        {
            var channel = Id(channelId);
            return [.. messages.Where(m => (string?)m.Value["channel_id"] == channel && filesOfMessage.ContainsKey(m.Key))
                .OrderBy(m => m.Key).SelectMany(m => filesOfMessage[m.Key])];
        }
    }

    /// <summary>The DM channel the fake gave a user, if the bot opened one.</summary>
    public ulong? DmChannelOf(ulong userId)
    {
        lock (gate)
        {
            return dmChannelOfUser.TryGetValue(userId, out var channel) ? channel : null;
        }
    }

    /// <summary>The channel interaction responses and follow-ups appear in.</summary>
    public ulong InteractionChannelId { get; } = 400;

    /// <summary>The user does not accept DMs: messages to their DM channel get 403 with code 50007.</summary>
    public void RefuseDms(ulong userId)
    {
        lock (gate)
        {
            usersRefusingDms.Add(userId);
        }
    }

    /// <summary>The interaction's 3 seconds are over: its callback gets 404 with code 10062.</summary>
    public void ExpireInteraction(ulong interactionId)
    {
        lock (gate)
        {
            expiredInteractions.Add(interactionId);
        }
    }

    /// <summary>The messages in a channel that exist now (not deleted), oldest first, as the fake stores them.</summary>
    public IReadOnlyList<JsonObject> MessagesIn(ulong channelId)
    {
        lock (gate)
        {
            var channel = channelId.ToString(CultureInfo.InvariantCulture);
            return [.. messages.Values
                .Where(m => (string?)m["channel_id"] == channel)
                .OrderBy(m => ulong.Parse((string)m["id"]!, CultureInfo.InvariantCulture))
                .Select(m => (JsonObject)m.DeepClone())];
        }
    }

    /// <summary>The global commands after the last overwrite.</summary>
    public JsonArray GlobalCommands
    {
        get
        {
            lock (gate)
            {
                return (JsonArray)globalCommands.DeepClone();
            }
        }
    }

    /// <summary>The response an interaction was acknowledged with (null when it wasn't), and its original message.</summary>
    public (JsonObject? Response, JsonObject? Original, IReadOnlyList<JsonObject> Followups) InteractionState(string token)
    {
        lock (gate)
        {
            return interactions.TryGetValue(token, out var state)
                ? ((JsonObject)state.Response.DeepClone(), (JsonObject?)state.Original?.DeepClone(), [.. state.Followups.Select(f => (JsonObject)f.DeepClone())])
                : (null, null, []);
        }
    }

    private static bool TryId(string text, out ulong id) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Timestamp() => TestClock.Instance.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);

    private static JsonObject FieldError(string field, string code, string message) => new()
    {
        [field] = new JsonObject { ["_errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }) },
    };

    /// <summary>Checks a message body as Discord does: 2000 characters at most, and something to show.</summary>
    private static Reply? CheckMessage(JsonObject body, bool creating)
    {
        if (body["content"] is JsonValue content && content.TryGetValue<string>(out var text) && text.Length > 2000)
        {
            return Reply.Error(400, 50035, "Invalid Form Body", FieldError("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length."));
        }

        static bool Present(JsonNode? node) => node switch
        {
            JsonArray array => array.Count > 0,
            JsonValue value when value.TryGetValue<string>(out var s) => s.Length > 0,
            null => false,
            _ => true,
        };

        if (creating && !(Present(body["content"]) || Present(body["embeds"]) || Present(body["components"])
            || Present(body["sticker_ids"]) || Present(body["poll"]) || Present(body["attachments"])))
        {
            return Reply.Error(400, 50006, "Cannot send an empty message");
        }

        return null;
    }

    private RouteMatch? Match(string method, string path)
    {
        if (!path.StartsWith(BasePath + "/", StringComparison.Ordinal))
        {
            return null;
        }

        var s = path[(BasePath.Length + 1)..].Split('/');
        return (method, s) switch
        {
            ("GET", ["gateway", "bot"]) => new(FakeRoute.GetGatewayBot, "", true, []),
            ("GET", ["applications", "@me"]) => new(FakeRoute.GetCurrentApplication, "", true, []),
            ("POST", ["users", "@me", "channels"]) => new(FakeRoute.CreateDm, "", true, []),
            ("POST", ["channels", var c, "messages"]) when TryId(c, out _) => new(FakeRoute.CreateMessage, c, true, [c]),
            ("POST", ["channels", var c, "threads"]) when TryId(c, out _) => new(FakeRoute.StartThread, c, true, [c]),
            ("PUT", ["channels", var c, "thread-members", var u]) when TryId(c, out _) && TryId(u, out _) => new(FakeRoute.AddThreadMember, c, true, [c, u]),
            ("PATCH", ["channels", var c]) when TryId(c, out _) => new(FakeRoute.ModifyChannel, c, true, [c]),
            ("PATCH", ["channels", var c, "messages", var m]) when TryId(c, out _) && TryId(m, out _) => new(FakeRoute.EditMessage, c, true, [c, m]),
            ("DELETE", ["channels", var c, "messages", var m]) when TryId(c, out _) && TryId(m, out _) => new(FakeRoute.DeleteMessage, c, true, [c, m]),
            ("PATCH", ["guilds", var g, "members", var u]) when TryId(g, out _) && TryId(u, out _) => new(FakeRoute.ModifyGuildMember, g, true, [g, u]),
            ("PUT", ["applications", var a, "commands"]) when TryId(a, out _) => new(FakeRoute.BulkOverwriteGlobalCommands, "", true, [a]),
            ("POST", ["interactions", var i, var t, "callback"]) when TryId(i, out _) => new(FakeRoute.InteractionCallback, i + "/" + t, false, [i, t]),
            ("PATCH", ["webhooks", var a, var t, "messages", "@original"]) when TryId(a, out _) => new(FakeRoute.EditOriginalResponse, a + "/" + t, false, [a, t]),
            ("POST", ["webhooks", var a, var t]) when TryId(a, out _) => new(FakeRoute.CreateFollowup, a + "/" + t, false, [a, t]),
            _ => null,
        };
    }

    /// <summary>Serves a request that passed every check. Called under the lock.</summary>
    private Reply Endpoint(RouteMatch match, JsonNode? body, IReadOnlyList<FakeFile> files)
    {
        var p = match.Parameters;
        return match.Route switch
        {
            FakeRoute.GetGatewayBot => GetGatewayBot(),
            FakeRoute.GetCurrentApplication => Reply.Json(200, new JsonObject
            {
                ["id"] = Id(ApplicationId), ["name"] = "SupportBot", ["description"] = "", ["bot_public"] = true, ["bot_require_code_grant"] = false,
                ["verify_key"] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", ["flags"] = 0,
            }),
            FakeRoute.CreateDm => CreateDm(body),
            FakeRoute.CreateMessage => CreateMessage(ulong.Parse(p[0], CultureInfo.InvariantCulture), body, files),
            FakeRoute.StartThread => StartThread(ulong.Parse(p[0], CultureInfo.InvariantCulture), body),
            FakeRoute.AddThreadMember => AddThreadMember(ulong.Parse(p[0], CultureInfo.InvariantCulture), ulong.Parse(p[1], CultureInfo.InvariantCulture)),
            FakeRoute.ModifyChannel => ModifyChannel(ulong.Parse(p[0], CultureInfo.InvariantCulture), body),
            FakeRoute.EditMessage => EditMessage(ulong.Parse(p[0], CultureInfo.InvariantCulture), ulong.Parse(p[1], CultureInfo.InvariantCulture), body),
            FakeRoute.DeleteMessage => DeleteMessage(ulong.Parse(p[0], CultureInfo.InvariantCulture), ulong.Parse(p[1], CultureInfo.InvariantCulture)),
            FakeRoute.ModifyGuildMember => ModifyGuildMember(ulong.Parse(p[0], CultureInfo.InvariantCulture), ulong.Parse(p[1], CultureInfo.InvariantCulture), body),
            FakeRoute.BulkOverwriteGlobalCommands => BulkOverwrite(ulong.Parse(p[0], CultureInfo.InvariantCulture), body),
            FakeRoute.InteractionCallback => Callback(ulong.Parse(p[0], CultureInfo.InvariantCulture), p[1], body),
            FakeRoute.EditOriginalResponse => EditOriginal(ulong.Parse(p[0], CultureInfo.InvariantCulture), p[1], body),
            FakeRoute.CreateFollowup => CreateFollowup(ulong.Parse(p[0], CultureInfo.InvariantCulture), p[1], body),
            _ => Reply.Error(404, 0, "404: Not Found"),
        };
    }

    private Reply GetGatewayBot() => Reply.Json(200, new JsonObject
    {
        ["url"] = GatewayUrl,
        ["shards"] = RecommendedShards,
        ["session_start_limit"] = new JsonObject
        {
            ["total"] = 1000,
            ["remaining"] = SessionStartsRemaining,
            ["reset_after"] = (long)SessionStartsResetAfter.TotalMilliseconds,
            ["max_concurrency"] = MaxConcurrency,
        },
    });

    private Reply CreateDm(JsonNode? body)
    {
        if (body?["recipient_id"] is not JsonValue recipient || !recipient.TryGetValue<string>(out var text) || !TryId(text, out var userId))
        {
            return Reply.Error(400, 50035, "Invalid Form Body", FieldError("recipient_id", "BASE_TYPE_REQUIRED", "This field is required"));
        }

        if (!dmChannelOfUser.TryGetValue(userId, out var channelId))
        {
            channelId = NextSnowflake();
            dmChannelOfUser[userId] = channelId;
            userOfDmChannel[channelId] = userId;
        }

        return Reply.Json(200, new JsonObject
        {
            ["id"] = Id(channelId),
            ["type"] = 1,
            ["last_message_id"] = null,
            ["flags"] = 0,
            ["recipients"] = new JsonArray(User(userId, bot: false)),
        });
    }

    private Reply CreateMessage(ulong channelId, JsonNode? body, IReadOnlyList<FakeFile> files)
    {
        if (body is not JsonObject request)
        {
            return Reply.Error(400, 50035, "Invalid Form Body");
        }

        if (CheckMessage(request, creating: true) is { } invalid)
        {
            return invalid;
        }

        if (userOfDmChannel.TryGetValue(channelId, out var recipient) && usersRefusingDms.Contains(recipient))
        {
            return Reply.Error(403, 50007, "Cannot send messages to this user");
        }

        if (threads.TryGetValue(channelId, out var thread))
        {
            // A locked, archived thread takes no messages; sending in an archived one opens it again.
            if (thread is { Archived: true, Locked: true })
            {
                return Reply.Error(400, 50083, "Thread is archived");
            }

            threads[channelId] = thread with { Archived = false };
        }

        if (files.Count == 0 && request["attachments"] is JsonArray { Count: > 0 })
        {
            return Reply.Error(400, 50035, "Invalid Form Body", FieldError("attachments", "ATTACHMENT_NOT_FOUND", "An attachment refers to no uploaded file"));
        }

        var message = NewMessage(channelId, request, webhookId: null);
        var id = ulong.Parse((string)message["id"]!, CultureInfo.InvariantCulture);
        if (files.Count > 0)
        {
            message["attachments"] = new JsonArray([.. files.Select(f => (JsonNode)new JsonObject
            {
                ["id"] = Id(NextSnowflake()),
                ["filename"] = f.FileName,
                ["size"] = System.Text.Encoding.UTF8.GetByteCount(f.Text),
                ["url"] = $"https://cdn.discordapp.com/attachments/{channelId}/{id}/{f.FileName}",
                ["proxy_url"] = $"https://media.discordapp.net/attachments/{channelId}/{id}/{f.FileName}",
                ["content_type"] = f.ContentType,
            })]);
            filesOfMessage[id] = files;
        }

        messages[id] = message;
        return Reply.Json(200, message.DeepClone());
    }

    private Reply EditMessage(ulong channelId, ulong messageId, JsonNode? body)
    {
        if (body is not JsonObject request)
        {
            return Reply.Error(400, 50035, "Invalid Form Body");
        }

        if (!messages.TryGetValue(messageId, out var message) || (string?)message["channel_id"] != Id(channelId))
        {
            return Reply.Error(404, 10008, "Unknown Message");
        }

        if (CheckMessage(request, creating: false) is { } invalid)
        {
            return invalid;
        }

        Apply(message, request);
        return Reply.Json(200, message.DeepClone());
    }

    /// <summary>A message a user posted (the fake only knows messages sent through it otherwise), so it can be deleted.</summary>
    public void AddUserMessage(ulong channelId, ulong messageId, ulong authorId, string content)
    {
        lock (gate)
        {
            messages[messageId] = new JsonObject
            {
                ["id"] = Id(messageId),
                ["type"] = 0,
                ["channel_id"] = Id(channelId),
                ["author"] = User(authorId, bot: false),
                ["content"] = content,
            };
        }
    }

    /// <summary>Start Thread without Message: a private (12) or public (11) thread; the bot that starts it is its first member.</summary>
    private Reply StartThread(ulong parentId, JsonNode? body)
    {
        if (body is not JsonObject request || (string?)request["name"] is not { Length: > 0 } name)
        {
            return Reply.Error(400, 50035, "Invalid Form Body", FieldError("name", "BASE_TYPE_REQUIRED", "This field is required"));
        }

        var type = (int?)request["type"] ?? 12;
        var thread = new FakeThread(NextSnowflake(), parentId, type, name, (bool?)request["invitable"] ?? true,
            (int?)request["auto_archive_duration"] ?? 4320, Archived: false, Locked: false, new HashSet<ulong> { BotUserId });
        threads[thread.Id] = thread;
        return Reply.Json(201, ThreadObject(thread));
    }

    private Reply AddThreadMember(ulong threadId, ulong userId)
    {
        if (!threads.TryGetValue(threadId, out var thread))
        {
            return Reply.Error(404, 10003, "Unknown Channel");
        }

        if (thread.Archived)
        {
            return Reply.Error(400, 50083, "Thread is archived");
        }

        ((HashSet<ulong>)thread.Members).Add(userId);
        return Reply.NoContent();
    }

    /// <summary>Modify Channel, for threads: <c>archived</c> and <c>locked</c>.</summary>
    private Reply ModifyChannel(ulong channelId, JsonNode? body)
    {
        if (!threads.TryGetValue(channelId, out var thread))
        {
            return Reply.Error(404, 10003, "Unknown Channel");
        }

        var changes = body as JsonObject ?? [];
        thread = thread with
        {
            Archived = (bool?)changes["archived"] ?? thread.Archived,
            Locked = (bool?)changes["locked"] ?? thread.Locked,
            Name = (string?)changes["name"] ?? thread.Name,
        };
        threads[channelId] = thread;
        return Reply.Json(200, ThreadObject(thread));
    }

    private JsonObject ThreadObject(FakeThread thread) => new()
    {
        ["id"] = Id(thread.Id),
        ["type"] = thread.Type,
        ["guild_id"] = Id(GuildId),
        ["parent_id"] = Id(thread.ParentId),
        ["owner_id"] = Id(BotUserId),
        ["name"] = thread.Name,
        ["last_message_id"] = null,
        ["rate_limit_per_user"] = 0,
        ["flags"] = 0,
        ["message_count"] = 0,
        ["member_count"] = thread.Members.Count,
        ["thread_metadata"] = new JsonObject
        {
            ["archived"] = thread.Archived,
            ["auto_archive_duration"] = thread.AutoArchiveDuration,
            ["archive_timestamp"] = Timestamp(),
            ["locked"] = thread.Locked,
            ["invitable"] = thread.Invitable,
        },
    };

    private Reply DeleteMessage(ulong channelId, ulong messageId)
    {
        if (!messages.TryGetValue(messageId, out var message) || (string?)message["channel_id"] != Id(channelId))
        {
            return Reply.Error(404, 10008, "Unknown Message");
        }

        messages.Remove(messageId);
        return Reply.NoContent();
    }

    /// <summary>
    /// Modify Guild Member, for timeouts: <c>communication_disabled_until</c> must be an ISO 8601 timestamp no more than
    /// 28 days ahead (or null to lift it), as Discord checks; answers with the guild member.
    /// </summary>
    private Reply ModifyGuildMember(ulong guildId, ulong userId, JsonNode? body)
    {
        var changes = body as JsonObject ?? [];
        if (changes.ContainsKey("communication_disabled_until"))
        {
            var until = (string?)changes["communication_disabled_until"];
            if (until is not null && (!DateTimeOffset.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                || at > TestClock.Instance.GetUtcNow().AddDays(28).AddMinutes(1)))
            {
                return Reply.Error(400, 50035, "Invalid Form Body",
                    FieldError("communication_disabled_until", "COMMUNICATION_DISABLED_TIMESTAMP_INVALID", "Timeout must be an ISO 8601 timestamp at most 28 days in the future."));
            }

            timeouts[(guildId, userId)] = until;
        }

        return Reply.Json(200, new JsonObject
        {
            ["user"] = User(userId, bot: false),
            ["nick"] = (string?)changes["nick"],
            ["roles"] = new JsonArray(),
            ["joined_at"] = Timestamp(),
            ["deaf"] = false,
            ["mute"] = false,
            ["flags"] = 0,
            ["communication_disabled_until"] = timeouts.GetValueOrDefault((guildId, userId)),
        });
    }

    private Reply BulkOverwrite(ulong applicationId, JsonNode? body)
    {
        if (applicationId != ApplicationId)
        {
            return Reply.Error(403, 50001, "Missing Access");
        }

        if (body is not JsonArray array)
        {
            return Reply.Error(400, 50035, "Invalid Form Body");
        }

        var stored = new JsonArray();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject command || command["name"] is not JsonValue nameValue
                || !nameValue.TryGetValue<string>(out var name) || name.Length is < 1 or > 32)
            {
                return Reply.Error(400, 50035, "Invalid Form Body",
                    FieldError(Id((ulong)i), "BASE_TYPE_REQUIRED", "A command needs a name of 1 to 32 characters"));
            }

            // Discord keeps the id of a command that already existed under the same name.
            if (!commandIds.TryGetValue(name, out var id))
            {
                id = NextSnowflake();
                commandIds[name] = id;
            }

            var copy = (JsonObject)command.DeepClone();
            copy["id"] = Id(id);
            copy["application_id"] = Id(applicationId);
            copy["version"] = Id(NextSnowflake());
            copy["type"] ??= 1;
            copy["description"] ??= "";
            copy["default_member_permissions"] ??= null;
            copy["nsfw"] ??= false;
            stored.Add(copy);
        }

        globalCommands = stored;
        return Reply.Json(200, stored.DeepClone());
    }

    private Reply Callback(ulong interactionId, string token, JsonNode? body)
    {
        if (expiredInteractions.Contains(interactionId))
        {
            return Reply.Error(404, 10062, "Unknown interaction");
        }

        if (body is not JsonObject response || response["type"] is not JsonValue typeValue
            || !typeValue.TryGetValue<int>(out var type) || type is not (1 or 4 or 5 or 6 or 7 or 8 or 9))
        {
            return Reply.Error(400, 50035, "Invalid Form Body", FieldError("type", "BASE_TYPE_CHOICES", "Value must be one of {1, 4, 5, 6, 7, 8, 9}."));
        }

        if (interactions.ContainsKey(token))
        {
            return Reply.Error(400, 40060, "Interaction has already been acknowledged.");
        }

        var data = response["data"] as JsonObject ?? [];
        JsonObject? original = type switch
        {
            4 => NewMessage(InteractionChannelId, data, ApplicationId),
            5 => NewMessage(InteractionChannelId, new JsonObject { ["flags"] = ((int?)data["flags"] ?? 0) | LoadingFlag }, ApplicationId),
            // A component or modal interaction's original is the message the component sits on; the fake stands a
            // message in for it, updated at once for 7 (UPDATE_MESSAGE) and by a later PATCH @original for 6.
            6 or 7 => NewMessage(InteractionChannelId, type == 7 ? data : [], ApplicationId),
            _ => null,
        };
        interactions[token] = new Interaction(interactionId, (JsonObject)response.DeepClone(), original);
        return Reply.NoContent();
    }

    private Reply EditOriginal(ulong applicationId, string token, JsonNode? body)
    {
        if (applicationId != ApplicationId || !interactions.TryGetValue(token, out var interaction))
        {
            return Reply.Error(404, 10015, "Unknown Webhook");
        }

        if (interaction.Original is null)
        {
            return Reply.Error(404, 10008, "Unknown Message");
        }

        if (body is not JsonObject request)
        {
            return Reply.Error(400, 50035, "Invalid Form Body");
        }

        if (CheckMessage(request, creating: false) is { } invalid)
        {
            return invalid;
        }

        Apply(interaction.Original, request);
        interaction.Original["flags"] = ((int?)interaction.Original["flags"] ?? 0) & ~LoadingFlag;
        return Reply.Json(200, interaction.Original.DeepClone());
    }

    private Reply CreateFollowup(ulong applicationId, string token, JsonNode? body)
    {
        if (applicationId != ApplicationId || !interactions.TryGetValue(token, out var interaction))
        {
            return Reply.Error(404, 10015, "Unknown Webhook");
        }

        if (body is not JsonObject request)
        {
            return Reply.Error(400, 50035, "Invalid Form Body");
        }

        if (CheckMessage(request, creating: true) is { } invalid)
        {
            return invalid;
        }

        var message = NewMessage(InteractionChannelId, request, ApplicationId);
        interaction.Followups.Add(message);
        return Reply.Json(200, message.DeepClone());
    }

    private JsonObject NewMessage(ulong channelId, JsonObject request, ulong? webhookId)
    {
        var message = new JsonObject
        {
            ["id"] = Id(NextSnowflake()),
            ["type"] = 0,
            ["channel_id"] = Id(channelId),
            ["author"] = User(BotUserId, bot: true),
            ["content"] = (string?)request["content"] ?? "",
            ["embeds"] = request["embeds"]?.DeepClone() ?? new JsonArray(),
            ["components"] = request["components"]?.DeepClone() ?? new JsonArray(),
            ["attachments"] = new JsonArray(),
            ["mentions"] = new JsonArray(),
            ["mention_roles"] = new JsonArray(),
            ["mention_everyone"] = false,
            ["pinned"] = false,
            ["tts"] = false,
            ["timestamp"] = Timestamp(),
            ["edited_timestamp"] = null,
            ["flags"] = (int?)request["flags"] ?? 0,
        };
        if (webhookId is { } webhook)
        {
            message["webhook_id"] = Id(webhook);
            message["application_id"] = Id(webhook);
        }

        return message;
    }

    private static void Apply(JsonObject message, JsonObject edit)
    {
        foreach (var field in new[] { "content", "embeds", "components", "flags", "attachments" })
        {
            if (edit.ContainsKey(field))
            {
                message[field] = edit[field]?.DeepClone();
            }
        }

        message["edited_timestamp"] = Timestamp();
    }

    private static JsonObject User(ulong id, bool bot)
    {
        var user = new JsonObject
        {
            ["id"] = Id(id),
            ["username"] = bot ? "supportbot" : "user" + Id(id),
            ["discriminator"] = "0",
            ["global_name"] = null,
            ["avatar"] = null,
        };
        if (bot)
        {
            user["bot"] = true;
        }

        return user;
    }

    private sealed record Interaction(ulong Id, JsonObject Response, JsonObject? Original)
    {
        public List<JsonObject> Followups { get; } = [];
    }
}
