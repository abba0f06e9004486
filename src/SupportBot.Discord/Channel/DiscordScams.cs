using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Messages;
using SupportBot.Core.Scams;
using SupportBot.Discord.Rest;

namespace SupportBot.Discord.Channel;

/// <summary>
/// The Discord side of the scam defence, a thin mapping over <see cref="ScamGuard"/>: server messages (new and
/// edited) and joins go to the guard, and its <see cref="ScamDecision"/> is carried out — delete the message, post the
/// public reminder, time the member out, post the moderators' log line with a "not a scam" button per flagged domain.
/// Each step is on its own: a refusal (403, missing permissions) is logged and the rest still happens. Also
/// <c>/check</c> (anyone, servers and DMs) and the moderators' button.
/// </summary>
public sealed class DiscordScams(
    ScamGuard guard,
    IDiscordRest rest,
    ContentCatalog content,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordScams> logger)
{
    /// <summary>The slash command anyone can use to check a link, an address or a token contract.</summary>
    public const string CheckCommand = "check";

    private const int ButtonsPerRow = 5;
    private const int MaxRows = 5;
    private const int MaxLabel = 80;
    private const int MaxRemembered = 10_000;

    private readonly DiscordOptions settings = options.Value;

    // The text each recent message was checked with: an update that changes nothing (an embed unfolding, a pin,
    // both of which repeat the content) is not checked, logged and warned about twice.
    private readonly ConcurrentDictionary<string, string> checkedTexts = new(StringComparer.Ordinal);

    /// <summary>What the bot knows of the servers it is in.</summary>
    public DiscordGuilds Guilds { get; } = new(options.Value.StaffRoleId);

    /// <summary>
    /// Gateway events other than messages and interactions: the server cache (READY, GUILD_*, THREAD_*) and joins and
    /// renames (GUILD_MEMBER_ADD/UPDATE, with the GUILD_MEMBERS intent).
    /// </summary>
    public async Task OnDispatchAsync(string eventName, JsonElement data, CancellationToken cancellationToken)
    {
        if (Guilds.OnDispatch(eventName, data) || eventName is not ("GUILD_MEMBER_ADD" or "GUILD_MEMBER_UPDATE"))
        {
            return;
        }

        if (DiscordGuilds.String(data, "guild_id") is not { } guildId || !data.TryGetProperty("user", out var user) || DiscordGuilds.IsBot(user))
        {
            return;
        }

        var member = Member(guildId, user, data);
        // An update is often a role change: the name check remembers names it has seen, so only a new name is checked.
        var decision = guard.OnJoin(Community(guildId, place: Guilds.NameOf(guildId)), member);
        await ExecuteAsync(guildId, Guilds.SystemChannelOf(guildId), null, member.UserId, decision, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A server message (new, or edited with its content) from a person: links, fake-support wording and the author's
    /// name, unless it was written in the ticket channel, its threads or a log channel.
    /// </summary>
    public async Task OnMessageAsync(JsonElement message, CancellationToken cancellationToken)
    {
        if (DiscordGuilds.String(message, "guild_id") is not { } guildId || DiscordGuilds.String(message, "channel_id") is not { } channelId
            || message.TryGetProperty("webhook_id", out _) || !message.TryGetProperty("author", out var author) || DiscordGuilds.IsBot(author)
            || IsOurs(guildId, channelId))
        {
            return;
        }

        var messageId = message.GetProperty("id").GetString()!;
        var text = Text(message);
        if (checkedTexts.TryGetValue(messageId, out var seen) && seen == text)
        {
            return;
        }

        if (checkedTexts.Count >= MaxRemembered)
        {
            checkedTexts.Clear();
        }

        checkedTexts[messageId] = text;
        var member = Member(guildId, author, message.TryGetProperty("member", out var m) ? m : default);
        var place = $"<#{channelId}>" + (Guilds.NameOf(guildId) is { } server ? $" ({server})" : "");
        var decision = guard.OnMessage(Community(guildId, place), member, text);
        await ExecuteAsync(guildId, Snowflake(channelId), Snowflake(messageId), member.UserId, decision, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>/check</c>: a deferral now (only the asker sees it in a server: a scam link is not spread further), then the
    /// guard's answer edited in; the lookup may take seconds.
    /// </summary>
    public (JsonObject Response, Func<CancellationToken, Task> AfterResponse) PlanCheck(JsonElement interaction, ulong applicationId, string language)
    {
        var token = interaction.GetProperty("token").GetString()!;
        var query = interaction.GetProperty("data").TryGetProperty("options", out var o) && o.ValueKind == JsonValueKind.Array
            ? o.EnumerateArray().Where(x => DiscordGuilds.String(x, "name") == "query").Select(x => DiscordGuilds.String(x, "value")).FirstOrDefault()
            : null;
        var defer = new JsonObject { ["type"] = 5 };
        if (interaction.TryGetProperty("guild_id", out _))
        {
            defer["data"] = new JsonObject { ["flags"] = DiscordMessages.Ephemeral };
        }

        return (defer, async cancellationToken =>
        {
            var answer = await guard.CheckAsync(query, language, cancellationToken).ConfigureAwait(false);
            await rest.EditOriginalResponseAsync(applicationId, token, DiscordMessages.AsEdit(DiscordMessages.Render(new OutboundMessage(answer))[0]), cancellationToken)
                .ConfigureAwait(false);
        });
    }

    /// <summary>
    /// A press of "not a scam" under a log line: a moderator's adds the domain to the allowlist and the log message
    /// says so, without that button (UPDATE_MESSAGE); anyone else is told, privately, that only moderators can, and
    /// nothing changes.
    /// </summary>
    public async Task<JsonObject> PlanNotScamAsync(JsonElement interaction, string host, string language, CancellationToken cancellationToken)
    {
        var member = interaction.TryGetProperty("member", out var m) ? m : default;
        var guildId = DiscordGuilds.String(interaction, "guild_id");
        if (guildId is null || !IsModerator(member))
        {
            return new JsonObject { ["type"] = 4, ["data"] = DiscordMessages.Render(new OutboundMessage(content.Texts.Get(language, "scams-links.mark.refused")), ephemeral: true)[0] };
        }

        var user = member.GetProperty("user");
        var community = Community(guildId, null);
        var result = await guard.MarkNotScamAsync(host, "discord:" + user.GetProperty("id").GetString(), community, cancellationToken).ConfigureAwait(false);
        var marked = DiscordMessages.Markdown(guard.MarkedText(community, host, DiscordGuilds.DisplayName(member, user) ?? DiscordGuilds.String(user, "username") ?? "?", result));
        var logMessage = interaction.TryGetProperty("message", out var lm) ? lm : default;
        var logText = DiscordGuilds.String(logMessage, "content") ?? "";
        var room = DiscordMessages.MaxContent - marked.Length - 2;
        if (logText.Length > room)
        {
            logText = logText[..Math.Max(0, room - 1)] + "…";
        }

        var pressed = interaction.GetProperty("data").GetProperty("custom_id").GetString();
        return new JsonObject
        {
            ["type"] = 7,
            ["data"] = new JsonObject
            {
                ["content"] = logText.Length > 0 ? logText + "\n" + marked : marked,
                ["components"] = WithoutButton(logMessage, pressed),
                ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
            },
        };
    }

    /// <summary>
    /// Carries out a decision. Each step stands alone: without Manage Messages the member is still warned, timed out
    /// and logged, and every refusal is in the application log.
    /// </summary>
    private async Task ExecuteAsync(string guildId, ulong? channelId, ulong? messageId, string userId, ScamDecision decision, CancellationToken cancellationToken)
    {
        if (decision.Actions == ScamActions.None)
        {
            return;
        }

        var deleted = false;
        if (decision.Actions.HasFlag(ScamActions.Delete) && channelId is { } fromChannel && messageId is { } id)
        {
            deleted = await TryAsync("delete the message", () => rest.DeleteMessageAsync(fromChannel, id, cancellationToken)).ConfigureAwait(false);
        }

        // Never "I removed a link" about a message that is still there.
        var publicText = deleted ? decision.PublicText : decision.PublicTextIfKept ?? decision.PublicText;
        if (decision.Actions.HasFlag(ScamActions.Warn) && publicText is { } warning && channelId is { } warnIn)
        {
            await TryAsync("post the reminder", () => SendAsync(warnIn, new OutboundMessage(warning) { Kind = MessageKind.Warning }, null, cancellationToken)).ConfigureAwait(false);
        }

        if (decision.Actions.HasFlag(ScamActions.Restrict) && decision.RestrictFor is { } restrictFor)
        {
            var until = (time.GetUtcNow() + restrictFor).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            await TryAsync("time the member out", () => rest.ModifyGuildMemberAsync(Snowflake(guildId), Snowflake(userId),
                new JsonObject { ["communication_disabled_until"] = until }, decision.Reason, cancellationToken)).ConfigureAwait(false);
        }

        if (decision.LogLine is { } logLine && ulong.TryParse(decision.ModLog, NumberStyles.None, CultureInfo.InvariantCulture, out var modLog) && modLog > 0)
        {
            await TryAsync("post to the moderators' log", () => SendAsync(modLog, new OutboundMessage(Defanged(logLine)), LogButtons(guildId, decision), cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>A "not a scam" button (secondary) per flagged domain whose payload fits a custom_id, at most 5 rows of 5.</summary>
    private JsonArray LogButtons(string guildId, ScamDecision decision)
    {
        var community = Community(guildId, null);
        var buttons = decision.FlaggedHosts
            .Select(host => (Host: host, Payload: ScamGuard.NotScamPayload(host)))
            .Where(b => b.Payload is not null)
            .Take(ButtonsPerRow * MaxRows)
            .Select(b => (JsonNode)new JsonObject { ["type"] = 2, ["style"] = 2, ["label"] = Label(guard.NotScamButton(community, b.Host)), ["custom_id"] = b.Payload })
            .ToList();
        return [.. buttons.Chunk(ButtonsPerRow).Select(row => (JsonNode)new JsonObject { ["type"] = 1, ["components"] = new JsonArray([.. row]) })];
    }

    private async Task SendAsync(ulong channelId, OutboundMessage message, JsonArray? components, CancellationToken cancellationToken)
    {
        var payloads = DiscordMessages.Render(message);
        for (var i = 0; i < payloads.Count; i++)
        {
            if (i == payloads.Count - 1 && components is { Count: > 0 })
            {
                payloads[i]["components"] = components;
            }

            await rest.CreateMessageAsync(channelId, payloads[i], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>False when Discord refused.</returns>
    private async Task<bool> TryAsync(string what, Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return true;
        }
        catch (DiscordRestException ex)
        {
            // 50013: the bot lacks Manage Messages / Moderate Members, or the member ranks above it. The rest goes on.
            logger.LogWarning("Scam defence could not {What}: {Error}", what, ex.Message);
            return false;
        }
    }

    /// <summary>The member as the guard sees them; a staff member's names are remembered as names to protect.</summary>
    private ScamMember Member(string guildId, JsonElement user, JsonElement member)
    {
        var userId = user.GetProperty("id").GetString()!;
        var roles = DiscordGuilds.Roles(member);
        var isStaff = Guilds.IsStaff(guildId, userId, roles);
        var displayName = DiscordGuilds.DisplayName(member, user);
        var username = DiscordGuilds.String(user, "username");
        Guilds.SeeMember(guildId, userId, isStaff, displayName, username);
        return new ScamMember(userId, displayName, username, isStaff, roles);
    }

    private ScamCommunity Community(string guildId, string? place) => new("Discord", guildId, place)
    {
        StaffNames = Guilds.StaffNames(guildId),
        StaffUsernames = Guilds.StaffUsernames(guildId),
        BotNames = Guilds.BotNames,
    };

    /// <summary>The ticket channel, its threads and the log channels: the bot's own places, where scam checks don't run.</summary>
    private bool IsOurs(string guildId, string channelId)
    {
        var ours = new[] { settings.TicketChannelId, settings.TicketLogChannelId }
            .Where(id => id is > 0).Select(id => id!.Value.ToString(CultureInfo.InvariantCulture))
            .Append(guard.PolicyFor(new ScamCommunity("Discord", guildId)).ModLog)
            .ToList();
        return ours.Contains(channelId, StringComparer.Ordinal) || Guilds.ParentOf(channelId) is { } parent && ours.Contains(parent, StringComparer.Ordinal);
    }

    private bool IsModerator(JsonElement member) =>
        member.ValueKind == JsonValueKind.Object
        && (ulong.TryParse(DiscordGuilds.String(member, "permissions"), NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && (bits & DiscordGuilds.ModeratorPermissions) != 0
            || settings.StaffRoleId is > 0 && (DiscordGuilds.Roles(member) ?? []).Contains(settings.StaffRoleId.Value.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal));

    /// <summary>The message's text and that of any message forwarded in it: a forward shows the original's links too.</summary>
    private static string Text(JsonElement message)
    {
        var parts = new List<string> { DiscordGuilds.String(message, "content") ?? "" };
        if (message.TryGetProperty("message_snapshots", out var snapshots) && snapshots.ValueKind == JsonValueKind.Array)
        {
            parts.AddRange(snapshots.EnumerateArray()
                .Select(s => s.TryGetProperty("message", out var inner) ? DiscordGuilds.String(inner, "content") : null).OfType<string>());
        }

        return string.Join('\n', parts.Where(p => p.Length > 0));
    }

    /// <summary>The log message's buttons without the pressed one; rows left empty go.</summary>
    private static JsonArray WithoutButton(JsonElement logMessage, string? customId)
    {
        var rows = new JsonArray();
        if (logMessage.ValueKind != JsonValueKind.Object || !logMessage.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array)
        {
            return rows;
        }

        foreach (var row in components.EnumerateArray())
        {
            var kept = (JsonNode.Parse(row.GetRawText()) as JsonObject)!;
            if (kept["components"] is JsonArray buttons)
            {
                foreach (var button in buttons.Where(b => (string?)b?["custom_id"] == customId).ToList())
                {
                    buttons.Remove(button);
                }

                if (buttons.Count == 0)
                {
                    continue;
                }
            }

            rows.Add(kept);
        }

        return rows;
    }

    // The log quotes the scam message: a moderator's click on its link must not open it (bare domains aren't linked).
    private static string Defanged(string text) =>
        text.Replace("https://", "hxxps://", StringComparison.OrdinalIgnoreCase).Replace("http://", "hxxp://", StringComparison.OrdinalIgnoreCase);

    private static string Label(string label) => label.Length <= MaxLabel ? label : label[..(MaxLabel - 1)] + "…";

    private static ulong Snowflake(string id) => ulong.Parse(id, CultureInfo.InvariantCulture);
}
