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

    /// <summary>
    /// The one shard this process runs (<c>Discord:ShardId</c>), kept for existing settings; <see cref="ShardIds"/> says
    /// the same for one or more shards. Unset, with <see cref="ShardIds"/> unset: every shard of <see cref="ShardCount"/>.
    /// </summary>
    public int? ShardId { get; set; }

    /// <summary>
    /// The shards this process runs, comma-separated (<c>Discord:ShardIds</c>, e.g. <c>"0,1"</c>), each on its own
    /// gateway connection; they stay with this process. Unset, with one instance: every shard of <see cref="ShardCount"/>.
    /// Unset, with several instances on the shared store (<c>Storage:Provider=redis</c>): the instances claim the shards
    /// through leases, split them fairly, and take over those of an instance that stops (see <see cref="ShardClaims"/>).
    /// Processes share one Identify queue through the shared store either way.
    /// </summary>
    public string? ShardIds { get; set; }

    /// <summary>
    /// The bot's total number of shards (<c>Discord:ShardCount</c>, default 1); 0 uses the number Discord recommends
    /// (<c>shards</c> of <c>GET /gateway/bot</c>). Every process of the bot must use the same count.
    /// </summary>
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

    /// <summary>
    /// The shards this process runs, once the total is known (<paramref name="shardCount"/>: <see cref="ShardCount"/>,
    /// or Discord's recommendation when it is 0).
    /// </summary>
    /// <exception cref="ArgumentException">An id is not a number in [0, <paramref name="shardCount"/>) or is repeated.</exception>
    public IReadOnlyList<int> ShardsToRun(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var (key, ids) = ShardIdList() is { } listed ? ("Discord:ShardIds", listed) : ("Discord:ShardId", ShardId is { } one ? [one] : null);
        if (ids is null)
        {
            return [.. Enumerable.Range(0, shardCount)];
        }

        if (ids.Any(id => id is not { } n || n < 0 || n >= shardCount))
        {
            throw new ArgumentException($"{key} must list shard numbers from 0 to {shardCount - 1}, as Discord:ShardCount is {shardCount}.");
        }

        var distinct = ids.Select(id => id!.Value).Distinct().ToList();
        return distinct.Count == ids.Count ? distinct : throw new ArgumentException($"{key} names a shard twice.");
    }

    /// <summary>The ids in <see cref="ShardIds"/> (null where one is not a number), or null when it is unset.</summary>
    internal IReadOnlyList<int?>? ShardIdList() =>
        string.IsNullOrWhiteSpace(ShardIds)
            ? null
            : [.. ShardIds.Split(',', StringSplitOptions.TrimEntries).Select(part =>
                int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : (int?)null)];

    /// <summary>Tickets are set up: a ticket channel and a staff role.</summary>
    public bool TicketsEnabled => Enabled && TicketChannelId is > 0 && StaffRoleId is > 0;
}
