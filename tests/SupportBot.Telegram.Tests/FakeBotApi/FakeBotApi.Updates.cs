using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telegram.Bot;

namespace SupportBot.Telegram.Tests.Fakes;

// Incoming updates: the queue, update builders, getUpdates long polling and webhook delivery.
public sealed partial class FakeBotApi
{
    /// <summary>Update types Telegram leaves out unless allowed_updates names them.</summary>
    private static readonly HashSet<string> OptInUpdateTypes = new(StringComparer.Ordinal)
    {
        "chat_member", "message_reaction", "message_reaction_count",
    };

    private readonly List<JsonObject> pending = [];
    private readonly List<GetUpdatesCall> getUpdatesCalls = [];
    private readonly List<WebhookDelivery> webhookDeliveries = [];
    private int nextUpdateId;
    private long callbackQueryCounter;
    private HashSet<string>? allowedUpdates;
    private PollState? activePoll;
    private WebhookState? webhook;

    /// <summary>The update_id the next enqueued update gets.</summary>
    public int NextUpdateId
    {
        get
        {
            lock (gate)
            {
                return nextUpdateId;
            }
        }
    }

    /// <summary>Updates not yet confirmed (getUpdates offset) or delivered (webhook).</summary>
    public int PendingUpdateCount
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    /// <summary>Every getUpdates call, in order, with the offset it confirmed and what it returned.</summary>
    public IReadOnlyList<GetUpdatesCall> GetUpdatesCalls
    {
        get
        {
            lock (gate)
            {
                return [.. getUpdatesCalls];
            }
        }
    }

    /// <summary>Every webhook delivery attempt, in order.</summary>
    public IReadOnlyList<WebhookDelivery> WebhookDeliveries
    {
        get
        {
            lock (gate)
            {
                return [.. webhookDeliveries];
            }
        }
    }

    /// <summary>The webhook URL, null while the bot uses getUpdates.</summary>
    public Uri? WebhookUrl
    {
        get
        {
            lock (gate)
            {
                return webhook?.Url;
            }
        }
    }

    /// <summary>
    /// Queues an Update (a JSON object with one payload field such as "message" or "callback_query").
    /// A missing (or non-positive) update_id is assigned from <see cref="NextUpdateId"/>. Chats, users, messages and callback query ids
    /// found in it become known to the fake (so the bot can reply to, delete or answer them).
    /// </summary>
    /// <returns>The update_id.</returns>
    public int EnqueueUpdate(JsonNode update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update is not JsonObject source || PayloadType(source) is null)
        {
            throw new ArgumentException("An Update is a JSON object with a payload field such as \"message\".", nameof(update));
        }

        lock (gate)
        {
            // A typed Update serializes update_id 0: only a positive id counts as given.
            var id = source["update_id"] is JsonValue given && given.TryGetValue(out int explicitId) && explicitId > 0
                ? explicitId
                : nextUpdateId;

            nextUpdateId = Math.Max(nextUpdateId, id + 1);
            var stored = new JsonObject { ["update_id"] = id };
            foreach (var (key, value) in source)
            {
                if (key != "update_id")
                {
                    stored[key] = value?.DeepClone();
                }
            }

            Absorb(stored);
            var index = pending.FindIndex(u => UpdateId(u) > id);
            pending.Insert(index < 0 ? pending.Count : index, stored);
            NotifyChanged();
            return id;
        }
    }

    /// <summary>
    /// Queues an update given as a Telegram.Bot <c>Update</c>, an anonymous object (serialized snake_case), or a JSON string.
    /// </summary>
    public int EnqueueUpdate(object update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update switch
        {
            JsonNode node => EnqueueUpdate(node),
            string json => EnqueueUpdate(JsonNode.Parse(json) ?? throw new ArgumentException("Empty JSON.", nameof(update))),
            _ => EnqueueUpdate(JsonSerializer.SerializeToNode(update, update.GetType(), JsonBotAPI.Options)
                ?? throw new ArgumentException("The update serialized to null.", nameof(update))),
        };
    }

    /// <summary>Builds and queues <see cref="UserMessage"/>; returns the update_id.</summary>
    public int EnqueueUserMessage(long chatId, long userId, string text, string? languageCode = "en", string chatType = "private",
        string firstName = "Test") =>
        EnqueueUpdate(UserMessage(chatId, userId, text, languageCode, chatType, firstName));

    /// <summary>Builds and queues <see cref="CallbackQuery"/>; returns the update_id.</summary>
    public int EnqueueCallbackQuery(long chatId, long userId, int messageId, string data, string? languageCode = "en") =>
        EnqueueUpdate(CallbackQuery(chatId, userId, messageId, data, languageCode));

    /// <summary>
    /// A "message" update: a user's text message in a chat (private, group or supergroup), with the next message id of
    /// that chat and bot_command entities for "/commands". Enqueue it with <see cref="EnqueueUpdate(JsonNode)"/>.
    /// </summary>
    public JsonObject UserMessage(
        long chatId,
        long userId,
        string text,
        string? languageCode = "en",
        string chatType = "private",
        string firstName = "Test",
        string? lastName = null,
        string? username = null,
        string? chatTitle = null,
        int? replyToMessageId = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(chatType);
        if (chatType is not ("private" or "group" or "supergroup" or "channel"))
        {
            throw new ArgumentException("Chat type is private, group, supergroup or channel.", nameof(chatType));
        }

        lock (gate)
        {
            var user = UserJson(userId, firstName, lastName, username, languageCode);
            users[userId] = (JsonObject)user.DeepClone();
            var chat = GetOrCreateChat(chatId, chatType);
            if (chatType == "private")
            {
                chat.FirstName = firstName;
                chat.LastName = lastName;
                chat.Username = username;
            }
            else if (chatTitle is not null)
            {
                chat.Title = chatTitle;
            }

            var message = new JsonObject
            {
                ["message_id"] = ++chat.LastMessageId,
                ["from"] = user,
                ["chat"] = ChatJson(chat),
                ["date"] = Now.ToUnixTimeSeconds(),
            };
            if (replyToMessageId is { } replyId && chat.Messages.TryGetValue(replyId, out var replied) && !replied.Deleted)
            {
                message["reply_to_message"] = WithoutReply(replied.Json);
            }

            message["text"] = text;
            var commands = TelegramText.DetectCommands(text);
            if (commands.Count > 0)
            {
                message["entities"] = commands;
            }

            return new JsonObject { ["message"] = message };
        }
    }

    /// <summary>
    /// An "edited_message" update: the author of message <paramref name="messageId"/> changed its text. As the Bot API
    /// sends it: the whole message again, with its original date, the new text and an edit_date. Once enqueued, the
    /// fake knows the message by its new text.
    /// </summary>
    public JsonObject UserEdit(long chatId, int messageId, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (gate)
        {
            if (!chats.TryGetValue(chatId, out var chat) || !chat.Messages.TryGetValue(messageId, out var stored) || stored.Deleted || stored.FromBot)
            {
                throw new ArgumentException($"Chat {chatId} has no message {messageId} from a user to edit.", nameof(messageId));
            }

            var message = (JsonObject)stored.Json.DeepClone();
            message.Remove("entities");
            message["text"] = text;
            var commands = TelegramText.DetectCommands(text);
            if (commands.Count > 0)
            {
                message["entities"] = commands;
            }

            message["edit_date"] = Now.ToUnixTimeSeconds();
            return new JsonObject { ["edited_message"] = message };
        }
    }

    /// <summary>
    /// A "callback_query" update: the user pressed a button with <paramref name="data"/> under message
    /// <paramref name="messageId"/>. The query carries the message as the fake knows it now (text, keyboard), or an
    /// inaccessible message (date 0) if the fake never saw it. The query id becomes answerable once enqueued.
    /// </summary>
    public JsonObject CallbackQuery(long chatId, long userId, int messageId, string data, string? languageCode = "en",
        string firstName = "Test", string? queryId = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        lock (gate)
        {
            var user = users.TryGetValue(userId, out var known)
                ? (JsonObject)known.DeepClone()
                : new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = firstName };
            if (languageCode is not null)
            {
                user["language_code"] = languageCode;
            }

            var chat = GetOrCreateChat(chatId);
            JsonObject message = chat.Messages.TryGetValue(messageId, out var stored) && !stored.Deleted
                ? (JsonObject)stored.Json.DeepClone()
                : new JsonObject { ["chat"] = ChatJson(chat), ["message_id"] = messageId, ["date"] = 0 };
            var id = queryId ?? ((BotId * 1_000_000) + ++callbackQueryCounter).ToString(CultureInfo.InvariantCulture);
            return new JsonObject
            {
                ["callback_query"] = new JsonObject
                {
                    ["id"] = id,
                    ["from"] = user,
                    ["message"] = message,
                    ["chat_instance"] = ChatInstance(chatId),
                    ["data"] = data,
                },
            };
        }
    }

    /// <summary>
    /// A "my_chat_member" update: <paramref name="userId"/> changed the bot's status in a chat, e.g. a user blocked the
    /// bot (private chat, "member" → "kicked") or added it to a group ("left" → "member"). Once enqueued, the fake treats
    /// the bot as having <paramref name="newStatus"/> there.
    /// </summary>
    public JsonObject BotMembershipChange(long chatId, long userId, string oldStatus, string newStatus, string? chatType = null)
    {
        lock (gate)
        {
            var chat = GetOrCreateChat(chatId, chatType);
            return new JsonObject
            {
                ["my_chat_member"] = new JsonObject
                {
                    ["chat"] = ChatJson(chat),
                    ["from"] = UserJson(userId),
                    ["date"] = Now.ToUnixTimeSeconds(),
                    ["old_chat_member"] = MemberJson(BotId, new MemberConfig(ValidStatus(oldStatus))),
                    ["new_chat_member"] = MemberJson(BotId, new MemberConfig(ValidStatus(newStatus))),
                },
            };
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> webhook deliveries succeeded; returns all attempts so far.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> WaitForWebhookDeliveriesAsync(int count, TimeSpan? timeout = null)
    {
        await WaitUntilAsync(() => WebhookDeliveries.Count(d => d.Succeeded) >= count, timeout, $"{count} successful webhook deliveries");
        return WebhookDeliveries;
    }

    /// <summary>Waits until no update is pending (all were confirmed by getUpdates offsets or delivered to the webhook).</summary>
    public Task WaitForUpdatesConsumedAsync(TimeSpan? timeout = null) =>
        WaitUntilAsync(() => PendingUpdateCount == 0, timeout, "all pending updates to be consumed");

    private static int UpdateId(JsonObject update) => (int)update["update_id"]!;

    private static string? PayloadType(JsonObject update) =>
        update.Select(pair => pair.Key).FirstOrDefault(key => key != "update_id");

    private static string ChatInstance(long chatId) =>
        unchecked((chatId * 2654435761L) ^ 0x5DEECE66DL).ToString(CultureInfo.InvariantCulture);

    private static List<string> ReadAllowedUpdates(BotApiParameters parameters)
    {
        var list = parameters.JsonArray("allowed_updates") ?? [];
        var types = new List<string>();
        foreach (var item in list)
        {
            if (item is JsonValue value && value.TryGetValue(out string? type))
            {
                types.Add(type);
            }
            else
            {
                throw BotApiException.BadRequest("can't parse allowed_updates JSON array");
            }
        }

        return types;
    }

    private bool IsAllowed(JsonObject update)
    {
        var type = PayloadType(update)!;
        if (type == "chat_member" && !BotIsAdministrator((long?)update[type]?["chat"]?["id"] ?? 0))
        {
            return false; // "The bot must be an administrator in the chat" to receive chat_member updates
        }

        return allowedUpdates?.Contains(type) ?? !OptInUpdateTypes.Contains(type);
    }

    /// <summary>Learns chats, users, messages, callback ids and bot membership from an enqueued update. Under the lock.</summary>
    private void Absorb(JsonObject update)
    {
        foreach (var key in new[] { "message", "edited_message", "channel_post", "edited_channel_post" })
        {
            if (update[key] is JsonObject message)
            {
                AbsorbMessage(message);
            }
        }

        if (update["callback_query"] is JsonObject query)
        {
            if (query["id"] is JsonValue id && id.TryGetValue(out string? queryId))
            {
                callbackQueries[queryId] = new CallbackQueryState(Now);
            }

            AbsorbUser(query["from"]);
            if (query["message"] is JsonObject message && (long?)message["date"] is > 0)
            {
                AbsorbMessage(message);
            }
        }

        foreach (var key in new[] { "my_chat_member", "chat_member" })
        {
            if (update[key] is JsonObject change && change["chat"]?["id"] is { } chatNode
                && change["new_chat_member"] is JsonObject member && member["user"]?["id"] is { } userNode)
            {
                var chatId = (long)chatNode;
                AbsorbChat(change["chat"]);
                AbsorbUser(change["from"]);
                members[(chatId, (long)userNode)] = MemberConfig.FromJson(member);
            }
        }
    }

    private void AbsorbMessage(JsonObject message)
    {
        if (message["chat"]?["id"] is null || message["message_id"] is not { } idNode)
        {
            return;
        }

        var chat = AbsorbChat(message["chat"])!;
        AbsorbUser(message["from"]);
        var messageId = (int)idNode;
        chat.LastMessageId = Math.Max(chat.LastMessageId, messageId);
        var fromBot = (long?)message["from"]?["id"] == BotId;
        var date = DateTimeOffset.FromUnixTimeSeconds((long?)message["date"] ?? Now.ToUnixTimeSeconds());

        // What the bot sent is known better by the fake than by a test's copy of it.
        if (!chat.Messages.TryGetValue(messageId, out var existing) || !existing.FromBot)
        {
            chat.Messages[messageId] = new StoredMessage(chat.Id, messageId, fromBot, (JsonObject)message.DeepClone(), date);
        }
    }

    private ChatState? AbsorbChat(JsonNode? chatJson)
    {
        if (chatJson?["id"] is not { } idNode)
        {
            return null;
        }

        var chat = GetOrCreateChat((long)idNode, (string?)chatJson["type"]);
        chat.Title = (string?)chatJson["title"] ?? chat.Title;
        chat.FirstName = (string?)chatJson["first_name"] ?? chat.FirstName;
        chat.LastName = (string?)chatJson["last_name"] ?? chat.LastName;
        chat.Username = (string?)chatJson["username"] ?? chat.Username;
        return chat;
    }

    private void AbsorbUser(JsonNode? user)
    {
        if (user is JsonObject json && json["id"] is { } idNode && (long)idNode != BotId)
        {
            users[(long)idNode] = (JsonObject)json.DeepClone();
        }
    }

    /// <summary>Forgets updates below a positive offset; a negative offset keeps only the last -offset updates.</summary>
    private void ConfirmUpTo(long? offset)
    {
        if (offset is > 0)
        {
            pending.RemoveAll(u => UpdateId(u) < offset);
        }
        else if (offset is < 0)
        {
            var keep = (int)Math.Min(-offset.Value, pending.Count);
            pending.RemoveRange(0, pending.Count - keep);
        }
    }

    /// <summary>Up to <paramref name="limit"/> deliverable updates, dropping those allowed_updates excludes. Under the lock.</summary>
    private List<JsonObject> Deliverable(int limit)
    {
        var batch = new List<JsonObject>();
        for (var i = 0; i < pending.Count && batch.Count < limit;)
        {
            if (!IsAllowed(pending[i]))
            {
                pending.RemoveAt(i);
                continue;
            }

            batch.Add((JsonObject)pending[i].DeepClone());
            i++;
        }

        return batch;
    }

    private async ValueTask<Answer> GetUpdatesAsync(BotApiParameters parameters, CancellationToken requestAborted)
    {
        var offset = parameters.Long("offset");
        var limit = Math.Clamp(parameters.Int("limit") ?? 100, 1, 100);
        var timeout = Math.Max(0, parameters.Int("timeout") ?? 0);
        var allowed = parameters.Has("allowed_updates") ? ReadAllowedUpdates(parameters) : null;
        PollState poll;
        int callIndex;
        PollState? displaced;
        lock (gate)
        {
            if (webhook is not null)
            {
                throw BotApiException.Conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            }

            ConfirmUpTo(offset);
            if (allowed is not null)
            {
                allowedUpdates = allowed.Count == 0 ? null : [.. allowed];
            }

            callIndex = getUpdatesCalls.Count;
            getUpdatesCalls.Add(new GetUpdatesCall(offset, parameters.Int("limit"), parameters.Int("timeout"), allowed, Now));
            displaced = activePoll;
            poll = activePoll = new PollState();
            displaced?.Terminate("terminated by other getUpdates request; make sure that only one bot instance is running");
            NotifyChanged();
        }

        var started = Stopwatch.GetTimestamp();
        var returned = new List<int>();
        string? error = null;
        try
        {
            while (true)
            {
                Task signal;
                lock (gate)
                {
                    if (poll.TerminationReason is { } reason)
                    {
                        throw BotApiException.Conflict(reason);
                    }

                    var batch = Deliverable(limit);
                    var remaining = TimeSpan.FromSeconds(timeout) - Stopwatch.GetElapsedTime(started);
                    if (batch.Count > 0 || remaining <= TimeSpan.Zero || disposing.IsCancellationRequested)
                    {
                        returned.AddRange(batch.Select(UpdateId));
                        return new Answer(new JsonArray([.. batch]));
                    }

                    signal = changed.Task;
                }

                using var wake = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, disposing.Token);
                try
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(timeout) - Stopwatch.GetElapsedTime(started), wake.Token);
                }
                catch (TimeoutException)
                {
                    // Answered with an empty array at the top of the loop.
                }
                catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
                {
                    // Disposing: answer at once.
                }
            }
        }
        catch (BotApiException conflict)
        {
            error = conflict.Message;
            throw;
        }
        catch (OperationCanceledException)
        {
            error = "request aborted by the client";
            throw;
        }
        finally
        {
            lock (gate)
            {
                if (activePoll == poll)
                {
                    activePoll = null;
                }

                getUpdatesCalls[callIndex] = getUpdatesCalls[callIndex] with
                {
                    Completed = true,
                    ReturnedUpdateIds = returned,
                    Error = error,
                };
                NotifyChanged();
            }
        }
    }

    private Answer SetWebhook(BotApiParameters parameters)
    {
        var url = parameters.String("url") ?? string.Empty;
        var dropPending = parameters.Bool("drop_pending_updates") ?? false;
        if (url.Length == 0)
        {
            return RemoveWebhook(dropPending);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw BotApiException.BadRequest("bad webhook: An HTTPS URL must be provided for webhook");
        }

        if (options.StrictWebhookUrls)
        {
            if (uri.Scheme != Uri.UriSchemeHttps)
            {
                throw BotApiException.BadRequest("bad webhook: An HTTPS URL must be provided for webhook");
            }

            if (uri.Port is not (443 or 80 or 88 or 8443))
            {
                throw BotApiException.BadRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
            }
        }

        var secret = parameters.String("secret_token");
        if (secret is not null && (secret.Length is 0 or > 256 || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            throw BotApiException.BadRequest("secret token contains unallowed characters");
        }

        var maxConnections = parameters.Int("max_connections") ?? 40;
        if (maxConnections is < 1 or > 100)
        {
            throw BotApiException.BadRequest("bad webhook: max_connections must be between 1 and 100");
        }

        var allowed = parameters.Has("allowed_updates") ? ReadAllowedUpdates(parameters) : null;
        var ipAddress = parameters.String("ip_address");
        WebhookState? previous;
        PollState? displaced;
        bool unchanged;
        lock (gate)
        {
            previous = webhook;
            unchanged = previous is not null && previous.Url == uri && previous.Secret == secret;
            if (dropPending)
            {
                pending.Clear();
            }

            if (allowed is not null)
            {
                allowedUpdates = allowed.Count == 0 ? null : [.. allowed];
            }

            var state = new WebhookState(uri, secret, maxConnections, ipAddress, CancellationTokenSource.CreateLinkedTokenSource(disposing.Token));
            if (previous is not null)
            {
                state.LastErrorDate = previous.LastErrorDate;
                state.LastErrorMessage = previous.LastErrorMessage;
            }

            webhook = state;
            state.Loop = Task.Run(() => DeliverWebhookUpdatesAsync(state));
            displaced = activePoll;
            activePoll = null;
            displaced?.Terminate("terminated by setWebhook request");
            NotifyChanged();
        }

        previous?.RequestStop();
        return new Answer(true, unchanged ? "Webhook is already set" : "Webhook was set");
    }

    private Answer DeleteWebhook(BotApiParameters parameters) => RemoveWebhook(parameters.Bool("drop_pending_updates") ?? false);

    private Answer RemoveWebhook(bool dropPending)
    {
        WebhookState? previous;
        lock (gate)
        {
            previous = webhook;
            webhook = null;
            if (dropPending)
            {
                pending.Clear();
            }

            NotifyChanged();
        }

        previous?.RequestStop();
        return new Answer(true, previous is null ? "Webhook is already deleted" : "Webhook was deleted");
    }

    private Answer GetWebhookInfo(BotApiParameters parameters)
    {
        _ = parameters;
        lock (gate)
        {
            var info = new JsonObject
            {
                ["url"] = webhook?.Url.ToString() ?? string.Empty,
                ["has_custom_certificate"] = false,
                ["pending_update_count"] = pending.Count,
            };
            if (webhook is not null)
            {
                if (webhook.IpAddress is not null)
                {
                    info["ip_address"] = webhook.IpAddress;
                }

                if (webhook.LastErrorDate is { } errorDate)
                {
                    info["last_error_date"] = errorDate.ToUnixTimeSeconds();
                    info["last_error_message"] = webhook.LastErrorMessage;
                }

                info["max_connections"] = webhook.MaxConnections;
            }

            if (allowedUpdates is not null)
            {
                info["allowed_updates"] = new JsonArray([.. allowedUpdates.Order(StringComparer.Ordinal).Select(t => (JsonNode)t)]);
            }

            return new Answer(info);
        }
    }

    /// <summary>
    /// Delivers pending updates as Telegram does: up to <c>max_connections</c> at once, updates of different chats
    /// concurrently and each chat's in sequence — the next only once the one before was answered 2xx; a failed one is
    /// retried after a pause and holds its chat's later updates back meanwhile.
    /// </summary>
    private async Task DeliverWebhookUpdatesAsync(WebhookState state)
    {
        var cancellationToken = state.Stopping.Token;
        var attempts = new Dictionary<int, int>();
        var posting = new Dictionary<Task, string>(); // deliveries on their way, and the chat each holds
        while (!cancellationToken.IsCancellationRequested)
        {
            Task signal;
            lock (gate)
            {
                if (webhook != state)
                {
                    break;
                }

                signal = changed.Task;
                var held = posting.Values.ToHashSet(StringComparer.Ordinal);
                var passed = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < pending.Count && posting.Count < state.MaxConnections; i++)
                {
                    if (!IsAllowed(pending[i]))
                    {
                        pending.RemoveAt(i--);
                        continue;
                    }

                    // Only a chat's first pending update may go, and only while none of that chat's is on its way.
                    var chat = DeliveryChat(pending[i]);
                    if (held.Contains(chat) || !passed.Add(chat))
                    {
                        continue;
                    }

                    var update = (JsonObject)pending[i].DeepClone();
                    var updateId = UpdateId(update);
                    var attempt = attempts[updateId] = attempts.GetValueOrDefault(updateId) + 1;
                    posting[DeliverOneAsync(state, update, attempt, cancellationToken)] = chat;
                    held.Add(chat);
                }
            }

            try
            {
                await Task.WhenAny(posting.Keys.Append(signal)).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            foreach (var done in posting.Keys.Where(t => t.IsCompleted).ToList())
            {
                posting.Remove(done);
            }
        }

        await Task.WhenAll(posting.Keys);
    }

    /// <summary>One delivery attempt; after a failure it waits out the retry pause before its chat may go again.</summary>
    private async Task DeliverOneAsync(WebhookState state, JsonObject update, int attempt, CancellationToken cancellationToken)
    {
        var updateId = UpdateId(update);
        var outcome = await PostUpdateAsync(state, update, cancellationToken);
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        lock (gate)
        {
            webhookDeliveries.Add(new WebhookDelivery(updateId, attempt, state.Url, outcome.Succeeded, outcome.StatusCode,
                outcome.Error, state.Secret, outcome.ResponseMethod, Now));
            if (outcome.Succeeded)
            {
                pending.RemoveAll(u => UpdateId(u) == updateId);
            }
            else
            {
                state.LastErrorDate = Now;
                state.LastErrorMessage = outcome.Error;
            }

            NotifyChanged();
        }

        if (!outcome.Succeeded)
        {
            try
            {
                await Task.Delay(options.WebhookRetryDelay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The webhook was removed or replaced.
            }
        }
    }

    /// <summary>The chat an update belongs to, for delivering each chat's in sequence; an update of no chat goes on its own.</summary>
    private static string DeliveryChat(JsonObject update)
    {
        foreach (var (kind, value) in update)
        {
            if (kind == "update_id" || value is not JsonObject body)
            {
                continue;
            }

            var chat = body["chat"]?["id"] ?? body["message"]?["chat"]?["id"] ?? body["from"]?["id"] ?? body["user"]?["id"];
            if (chat is not null)
            {
                return chat.ToJsonString();
            }
        }

        return "update:" + UpdateId(update).ToString(CultureInfo.InvariantCulture);
    }

    private async Task<DeliveryOutcome> PostUpdateAsync(WebhookState state, JsonObject update, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, state.Url)
        {
            Content = new StringContent(update.ToJsonString(JsonOut), Encoding.UTF8, "application/json"),
        };
        if (state.Secret is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Telegram-Bot-Api-Secret-Token", state.Secret);
        }

        try
        {
            using var response = await webhookClient.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return new DeliveryOutcome(false, status, $"Wrong response from the webhook: {status} {response.ReasonPhrase}", null);
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var method = await RunWebhookResponseMethodAsync(body, cancellationToken);
            return new DeliveryOutcome(true, status, null, method);
        }
        catch (HttpRequestException error) when (error.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return new DeliveryOutcome(false, null, "Connection refused", null);
        }
        catch (HttpRequestException error)
        {
            return new DeliveryOutcome(false, null, error.Message, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(false, null, "Read timeout expired", null);
        }
        catch (OperationCanceledException)
        {
            return new DeliveryOutcome(false, null, "Webhook removed", null);
        }
    }

    /// <summary>
    /// Telegram executes a Bot API call the receiver puts in its webhook response (a JSON object with "method");
    /// its result is not reported anywhere, but it shows up in <see cref="Calls"/> with source "webhook-response".
    /// </summary>
    private async Task<string?> RunWebhookResponseMethodAsync(string body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        JsonObject? call;
        try
        {
            call = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (call?["method"] is not JsonValue methodValue || !methodValue.TryGetValue(out string? methodName)
            || !methods.TryGetValue(methodName, out var entry) || entry.Name == "getUpdates")
        {
            return null;
        }

        call.Remove("method");
        await InvokeAsync(entry.Name, entry.Run, call, "webhook-response", cancellationToken);
        return entry.Name;
    }

    private sealed record DeliveryOutcome(bool Succeeded, int? StatusCode, string? Error, string? ResponseMethod);

    private sealed class PollState
    {
        public string? TerminationReason { get; private set; }

        public void Terminate(string reason) => TerminationReason ??= reason;
    }

    private sealed class WebhookState(Uri url, string? secret, int maxConnections, string? ipAddress, CancellationTokenSource stopping)
    {
        public Uri Url { get; } = url;

        public string? Secret { get; } = secret;

        public int MaxConnections { get; } = maxConnections;

        public string? IpAddress { get; } = ipAddress;

        public CancellationTokenSource Stopping { get; } = stopping;

        public Task? Loop { get; set; }

        public DateTimeOffset? LastErrorDate { get; set; }

        public string? LastErrorMessage { get; set; }

        /// <summary>Stops the delivery loop without waiting for it (called outside the lock).</summary>
        public void RequestStop()
        {
            try
            {
                Stopping.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already stopped.
            }
        }

        public async Task StopAsync()
        {
            RequestStop();
            if (Loop is not null)
            {
                await Loop;
            }

            Stopping.Dispose();
        }
    }
}
