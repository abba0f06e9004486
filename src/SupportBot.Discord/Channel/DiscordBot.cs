using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Lookup;
using SupportBot.Core.Messages;
using SupportBot.Core.Scams;
using SupportBot.Core.Triage;
using SupportBot.Discord.Gateway;
using SupportBot.Discord.Interactions;
using SupportBot.Discord.Rest;

namespace SupportBot.Discord.Channel;

/// <summary>
/// The Discord channel: slash commands, buttons and modals (over the gateway or the HTTP endpoint), guided DMs, the
/// moderator lookup and the secret guard (on new, edited and forwarded messages). Every interaction is acknowledged at
/// once (a deferral, a modal or a message) and the turn then edits the original response, so a slow lookup never misses
/// Discord's 3-second deadline. Over HTTP the acknowledgement is the answer to Discord's POST and the turn runs after
/// it; over the gateway it goes through the callback route. Every message suppresses link previews, and every message
/// of an ephemeral turn is ephemeral. With <see cref="DiscordScams"/>, server messages and joins also meet the scam
/// checks, and <c>/check</c> and the moderators' "not a scam" buttons are answered.
/// </summary>
public sealed class DiscordBot(
    ConversationEngine engine,
    IDiscordRest rest,
    ContentCatalog content,
    ILogger<DiscordBot> logger,
    IChainLookup? chainLookup = null,
    DiscordTickets? tickets = null,
    DiscordScams? scams = null) : IGatewayEventHandler, IInteractionHandler
{
    public const string Channel = "discord";

    /// <summary>A button that opens the modal for typing a hash or an address.</summary>
    public const string TypeInputId = "modal:input";

    private const string ModalId = "modal:submit";
    private const string ModalFieldId = "value";

    private static readonly Dictionary<string, string> ScenarioCommands = new(StringComparer.Ordinal)
    {
        ["withdraw"] = "exchange-withdrawal",
        ["bridge"] = "cross-chain-transfer",
        ["missing"] = "missing-tokens",
    };

    private readonly LookupReport lookupReport = new(content);

    private bool TicketsEnabled => tickets?.Enabled == true;

    /// <summary>Set from READY (gateway) or configuration: the application id the webhook routes need.</summary>
    public ulong ApplicationId { get; set; }

    /// <summary>The bot's own user id, so its own messages are ignored.</summary>
    public ulong BotUserId { get; set; }

    public async Task OnDispatchAsync(string eventName, JsonElement data, CancellationToken cancellationToken)
    {
        switch (eventName)
        {
            case "READY":
                ApplicationId = ulong.Parse(data.GetProperty("application").GetProperty("id").GetString()!, CultureInfo.InvariantCulture);
                BotUserId = ulong.Parse(data.GetProperty("user").GetProperty("id").GetString()!, CultureInfo.InvariantCulture);
                if (scams is not null)
                {
                    await scams.OnDispatchAsync(eventName, data, cancellationToken).ConfigureAwait(false);
                }

                await RegisterCommandsOnceAsync(cancellationToken).ConfigureAwait(false);
                break;
            case "INTERACTION_CREATE":
                await OnInteractionAsync(data, cancellationToken).ConfigureAwait(false);
                break;
            case "MESSAGE_CREATE":
                await OnMessageAsync(data, cancellationToken).ConfigureAwait(false);
                break;
            case "MESSAGE_UPDATE":
                await OnMessageEditedAsync(data, cancellationToken).ConfigureAwait(false);
                break;
            default:
                if (scams is not null)
                {
                    await scams.OnDispatchAsync(eventName, data, cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    private int commandsRegistered;

    /// <summary>
    /// Overwrites the slash commands now: at start-up when interactions come over HTTP, where no READY brings the
    /// application id (it is asked of <c>GET /applications/@me</c>). A rejected token surfaces as the exception.
    /// </summary>
    public async Task RegisterCommandsAsync(CancellationToken cancellationToken)
    {
        if (ApplicationId == 0)
        {
            ApplicationId = await rest.GetCurrentApplicationIdAsync(cancellationToken).ConfigureAwait(false);
        }

        await rest.BulkOverwriteGlobalCommandsAsync(ApplicationId, DiscordCommands.Build(content, TicketsEnabled, check: scams is not null), cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref commandsRegistered, 1);
    }

    /// <summary>The slash commands, overwritten once per process (a resume's READY does not repeat it).</summary>
    private async Task RegisterCommandsOnceAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref commandsRegistered, 1) == 0)
        {
            try
            {
                await rest.BulkOverwriteGlobalCommandsAsync(ApplicationId, DiscordCommands.Build(content, TicketsEnabled, check: scams is not null), cancellationToken).ConfigureAwait(false);
            }
            catch (DiscordRestException ex)
            {
                commandsRegistered = 0;
                logger.LogError(ex, "Registering the slash commands failed; will retry on the next READY");
            }
        }
    }

    /// <summary>
    /// An interaction from the HTTP endpoint: the interaction response goes back as the answer to Discord's POST, and
    /// the turn behind a deferral runs after it (see <see cref="InteractionReply.AfterResponse"/>).
    /// </summary>
    public async Task<InteractionReply> HandleAsync(JsonElement interaction, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(interaction, cancellationToken).ConfigureAwait(false);
        return plan is null
            ? InteractionReply.AcknowledgedViaCallback
            : InteractionReply.Inline(JsonSerializer.SerializeToElement(plan.Response), plan.AfterResponse);
    }

    /// <summary>An interaction from the gateway: answered through the callback route, then the turn runs.</summary>
    public async Task OnInteractionAsync(JsonElement interaction, CancellationToken cancellationToken)
    {
        if (await PlanAsync(interaction, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return;
        }

        await rest.CreateInteractionResponseAsync(Snowflake(interaction, "id"), interaction.GetProperty("token").GetString()!, plan.Response, cancellationToken).ConfigureAwait(false);
        if (plan.AfterResponse is { } afterResponse)
        {
            await afterResponse(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The first answer to an interaction (a deferral, a modal or a message; Discord wants it within 3 s) and the work
    /// that follows it; null for an interaction the bot does not handle.
    /// </summary>
    private async Task<InteractionPlan?> PlanAsync(JsonElement interaction, CancellationToken cancellationToken)
    {
        interaction = interaction.Clone();
        if (scams is not null && await PlanScamsAsync(interaction, cancellationToken).ConfigureAwait(false) is { } scamPlan)
        {
            return scamPlan;
        }

        if (tickets is not null && interaction.GetProperty("type").GetInt32() == 2
            && interaction.GetProperty("data").GetProperty("name").GetString() == DiscordTickets.Command)
        {
            // Both paths (gateway and HTTP endpoint) come here, so staff are checked the same way on each.
            var locale = interaction.TryGetProperty("locale", out var tl) ? tl.GetString() : null;
            if (ApplicationId == 0 && interaction.TryGetProperty("application_id", out var ta))
            {
                ApplicationId = ulong.Parse(ta.GetString()!, CultureInfo.InvariantCulture);
            }

            var (response, afterResponse) = await tickets.PlanAsync(interaction, ApplicationId, Language(locale), cancellationToken).ConfigureAwait(false);
            return new InteractionPlan(response, afterResponse);
        }

        return Plan(interaction);
    }

    /// <summary><c>/check</c> and the moderators' "not a scam" buttons; null for any other interaction.</summary>
    private async Task<InteractionPlan?> PlanScamsAsync(JsonElement interaction, CancellationToken cancellationToken)
    {
        var type = interaction.GetProperty("type").GetInt32();
        var data = interaction.TryGetProperty("data", out var d) ? d : default;
        var language = Language(interaction.TryGetProperty("locale", out var l) ? l.GetString() : null);
        if (type == 2 && DiscordGuilds.String(data, "name") == DiscordScams.CheckCommand)
        {
            if (ApplicationId == 0 && DiscordGuilds.String(interaction, "application_id") is { } app)
            {
                ApplicationId = ulong.Parse(app, CultureInfo.InvariantCulture);
            }

            var (response, afterResponse) = scams!.PlanCheck(interaction, ApplicationId, language);
            return new InteractionPlan(response, afterResponse);
        }

        if (type == 3 && ScamGuard.TryParseNotScamPayload(DiscordGuilds.String(data, "custom_id"), out var host))
        {
            return new InteractionPlan(await scams!.PlanNotScamAsync(interaction, host, language, cancellationToken).ConfigureAwait(false), null);
        }

        return null;
    }

    private InteractionPlan? Plan(JsonElement interaction)
    {
        var token = interaction.GetProperty("token").GetString()!;
        var type = interaction.GetProperty("type").GetInt32();
        var inGuild = interaction.TryGetProperty("guild_id", out _);
        var user = interaction.TryGetProperty("member", out var member) ? member.GetProperty("user") : interaction.GetProperty("user");
        var userId = user.GetProperty("id").GetString()!;
        var locale = interaction.TryGetProperty("locale", out var l) ? l.GetString() : null;
        if (ApplicationId == 0 && interaction.TryGetProperty("application_id", out var app))
        {
            ApplicationId = ulong.Parse(app.GetString()!, CultureInfo.InvariantCulture);
        }

        InboundMessage Inbound(string? payload, string? text) => new()
        {
            Channel = Channel, ConversationId = userId, UserId = userId, Payload = payload, Text = text, Locale = locale, IsPrivate = !inGuild,
        };

        switch (type)
        {
            case 2:
                return PlanCommand(interaction, token, userId, locale, inGuild, member, payload => Inbound(payload, null));
            case 3 when interaction.GetProperty("data").GetProperty("custom_id").GetString() == TypeInputId:
                return new InteractionPlan(Modal(Language(locale)), null);
            case 3:
                return Deferred(token, update: true, OnEphemeralMessage(interaction), userId, locale,
                    Inbound(interaction.GetProperty("data").GetProperty("custom_id").GetString(), null));
            case 5:
                return Deferred(token, update: true, OnEphemeralMessage(interaction), userId, locale,
                    Inbound(null, ModalValue(interaction.GetProperty("data"))));
            default:
                logger.LogDebug("Ignoring interaction of type {Type}", type);
                return null;
        }
    }

    private InteractionPlan? PlanCommand(JsonElement interaction, string token, string userId, string? locale, bool inGuild,
        JsonElement member, Func<string, InboundMessage> start)
    {
        var data = interaction.GetProperty("data");
        var name = data.GetProperty("name").GetString()!;
        var language = Language(locale);
        switch (name)
        {
            case "support":
                // Discord's /start: mid-conversation it asks "continue or start over?" instead of resetting.
                return Deferred(token, update: false, ephemeral: inGuild, userId, locale, start(ChoicePayload.Command(ChoicePayload.StartCommand)));
            case var scenario when ScenarioCommands.TryGetValue(scenario, out var scenarioId):
                return Deferred(token, update: false, ephemeral: inGuild, userId, locale, start(ChoicePayload.Command(GlobalCommandNames.Scenario) + ":" + scenarioId));
            case "networks":
                return new InteractionPlan(Message(new OutboundMessage(lookupReport.NetworkList(language)), ephemeral: inGuild), null);
            case "lookup":
                // default_member_permissions hides the command from others, but server admins can change that: re-check.
                if (inGuild && !HasPermission(member, DiscordGuilds.ManageMessages))
                {
                    return new InteractionPlan(Message(new OutboundMessage(content.Texts.Get(language, "discord.lookup-refused")), ephemeral: true), null);
                }

                var query = data.TryGetProperty("options", out var options) && options.GetArrayLength() > 0 ? options[0].GetProperty("value").GetString() ?? "" : "";
                return new InteractionPlan(new JsonObject { ["type"] = 5 }, async cancellationToken =>
                {
                    var report = await lookupReport.DescribeQueryAsync(chainLookup, query, language, cancellationToken).ConfigureAwait(false);
                    await rest.EditOriginalResponseAsync(ApplicationId, token, DiscordMessages.AsEdit(DiscordMessages.Render(new OutboundMessage(report))[0]), cancellationToken).ConfigureAwait(false);
                });
            default:
                return null;
        }
    }

    /// <summary>A deferral now (ephemeral in a server when asked), then the turn, edited into the original response.</summary>
    private InteractionPlan Deferred(string token, bool update, bool ephemeral, string userId, string? locale, InboundMessage message)
    {
        var defer = new JsonObject { ["type"] = update ? 6 : 5 };
        if (!update && ephemeral)
        {
            // EPHEMERAL is the only flag a type-5 deferral takes; the edit that follows suppresses the embeds.
            defer["data"] = new JsonObject { ["flags"] = DiscordMessages.Ephemeral };
        }

        return new InteractionPlan(defer, cancellationToken => RunTurnAsync(token, update, ephemeral, userId, locale, message, cancellationToken));
    }

    /// <summary>Runs the turn and shows it: the first message edits the original response, the rest are follow-ups.</summary>
    private async Task RunTurnAsync(string token, bool update, bool ephemeral, string userId, string? locale, InboundMessage message, CancellationToken cancellationToken)
    {
        var result = await engine.HandleAsync(message, progress: null, cancellationToken).ConfigureAwait(false);
        var replies = WithInputButton(Replies.Combine(result.Replies), result, locale);
        var payloads = replies.SelectMany(r => DiscordMessages.Render(r, ephemeral)).ToList();
        var editFirst = true;
        if (update && result.KeepAnswered)
        {
            // The pressed message holds final advice: keep it readable, take only its buttons; the replies follow below.
            await rest.EditOriginalResponseAsync(ApplicationId, token, new JsonObject { ["components"] = new JsonArray() }, cancellationToken).ConfigureAwait(false);
            editFirst = false;
        }

        for (var i = 0; i < payloads.Count; i++)
        {
            if (i == 0 && editFirst)
            {
                await rest.EditOriginalResponseAsync(ApplicationId, token, DiscordMessages.AsEdit(payloads[i]), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // A follow-up is a new message: ephemeral only when it says so, like the turn it belongs to.
                await rest.CreateFollowupAsync(ApplicationId, token, payloads[i], cancellationToken).ConfigureAwait(false);
            }
        }

        logger.LogDebug("Discord turn for {User} at {Scenario}/{Step}", userId, result.ScenarioId, result.StepId);
    }

    /// <summary>A component or modal on an ephemeral message continues an ephemeral turn.</summary>
    private static bool OnEphemeralMessage(JsonElement interaction) =>
        interaction.TryGetProperty("message", out var message)
        && message.TryGetProperty("flags", out var flags) && flags.ValueKind == JsonValueKind.Number
        && (flags.GetInt64() & DiscordMessages.Ephemeral) != 0;

    private static JsonObject Message(OutboundMessage message, bool ephemeral) =>
        new() { ["type"] = 4, ["data"] = DiscordMessages.Render(message, ephemeral)[0] };

    /// <summary>What answers an interaction: the response now, and what (if anything) follows it.</summary>
    private sealed record InteractionPlan(JsonObject Response, Func<CancellationToken, Task>? AfterResponse);

    /// <summary>DMs are guided conversations; server messages (with the message-content intent) only meet the secret guard.</summary>
    private async Task OnMessageAsync(JsonElement message, CancellationToken cancellationToken)
    {
        if (!IsFromUser(message, out var author))
        {
            return;
        }

        var channelId = Snowflake(message, "channel_id");
        var userId = author.GetProperty("id").GetString()!;
        var scan = Scan(message);
        if (message.TryGetProperty("guild_id", out _))
        {
            if (tickets is not null && await tickets.OnThreadMessageAsync(message, channelId, userId, scan, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (scan.Found)
            {
                // Deleted for the secret already; the scam checks would only repeat it.
                await OnServerSecretAsync(message, channelId, userId, scan.Kinds, cancellationToken).ConfigureAwait(false);
            }
            else if (scams is not null)
            {
                await scams.OnMessageAsync(message, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (scan.Found)
        {
            // The secret is already in the DM history: remove the bot's copy of the risk as far as Discord allows.
            await TryAsync(() => rest.DeleteMessageAsync(channelId, Snowflake(message, "id"), cancellationToken)).ConfigureAwait(false);
        }

        // While the user has a ticket open, their words go to the team, not to the guided conversation.
        if (tickets is not null && await tickets.OnDirectMessageAsync(message, channelId, userId, scan, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var result = await engine.HandleAsync(new InboundMessage
        {
            Channel = Channel,
            ConversationId = userId,
            UserId = userId,
            Text = scan.RedactedText,
            RedactedSecret = scan.Kinds,
            IsPrivate = true,
        }, (progress, ct) => SendAsync(channelId, progress, ct), cancellationToken).ConfigureAwait(false);
        foreach (var reply in WithInputButton(Replies.Combine(result.Replies), result, null))
        {
            await SendAsync(channelId, reply, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An edit matters when it leaks a secret (then it is deleted and warned about like a new message) or, in a
    /// server, when it adds a scam link or wording. Updates may be partial (an embed unfurled, a pin): without content
    /// or author there is nothing to check.
    /// </summary>
    private async Task OnMessageEditedAsync(JsonElement message, CancellationToken cancellationToken)
    {
        if (!message.TryGetProperty("content", out _) || !IsFromUser(message, out var author))
        {
            return;
        }

        if (Scan(message) is not { Found: true } scan)
        {
            if (scams is not null && message.TryGetProperty("guild_id", out _)
                && !(tickets is not null && await tickets.IsTicketThreadAsync(Snowflake(message, "channel_id"), cancellationToken).ConfigureAwait(false)))
            {
                await scams.OnMessageAsync(message, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var channelId = Snowflake(message, "channel_id");
        var userId = author.GetProperty("id").GetString()!;
        if (message.TryGetProperty("guild_id", out _))
        {
            await OnServerSecretAsync(message, channelId, userId, scan.Kinds, cancellationToken).ConfigureAwait(false);
            return;
        }

        await TryAsync(() => rest.DeleteMessageAsync(channelId, Snowflake(message, "id"), cancellationToken)).ConfigureAwait(false);
        var result = await engine.HandleAsync(new InboundMessage
        {
            Channel = Channel,
            ConversationId = userId,
            UserId = userId,
            RedactedSecret = scan.Kinds,
            IsPrivate = true,
        }, (progress, ct) => SendAsync(channelId, progress, ct), cancellationToken).ConfigureAwait(false);
        foreach (var reply in Replies.Combine(result.Replies))
        {
            await SendAsync(channelId, reply, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsFromUser(JsonElement message, out JsonElement author) =>
        message.TryGetProperty("author", out author)
        && !(author.TryGetProperty("bot", out var isBot) && isBot.GetBoolean())
        && Snowflake(author, "id") != BotUserId;

    /// <summary>
    /// The message's text through the secret guard, and the text of any message forwarded in it: a forward shows
    /// the original's content in the channel as well.
    /// </summary>
    private static SecretScan Scan(JsonElement message)
    {
        var scan = SecretGuard.Scan(message.TryGetProperty("content", out var c) ? c.GetString() ?? "" : "");
        var forwarded = SecretKinds.None;
        if (message.TryGetProperty("message_snapshots", out var snapshots) && snapshots.ValueKind == JsonValueKind.Array)
        {
            foreach (var snapshot in snapshots.EnumerateArray())
            {
                if (snapshot.TryGetProperty("message", out var inner) && inner.TryGetProperty("content", out var content))
                {
                    forwarded |= SecretGuard.Scan(content.GetString() ?? "").Kinds;
                }
            }
        }

        return forwarded == SecretKinds.None ? scan : scan with { Found = true, Kinds = scan.Kinds | forwarded };
    }

    private async Task OnServerSecretAsync(JsonElement message, ulong channelId, string userId, SecretKinds kinds, CancellationToken cancellationToken)
    {
        var deleted = await TryAsync(() => rest.DeleteMessageAsync(channelId, Snowflake(message, "id"), cancellationToken)).ConfigureAwait(false);
        var language = TextCatalog.DefaultLanguage;
        var warning = Placeholders.Fill(content.Texts.Get(language, deleted ? "group.secret-deleted" : "group.secret-not-deleted"), content, language,
            new Dictionary<string, string>(), new Dictionary<string, string> { ["user"] = "@" + (message.GetProperty("author").TryGetProperty("username", out var name) ? name.GetString() : userId) });
        await SendAsync(channelId, new OutboundMessage(warning) { Kind = MessageKind.Warning }, cancellationToken).ConfigureAwait(false);
        var dm = await TryAsync(async () =>
        {
            var dmChannel = await rest.CreateDmChannelAsync(ulong.Parse(userId, CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            await SendAsync(dmChannel, new OutboundMessage(content.Texts.Get(language,
                kinds.HasFlag(SecretKinds.RecoveryPhrase) ? "common.secret.recovery-phrase" : "common.secret.private-key")) { Kind = MessageKind.Warning }, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        logger.LogWarning("Secret posted in channel {Channel}; deleted: {Deleted}; warned privately: {Dm}", channelId, deleted, dm);
    }

    private async Task SendAsync(ulong channelId, OutboundMessage reply, CancellationToken cancellationToken)
    {
        foreach (var payload in DiscordMessages.Render(reply))
        {
            await rest.CreateMessageAsync(channelId, payload, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Where the step asks for a hash or address, a button opens a modal to type it (Discord has no free text in a server).</summary>
    private IReadOnlyList<OutboundMessage> WithInputButton(IReadOnlyList<OutboundMessage> replies, TurnResult result, string? locale)
    {
        var step = content.Scenarios.GetValueOrDefault(result.ScenarioId)?.Steps.GetValueOrDefault(result.StepId);
        if (step is null || step.OnTransaction is null && step.OnAddress is null || replies.Count == 0)
        {
            return replies;
        }

        var last = replies[^1];
        var language = Language(locale);
        var button = new ChoiceButton(content.Texts.Get(language, DiscordLimits.TypeInputKey), TypeInputId);
        return [.. replies.Take(replies.Count - 1), last with { Choices = [button, .. last.Choices] }];
    }

    private JsonObject Modal(string language) => new()
    {
        ["type"] = 9,
        ["data"] = new JsonObject
        {
            ["custom_id"] = ModalId,
            ["title"] = content.Texts.Get(language, DiscordLimits.ModalTitleKey),
            ["components"] = new JsonArray(new JsonObject
            {
                ["type"] = 18,
                // Lengths are Discord's (title and label ≤ 45, placeholder ≤ 100): validate-content checks them in every language.
                ["label"] = content.Texts.Get(language, DiscordLimits.ModalLabelKey),
                ["component"] = new JsonObject
                {
                    ["type"] = 4, ["custom_id"] = ModalFieldId, ["style"] = 1, ["min_length"] = 10, ["max_length"] = 200, ["required"] = true,
                    ["placeholder"] = content.Texts.Get(language, DiscordLimits.ModalPlaceholderKey),
                },
            }),
        },
    };

    /// <summary>The typed value, whether the input came wrapped in a Label (current) or an action row (legacy).</summary>
    private static string ModalValue(JsonElement data)
    {
        foreach (var component in data.GetProperty("components").EnumerateArray())
        {
            var input = component.TryGetProperty("component", out var inner) ? inner
                : component.TryGetProperty("components", out var row) && row.GetArrayLength() > 0 ? row[0] : component;
            if (input.TryGetProperty("value", out var value))
            {
                return value.GetString() ?? "";
            }
        }

        return "";
    }

    private static bool HasPermission(JsonElement member, ulong permission) =>
        member.ValueKind == JsonValueKind.Object && member.TryGetProperty("permissions", out var p)
        && ulong.TryParse(p.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
        && ((bits & permission) == permission || (bits & DiscordGuilds.Administrator) == DiscordGuilds.Administrator);

    private async Task<bool> TryAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return true;
        }
        catch (DiscordRestException ex)
        {
            // Missing permission (50013), DMs closed (50007), message gone (10008): the warning still goes out elsewhere.
            logger.LogInformation("Discord refused: {Error}", ex.Message);
            return false;
        }
    }

    private static ulong Snowflake(JsonElement element, string property) =>
        ulong.Parse(element.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);

    private static string Language(string? locale) => TextCatalog.LanguageFromLocale(locale);
}
