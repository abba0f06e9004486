using System.Globalization;

namespace SupportBot.Discord.Rest;

/// <summary>
/// One REST request's route. <see cref="Template"/> names the route for rate limiting and errors (it never holds a
/// token); <see cref="MajorParameter"/> is the id Discord limits separately (channel, guild, webhook + token).
/// Routes with the interaction token in the path send no bot authorization and don't count toward the global limit.
/// </summary>
internal sealed record RestRoute(HttpMethod Method, string Template, string Path, string MajorParameter, bool TokenInPath)
{
    public bool UsesBotToken => !TokenInPath;

    public bool GloballyLimited => !TokenInPath;

    /// <summary>The request posts a message (in a channel, or an interaction's follow-up): counted as sent.</summary>
    public bool CreatesMessage =>
        Method == HttpMethod.Post && Template is "/channels/{channel_id}/messages" or "/webhooks/{application_id}/{interaction_token}";

    /// <summary>For the server's audit log (<c>X-Audit-Log-Reason</c>); never part of the route's identity.</summary>
    public string? AuditLogReason { get; init; }

    /// <summary>Method and template: the unit Discord assigns a bucket to.</summary>
    public string RouteKey => $"{Method.Method} {Template}";

    /// <summary>One FIFO queue per route and major parameter.</summary>
    public string QueueKey => $"{RouteKey} {MajorParameter}";

    public override string ToString() => RouteKey;

    public static RestRoute GetGatewayBot() => new(HttpMethod.Get, "/gateway/bot", "/gateway/bot", "", false);

    public static RestRoute GetCurrentApplication() => new(HttpMethod.Get, "/applications/@me", "/applications/@me", "", false);

    public static RestRoute CreateDm() => new(HttpMethod.Post, "/users/@me/channels", "/users/@me/channels", "", false);

    public static RestRoute CreateMessage(ulong channelId) =>
        new(HttpMethod.Post, "/channels/{channel_id}/messages", Format($"/channels/{channelId}/messages"), Id(channelId), false);

    public static RestRoute EditMessage(ulong channelId, ulong messageId) =>
        new(HttpMethod.Patch, "/channels/{channel_id}/messages/{message_id}", Format($"/channels/{channelId}/messages/{messageId}"), Id(channelId), false);

    public static RestRoute DeleteMessage(ulong channelId, ulong messageId) =>
        new(HttpMethod.Delete, "/channels/{channel_id}/messages/{message_id}", Format($"/channels/{channelId}/messages/{messageId}"), Id(channelId), false);

    public static RestRoute StartThreadWithoutMessage(ulong channelId) =>
        new(HttpMethod.Post, "/channels/{channel_id}/threads", Format($"/channels/{channelId}/threads"), Id(channelId), false);

    public static RestRoute AddThreadMember(ulong threadId, ulong userId) =>
        new(HttpMethod.Put, "/channels/{channel_id}/thread-members/{user_id}", Format($"/channels/{threadId}/thread-members/{userId}"), Id(threadId), false);

    public static RestRoute ModifyChannel(ulong channelId) =>
        new(HttpMethod.Patch, "/channels/{channel_id}", Format($"/channels/{channelId}"), Id(channelId), false);

    public static RestRoute ModifyGuildMember(ulong guildId, ulong userId) =>
        new(HttpMethod.Patch, "/guilds/{guild_id}/members/{user_id}", Format($"/guilds/{guildId}/members/{userId}"), Id(guildId), false);

    public static RestRoute BulkOverwriteGlobalCommands(ulong applicationId) =>
        new(HttpMethod.Put, "/applications/{application_id}/commands", Format($"/applications/{applicationId}/commands"), "", false);

    // Discord limits callbacks per interaction, so each interaction gets its own queue: one slow reply must not hold
    // up the others, each of which has its own 3-second deadline.
    public static RestRoute InteractionCallback(ulong interactionId, string token) =>
        new(HttpMethod.Post, "/interactions/{interaction_id}/{interaction_token}/callback",
            Format($"/interactions/{interactionId}/{Escape(token)}/callback"), Format($"{interactionId}/{token}"), true);

    public static RestRoute EditOriginalResponse(ulong applicationId, string token) =>
        new(HttpMethod.Patch, "/webhooks/{application_id}/{interaction_token}/messages/@original",
            Format($"/webhooks/{applicationId}/{Escape(token)}/messages/@original"), Format($"{applicationId}/{token}"), true);

    public static RestRoute CreateFollowup(ulong applicationId, string token) =>
        new(HttpMethod.Post, "/webhooks/{application_id}/{interaction_token}",
            Format($"/webhooks/{applicationId}/{Escape(token)}"), Format($"{applicationId}/{token}"), true);

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string token) => Uri.EscapeDataString(token);
}
