using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Messages;
using SupportBot.Core.Tickets;
using SupportBot.Discord.Rest;

namespace SupportBot.Discord.Channel;

/// <summary>
/// Tickets on Discord: each one is a private thread in <see cref="DiscordOptions.TicketChannelId"/> that only its user,
/// the staff role (who see private threads through Manage Threads) and the bot can read. The user is added with Add
/// Thread Member and staff are pinged through the role; the user is otherwise reached by DM. Closing files the
/// transcript as a .txt attachment in the log channel and to the user, then archives and locks the thread.
/// Every call goes through <see cref="IDiscordRest"/> and so waits its turn under Discord's rate limits.
/// </summary>
public sealed class DiscordTicketChannel(
    IDiscordRest rest,
    IOptions<DiscordOptions> options,
    IOptions<TicketOptions> ticketOptions,
    ContentCatalog content,
    ILogger<DiscordTicketChannel> logger) : ITicketChannel
{
    /// <summary>GUILD_PRIVATE_THREAD.</summary>
    private const int PrivateThread = 12;

    /// <summary>A week, the longest auto-archive Discord offers: the desk's own inactivity rules close tickets sooner.</summary>
    private const int AutoArchiveMinutes = 10080;

    /// <summary>Discord's code for "Cannot send messages to this user" (DMs closed or no shared server).</summary>
    private const int CannotMessageUser = 50007;

    private static readonly AsyncLocal<bool> ArchiveLater = new();

    public string Name => DiscordBot.Channel;

    public bool Enabled => options.Value.TicketsEnabled;

    private DiscordOptions Settings => options.Value;

    private string StaffLanguage => ticketOptions.Value.StaffLanguage;

    /// <summary>Whether <paramref name="roles"/> (a member's role ids) hold the staff role.</summary>
    public bool IsStaff(IEnumerable<string> roles) =>
        Settings.StaffRoleId is { } staff && roles.Contains(staff.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);

    public async Task<string> CreatePlaceAsync(Ticket ticket, string opening, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var threadId = await rest.StartThreadAsync(Settings.TicketChannelId!.Value, new JsonObject
        {
            ["name"] = string.Create(CultureInfo.InvariantCulture, $"ticket-{ticket.Id}"),
            ["type"] = PrivateThread,
            // Only moderators may add people: the user cannot bring anyone else into their ticket.
            ["invitable"] = false,
            ["auto_archive_duration"] = AutoArchiveMinutes,
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            await PostAsync(threadId, new OutboundMessage(opening), cancellationToken).ConfigureAwait(false);
            await PingStaffAsync(threadId, ticket, cancellationToken).ConfigureAwait(false);
            await rest.AddThreadMemberAsync(threadId, Snowflake(ticket.UserId), cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordRestException)
        {
            // The desk closes a ticket whose place failed; a half-made thread must not stay open beside it.
            await TryAsync(() => rest.ModifyChannelAsync(threadId, Archived(true), CancellationToken.None)).ConfigureAwait(false);
            throw;
        }

        return threadId.ToString(CultureInfo.InvariantCulture);
    }

    public string? PlaceReference(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket.Place is null ? null : "<#" + ticket.Place + ">";
    }

    public Task PostToPlaceAsync(Ticket ticket, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return PostAsync(Thread(ticket), new OutboundMessage(text), cancellationToken);
    }

    /// <summary>A DM to the ticket's user. When they accept none, staff are told in the thread (they can still read it there).</summary>
    public async Task SendToUserAsync(Ticket ticket, OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (!await TryDmAsync(ticket, dm => PostAsync(dm, message, cancellationToken), cancellationToken).ConfigureAwait(false) && ticket.State != TicketState.Closed)
        {
            await PostAsync(Thread(ticket), new OutboundMessage(StaffText("discord.tickets.dm-closed", ticket)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Delivers staff words to the user by DM; false (and staff told in the thread) when the user accepts no DMs.
    /// </summary>
    public async Task<bool> RelayToUserAsync(Ticket ticket, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (await TryDmAsync(ticket, dm => PostAsync(dm, new OutboundMessage(text), cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        await PostAsync(Thread(ticket), new OutboundMessage(StaffText("discord.tickets.dm-closed", ticket)), cancellationToken).ConfigureAwait(false);
        return false;
    }

    public async Task ClosePlaceAsync(Ticket ticket, TicketTranscript transcript, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(transcript);
        var thread = Thread(ticket);
        if (!ArchiveLater.Value)
        {
            // Closed by the inactivity check: nobody's command says so in the thread.
            await PostAsync(thread, new OutboundMessage(StaffText("discord.tickets.thread-closed", ticket)), cancellationToken).ConfigureAwait(false);
        }

        if (Settings.TicketLogChannelId is { } log)
        {
            // A log channel the bot may not post in must not keep the thread open or the user without their copy.
            await TryAsync(() => rest.CreateMessageWithFileAsync(log, Payload(StaffText("discord.tickets.log-closed", ticket)), transcript.FileName,
                Encoding.UTF8.GetBytes(transcript.Text), cancellationToken)).ConfigureAwait(false);
        }

        await TryDmAsync(ticket, dm => rest.CreateMessageWithFileAsync(dm, Payload(Fill(ticket.Language, "discord.tickets.transcript", ticket)),
            transcript.FileName, Encoding.UTF8.GetBytes(transcript.UserText), cancellationToken), cancellationToken).ConfigureAwait(false);
        if (!ArchiveLater.Value)
        {
            await ArchiveAsync(ticket, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task ReopenPlaceAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        // One change unlocks and unarchives: a locked thread only opens again for Manage Threads, which the bot has.
        return rest.ModifyChannelAsync(Thread(ticket), Archived(false), cancellationToken);
    }

    /// <summary>
    /// Within the returned scope, closing leaves the thread open until <see cref="ArchiveAsync"/>: a staff command's
    /// reply is shown in the thread first (an archived thread takes no edits).
    /// </summary>
    public static IDisposable ArchiveAfterReply()
    {
        ArchiveLater.Value = true;
        return new Scope();
    }

    /// <summary>Archives and locks the ticket's thread: nobody but staff can write in it or reopen it.</summary>
    public Task ArchiveAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return rest.ModifyChannelAsync(Thread(ticket), Archived(true), cancellationToken);
    }

    /// <summary>Posts the rendered message (split under Discord's limit) in a channel; nobody is pinged.</summary>
    public async Task PostAsync(ulong channelId, OutboundMessage message, CancellationToken cancellationToken)
    {
        foreach (var payload in DiscordMessages.Render(message))
        {
            await rest.CreateMessageAsync(channelId, payload, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The staff role is mentioned, and only it: Discord notifies the members who can see the thread.</summary>
    private async Task PingStaffAsync(ulong threadId, Ticket ticket, CancellationToken cancellationToken)
    {
        var role = Settings.StaffRoleId!.Value.ToString(CultureInfo.InvariantCulture);
        var payload = DiscordMessages.Render(new OutboundMessage(StaffText("discord.tickets.staff-ping", ticket)))[0];
        payload["content"] = "<@&" + role + "> " + (string?)payload["content"];
        payload["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray(), ["roles"] = new JsonArray(role) };
        await rest.CreateMessageAsync(threadId, payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="send"/> on the user's DM channel; false when the user accepts no DMs (code 50007).</summary>
    private async Task<bool> TryDmAsync(Ticket ticket, Func<ulong, Task> send, CancellationToken cancellationToken)
    {
        try
        {
            var dm = await rest.CreateDmChannelAsync(Snowflake(ticket.UserId), cancellationToken).ConfigureAwait(false);
            await send(dm).ConfigureAwait(false);
            return true;
        }
        catch (DiscordRestException ex) when (ex.Code == CannotMessageUser || ex.StatusCode == HttpStatusCode.Forbidden)
        {
            logger.LogInformation("The user of ticket {Ticket} accepts no DMs from the bot", ticket.Id);
            return false;
        }
    }

    private async Task TryAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (DiscordRestException ex)
        {
            logger.LogWarning("Discord refused: {Error}", ex.Message);
        }
    }

    private static JsonObject Payload(string text) => DiscordMessages.Render(new OutboundMessage(text))[0];

    private static JsonObject Archived(bool archived) => new() { ["archived"] = archived, ["locked"] = archived };

    private static ulong Thread(Ticket ticket) =>
        Snowflake(ticket.Place ?? throw new InvalidOperationException($"Ticket {ticket.Id} has no thread yet."));

    private static ulong Snowflake(string id) => ulong.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture);

    private string StaffText(string key, Ticket ticket) => Fill(StaffLanguage, key, ticket);

    private string Fill(string language, string key, Ticket ticket) =>
        Placeholders.Fill(content.Texts.Get(language, key), content, language, new Dictionary<string, string>(), new Dictionary<string, string>
        {
            ["ticket"] = ticket.Id.ToString(CultureInfo.InvariantCulture),
            ["reason"] = ticket.CloseReason ?? "",
            ["user"] = ticket.UserId,
        });

    private sealed class Scope : IDisposable
    {
        public void Dispose() => ArchiveLater.Value = false;
    }
}
