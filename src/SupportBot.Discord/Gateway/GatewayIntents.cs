namespace SupportBot.Discord.Gateway;

/// <summary>Gateway intent bits (<c>events/gateway.mdx</c>). Combine with <c>|</c>; the support bot needs 4609, or 37377 with message content.</summary>
public static class GatewayIntents
{
    /// <summary>GUILDS (1 &lt;&lt; 0).</summary>
    public const int Guilds = 1 << 0;

    /// <summary>
    /// GUILD_MEMBERS (1 &lt;&lt; 1), privileged: <c>GUILD_MEMBER_ADD</c>/<c>UPDATE</c>/<c>REMOVE</c>, so a newcomer's name is
    /// checked when they join. Like <see cref="MessageContent"/>, it must be switched on in the Developer Portal.
    /// </summary>
    public const int GuildMembers = 1 << 1;

    /// <summary>GUILD_MESSAGES (1 &lt;&lt; 9).</summary>
    public const int GuildMessages = 1 << 9;

    /// <summary>DIRECT_MESSAGES (1 &lt;&lt; 12): DM <c>MESSAGE_CREATE</c>s, with content even without <see cref="MessageContent"/>.</summary>
    public const int DirectMessages = 1 << 12;

    /// <summary>MESSAGE_CONTENT (1 &lt;&lt; 15), privileged: it must be switched on in the Developer Portal, or the gateway closes with 4014.</summary>
    public const int MessageContent = 1 << 15;

    /// <summary>
    /// What the support bot asks for: <see cref="Guilds"/>, <see cref="GuildMessages"/> and <see cref="DirectMessages"/>,
    /// plus <see cref="MessageContent"/> and <see cref="GuildMembers"/> when asked to.
    /// </summary>
    public static int ForSupportBot(bool messageContent, bool guildMembers = false) =>
        Guilds | GuildMessages | DirectMessages | (messageContent ? MessageContent : 0) | (guildMembers ? GuildMembers : 0);
}
