using System.Text.Json.Nodes;

namespace SupportBot.Discord.Rest;

/// <summary>
/// The Discord REST v10 endpoints the bot uses, and no others. Message, command and interaction-response payloads are
/// JSON exactly as Discord documents them; ids are snowflakes. Every call waits its turn under Discord's rate limits
/// (per route and bucket, global, invalid-request budget), so a call may take longer than one round trip.
/// </summary>
/// <remarks>Every failure is a <see cref="DiscordRestException"/>, except cancellation and argument errors.</remarks>
public interface IDiscordRest
{
    /// <summary><c>GET /gateway/bot</c>: the gateway URL, the recommended shard count and the session start limit.</summary>
    Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /applications/@me</c>: the bot's application id, which the command and webhook routes need. Without the
    /// gateway there is no READY to learn it from.
    /// </summary>
    Task<ulong> GetCurrentApplicationIdAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /users/@me/channels</c>: the DM channel with a user. Discord returns the same channel every time, so the
    /// id is cached per user and asked for only once.
    /// </summary>
    /// <returns>The DM channel's id.</returns>
    Task<ulong> CreateDmChannelAsync(ulong userId, CancellationToken cancellationToken = default);

    /// <summary><c>POST /channels/{channel.id}/messages</c> with a message object (content, embeds, components, allowed_mentions…).</summary>
    /// <returns>The new message's id.</returns>
    /// <exception cref="DiscordRestException">For example code 50007 (the user does not accept DMs) or 50013 (missing permissions).</exception>
    Task<ulong> CreateMessageAsync(ulong channelId, JsonObject message, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /channels/{channel.id}/messages</c> as <c>multipart/form-data</c>: <paramref name="message"/> as
    /// <c>payload_json</c> and one file as <c>files[0]</c>, described in the payload's <c>attachments</c> (id 0).
    /// </summary>
    /// <returns>The new message's id.</returns>
    Task<ulong> CreateMessageWithFileAsync(ulong channelId, JsonObject message, string fileName, ReadOnlyMemory<byte> file, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /channels/{channel.id}/threads</c> (Start Thread without Message) with <paramref name="thread"/>
    /// (<c>name</c>, <c>type</c> 12 for a private thread, <c>invitable</c>, <c>auto_archive_duration</c>).
    /// </summary>
    /// <returns>The new thread's id.</returns>
    Task<ulong> StartThreadAsync(ulong channelId, JsonObject thread, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /channels/{channel.id}/thread-members/{user.id}</c>: adds a member to a thread that is not archived.</summary>
    Task AddThreadMemberAsync(ulong threadId, ulong userId, CancellationToken cancellationToken = default);

    /// <summary><c>PATCH /channels/{channel.id}</c>: for a thread, <c>archived</c>, <c>locked</c>, <c>name</c>…; only the fields present change.</summary>
    Task ModifyChannelAsync(ulong channelId, JsonObject changes, CancellationToken cancellationToken = default);

    /// <summary><c>PATCH /channels/{channel.id}/messages/{message.id}</c>: only the fields present change.</summary>
    Task EditMessageAsync(ulong channelId, ulong messageId, JsonObject message, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /channels/{channel.id}/messages/{message.id}</c>.</summary>
    Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>PATCH /guilds/{guild.id}/members/{user.id}</c> (Modify Guild Member): only the fields present change, e.g.
    /// <c>communication_disabled_until</c> (an ISO 8601 timestamp at most 28 days ahead) for a timeout, which needs
    /// MODERATE_MEMBERS. <paramref name="auditLogReason"/> goes to the server's audit log (<c>X-Audit-Log-Reason</c>).
    /// </summary>
    /// <exception cref="DiscordRestException">For example code 50013 (missing permissions, or the member ranks above the bot).</exception>
    Task ModifyGuildMemberAsync(ulong guildId, ulong userId, JsonObject changes, string? auditLogReason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>PUT /applications/{application.id}/commands</c>: replaces every global command (of every type) with
    /// <paramref name="commands"/>.
    /// </summary>
    /// <returns>The commands as Discord stored them, with their ids.</returns>
    Task<JsonArray> BulkOverwriteGlobalCommandsAsync(ulong applicationId, JsonArray commands, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /interactions/{interaction.id}/{interaction.token}/callback</c>: the first response to an interaction,
    /// due within 3 seconds. The token in the path is the credential; no bot authorization is sent.
    /// </summary>
    /// <exception cref="DiscordRestException">Code 10062 (unknown interaction: usually the deadline passed) or 40060 (already acknowledged).</exception>
    Task CreateInteractionResponseAsync(ulong interactionId, string interactionToken, JsonObject response, CancellationToken cancellationToken = default);

    /// <summary><c>PATCH /webhooks/{application.id}/{interaction.token}/messages/@original</c>, for up to 15 minutes after the interaction.</summary>
    Task EditOriginalResponseAsync(ulong applicationId, string interactionToken, JsonObject message, CancellationToken cancellationToken = default);

    /// <summary><c>POST /webhooks/{application.id}/{interaction.token}</c>: a follow-up message (<c>flags: 64</c> makes it ephemeral).</summary>
    /// <returns>The follow-up message's id.</returns>
    Task<ulong> CreateFollowupAsync(ulong applicationId, string interactionToken, JsonObject message, CancellationToken cancellationToken = default);
}
