using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Content;
using SupportBot.Core.Messages;
using SupportBot.Core.Tickets;
using SupportBot.Core.Triage;
using SupportBot.Discord.Rest;

namespace SupportBot.Discord.Channel;

/// <summary>
/// The Discord side of the ticket relay, a thin mapping over <see cref="TicketDesk"/>: messages in a ticket's thread,
/// a ticket user's DMs, and <c>/ticket claim|close|reopen</c>. Who is staff is decided here, from the member's roles
/// Discord sends with the message or interaction (never from anything the author wrote).
/// </summary>
public sealed class DiscordTickets(
    TicketDesk desk,
    DiscordTicketChannel place,
    IDiscordRest rest,
    ContentCatalog content,
    ILogger<DiscordTickets> logger)
{
    public const string Command = "ticket";

    public bool Enabled => place.Enabled;

    /// <summary>
    /// A guild message: when it was written in a ticket's thread, the desk decides (relay to the user, a note, or a
    /// secret stopped) and true is returned; false for any other channel.
    /// </summary>
    public async Task<bool> OnThreadMessageAsync(JsonElement message, ulong channelId, string authorId, SecretScan scan, CancellationToken cancellationToken)
    {
        if (!Enabled || await desk.TicketAtAsync(DiscordBot.Channel, Id(channelId), cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        if (!IsWritten(message))
        {
            // Join notices, pins and webhook posts are nobody's words: nothing to relay or refuse.
            return true;
        }

        var messageId = message.GetProperty("id").GetString()!;
        var decision = await desk.FromPlaceAsync(DiscordBot.Channel, Id(channelId), authorId, DisplayName(message), IsStaff(message),
            scan.RedactedText, scan.Kinds, "discord:message:" + messageId, cancellationToken).ConfigureAwait(false);
        switch (decision.Kind)
        {
            case RelayKind.Relay:
                await place.RelayToUserAsync(decision.Ticket!, decision.Text!, cancellationToken).ConfigureAwait(false);
                break;
            case RelayKind.Blocked:
                // Gone before anyone else reads it; the warning says why.
                await TryAsync(() => rest.DeleteMessageAsync(channelId, ulong.Parse(messageId, CultureInfo.InvariantCulture), cancellationToken)).ConfigureAwait(false);
                await place.PostAsync(channelId, Warning(decision.Warning!), cancellationToken).ConfigureAwait(false);
                break;
            case RelayKind.Refused or RelayKind.Closed:
                await place.PostAsync(channelId, Warning(decision.Warning!), cancellationToken).ConfigureAwait(false);
                break;
        }

        return true;
    }

    /// <summary>Whether the channel is a ticket's thread (the desk's, not the scam checks').</summary>
    public async Task<bool> IsTicketThreadAsync(ulong channelId, CancellationToken cancellationToken) =>
        Enabled && await desk.TicketAtAsync(DiscordBot.Channel, Id(channelId), cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// A DM from a user: with a ticket open, the words go to its thread (or are stopped when they hold a secret) and true
    /// is returned; false when no ticket concerns it, and the conversation handles the message as usual.
    /// </summary>
    public async Task<bool> OnDirectMessageAsync(JsonElement message, ulong dmChannelId, string userId, SecretScan scan, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return false;
        }

        var decision = await desk.FromUserAsync(DiscordBot.Channel, userId, DisplayName(message), scan.RedactedText, scan.Kinds,
            "discord:message:" + message.GetProperty("id").GetString(), cancellationToken).ConfigureAwait(false);
        switch (decision.Kind)
        {
            case RelayKind.NoTicket:
                return false;
            case RelayKind.Relay:
                await place.PostToPlaceAsync(decision.Ticket!, decision.Text!, cancellationToken).ConfigureAwait(false);
                break;
            case RelayKind.Blocked or RelayKind.Refused or RelayKind.Closed when decision.Warning is not null:
                await place.PostAsync(dmChannelId, Warning(decision.Warning), cancellationToken).ConfigureAwait(false);
                break;
        }

        return true;
    }

    /// <summary>
    /// <c>/ticket</c>: the first response now (a refusal only its author sees, or a deferral) and the work after it.
    /// Staff are checked on every use, from <c>member.roles</c>; a refused or misplaced command changes nothing.
    /// </summary>
    public async Task<(JsonObject Response, Func<CancellationToken, Task>? AfterResponse)> PlanAsync(JsonElement interaction, ulong applicationId,
        string language, CancellationToken cancellationToken)
    {
        var member = interaction.TryGetProperty("member", out var m) ? m : default;
        if (!Enabled || member.ValueKind != JsonValueKind.Object || !place.IsStaff(Roles(member)))
        {
            return (Ephemeral(content.Texts.Get(language, "discord.tickets.staff-only")), null);
        }

        var channelId = interaction.TryGetProperty("channel_id", out var c) ? c.GetString() ?? "" : "";
        if (await desk.TicketAtAsync(DiscordBot.Channel, channelId, cancellationToken).ConfigureAwait(false) is null)
        {
            return (Ephemeral(content.Texts.Get(language, "discord.tickets.not-a-ticket")), null);
        }

        var token = interaction.GetProperty("token").GetString()!;
        var staffId = member.GetProperty("user").GetProperty("id").GetString()!;
        var staffName = Name(member, member.GetProperty("user"));
        if (!interaction.GetProperty("data").TryGetProperty("options", out var subcommands) || subcommands.GetArrayLength() == 0)
        {
            return (Ephemeral(content.Texts.Get(language, "discord.tickets.not-a-ticket")), null);
        }

        var subcommand = subcommands[0];
        var reason = subcommand.TryGetProperty("options", out var options)
            ? options.EnumerateArray().Where(o => o.GetProperty("name").GetString() == "reason").Select(o => o.GetProperty("value").GetString()).FirstOrDefault()
            : null;
        var name = subcommand.GetProperty("name").GetString();
        return (new JsonObject { ["type"] = 5 }, async ct =>
        {
            switch (name)
            {
                case "claim":
                    await ReplyAsync(await desk.ClaimAsync(DiscordBot.Channel, channelId, staffId, staffName, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
                    break;
                case "close":
                    TicketCommandReply closed;
                    using (DiscordTicketChannel.ArchiveAfterReply())
                    {
                        closed = await desk.CloseAsync(DiscordBot.Channel, channelId, staffName, reason, ct).ConfigureAwait(false);
                    }

                    await ReplyAsync(closed, ct).ConfigureAwait(false);
                    if (closed.Succeeded)
                    {
                        await place.ArchiveAsync(closed.Ticket!, ct).ConfigureAwait(false);
                    }

                    break;
                case "reopen":
                    await ReplyAsync(await desk.ReopenAsync(DiscordBot.Channel, channelId, staffName, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
                    break;
                default:
                    logger.LogDebug("Unknown /ticket subcommand {Name}", name);
                    await ReplyAsync(new TicketCommandReply(TicketOutcome.NotFound, null, ""), ct).ConfigureAwait(false);
                    break;
            }
        });

        Task ReplyAsync(TicketCommandReply reply, CancellationToken ct)
        {
            var text = reply.Reply.Length > 0 ? reply.Reply : content.Texts.Get(language, "discord.tickets.not-a-ticket");
            return rest.EditOriginalResponseAsync(applicationId, token, DiscordMessages.AsEdit(DiscordMessages.Render(new OutboundMessage(text))[0]), ct);
        }
    }

    /// <summary>A message a person typed: DEFAULT (0) or REPLY (19), not from a webhook.</summary>
    private static bool IsWritten(JsonElement message) =>
        !message.TryGetProperty("webhook_id", out _)
        && (!message.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.Number || type.GetInt32() is 0 or 19);

    private bool IsStaff(JsonElement message) =>
        message.TryGetProperty("member", out var member) && member.ValueKind == JsonValueKind.Object && place.IsStaff(Roles(member));

    private static IEnumerable<string> Roles(JsonElement member) =>
        member.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
            ? roles.EnumerateArray().Select(r => r.GetString() ?? "")
            : [];

    /// <summary>How the transcript and the user name the author: the server nickname, the display name or the username.</summary>
    private static string DisplayName(JsonElement message)
    {
        var author = message.GetProperty("author");
        return message.TryGetProperty("member", out var member) && member.ValueKind == JsonValueKind.Object ? Name(member, author) : Name(default, author);
    }

    private static string Name(JsonElement member, JsonElement user) =>
        member.ValueKind == JsonValueKind.Object && member.TryGetProperty("nick", out var nick) && nick.ValueKind == JsonValueKind.String ? nick.GetString()!
        : user.TryGetProperty("global_name", out var global) && global.ValueKind == JsonValueKind.String ? global.GetString()!
        : user.TryGetProperty("username", out var username) ? username.GetString() ?? "" : "";

    private static OutboundMessage Warning(string text) => new(text) { Kind = MessageKind.Warning };

    private static JsonObject Ephemeral(string text) =>
        new() { ["type"] = 4, ["data"] = DiscordMessages.Render(new OutboundMessage(text), ephemeral: true)[0] };

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task TryAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (DiscordRestException ex)
        {
            // Missing Manage Messages (50013) or already gone (10008): the warning still goes out.
            logger.LogWarning("Deleting a message with a secret in a ticket thread failed: {Error}", ex.Message);
        }
    }
}
