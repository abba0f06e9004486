namespace SupportBot.Discord;

/// <summary>Discord settings, section <c>Discord</c>. The token comes from the environment or user-secrets only.</summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";

    /// <summary>The bot token (<c>SUPPORTBOT_Discord__Token</c>). Empty: the Discord channel is off.</summary>
    public string? Token { get; set; }

    /// <summary>The application's public key (hex), for verifying interactions received over HTTP.</summary>
    public string? PublicKey { get; set; }

    /// <summary>REST base URL; tests point it at a local fake.</summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>When set, used instead of the URL from <c>GET /gateway/bot</c> (tests).</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>
    /// Ask for the privileged MESSAGE_CONTENT intent (must be switched on in the Developer Portal). Without it server
    /// messages arrive empty: neither the secret guard nor the scam checks see them.
    /// </summary>
    public bool MessageContentIntent { get; set; }

    /// <summary>
    /// Ask for the privileged GUILD_MEMBERS intent ("Server Members Intent" in the Developer Portal, where it must be
    /// switched on): members' names are then checked for impersonation when they join and when they change their
    /// nickname. Without it a member's name is checked on their first message.
    /// </summary>
    public bool GuildMembersIntent { get; set; }

    /// <summary>
    /// Receive interactions on an HTTP endpoint instead of over the gateway. The slash commands are then registered
    /// through REST at start-up.
    /// </summary>
    public bool InteractionsOverHttp { get; set; }

    /// <summary>
    /// Connect to the gateway (<c>Discord:Gateway</c>, default true): DMs and the secret guard in servers arrive only
    /// there. False, with <see cref="InteractionsOverHttp"/>, runs the bot on its HTTP endpoint alone (slash commands,
    /// buttons and modals).
    /// </summary>
    public bool Gateway { get; set; } = true;

    public string InteractionsPath { get; set; } = "/discord/interactions";

    public int ShardId { get; set; }

    public int ShardCount { get; set; } = 1;

    /// <summary>
    /// The text channel in which each ticket gets a private thread. Unset: tickets are off on Discord. Needs
    /// <see cref="StaffRoleId"/>, the gateway and <see cref="MessageContentIntent"/> (staff replies are read from the thread).
    /// </summary>
    public ulong? TicketChannelId { get; set; }

    /// <summary>
    /// The role whose members are staff: only they may write to a ticket's user and use <c>/ticket</c>. The role needs
    /// Manage Threads in <see cref="TicketChannelId"/> to see the private threads.
    /// </summary>
    public ulong? StaffRoleId { get; set; }

    /// <summary>Where closed tickets' transcripts are filed, as a .txt attachment. Unset: only the user gets one.</summary>
    public ulong? TicketLogChannelId { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);

    /// <summary>Tickets are set up: a ticket channel and a staff role.</summary>
    public bool TicketsEnabled => Enabled && TicketChannelId is > 0 && StaffRoleId is > 0;
}
