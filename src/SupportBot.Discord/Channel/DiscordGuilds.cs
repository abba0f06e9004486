using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace SupportBot.Discord.Channel;

/// <summary>
/// What the bot knows of each server from the gateway: its name, owner, system channel and roles' permissions
/// (<c>GUILD_CREATE</c>, kept current by <c>GUILD_UPDATE</c> and <c>GUILD_ROLE_*</c>), threads' parents, and the
/// names of the staff members it has seen. Staff are decided from roles and ownership, never from anything a member wrote.
/// </summary>
public sealed class DiscordGuilds(ulong? staffRoleId)
{
    /// <summary>ADMINISTRATOR (1 &lt;&lt; 3).</summary>
    public const ulong Administrator = 1UL << 3;

    /// <summary>MANAGE_GUILD (1 &lt;&lt; 5).</summary>
    public const ulong ManageGuild = 1UL << 5;

    /// <summary>MANAGE_MESSAGES (1 &lt;&lt; 13).</summary>
    public const ulong ManageMessages = 1UL << 13;

    /// <summary>MODERATE_MEMBERS (1 &lt;&lt; 40): timeouts.</summary>
    public const ulong ModerateMembers = 1UL << 40;

    /// <summary>Any of these makes a member staff: exempt from the scam checks, their names protected.</summary>
    public const ulong ModeratorPermissions = Administrator | ManageGuild | ManageMessages | ModerateMembers;

    // Bounds on what a huge server can make the bot remember.
    private const int MaxStaffPerGuild = 500;
    private const int MaxThreads = 50_000;

    private readonly ConcurrentDictionary<string, Guild> guilds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> threadParents = new(StringComparer.Ordinal);
    private readonly string? staffRole = staffRoleId is > 0 ? staffRoleId.Value.ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>The bot's own names from READY (global name and username): names nobody else should wear.</summary>
    public IReadOnlyList<string> BotNames { get; private set; } = [];

    /// <summary>Keeps the cache current; returns true for the events it uses.</summary>
    public bool OnDispatch(string eventName, JsonElement data)
    {
        switch (eventName)
        {
            case "READY" when data.TryGetProperty("user", out var user):
                BotNames = [.. new[] { String(user, "global_name"), String(user, "username") }.OfType<string>().Distinct(StringComparer.Ordinal)];
                return true;
            case "GUILD_CREATE" or "GUILD_UPDATE":
                OnGuild(data, eventName == "GUILD_CREATE");
                return true;
            case "GUILD_DELETE":
                // An outage (unavailable: true) is not a removal: the server comes back with a GUILD_CREATE.
                if (!(data.TryGetProperty("unavailable", out var unavailable) && unavailable.ValueKind == JsonValueKind.True))
                {
                    guilds.TryRemove(String(data, "id") ?? "", out _);
                }

                return true;
            case "GUILD_ROLE_CREATE" or "GUILD_ROLE_UPDATE" when data.TryGetProperty("role", out var role):
                SetRole(GuildOf(String(data, "guild_id")), role);
                return true;
            case "GUILD_ROLE_DELETE":
                GuildOf(String(data, "guild_id")).Roles.TryRemove(String(data, "role_id") ?? "", out _);
                return true;
            case "THREAD_CREATE" or "THREAD_UPDATE":
                RememberThread(data);
                return true;
            case "THREAD_DELETE":
                threadParents.TryRemove(String(data, "id") ?? "", out _);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The server's name, if a GUILD_CREATE told it.</summary>
    public string? NameOf(string guildId) => guilds.TryGetValue(guildId, out var guild) ? guild.Name : null;

    /// <summary>The channel where Discord posts join notices, if the server has one.</summary>
    public ulong? SystemChannelOf(string guildId) => guilds.TryGetValue(guildId, out var guild) ? guild.SystemChannelId : null;

    /// <summary>The channel a thread belongs to, if the bot saw the thread.</summary>
    public string? ParentOf(string channelId) => threadParents.GetValueOrDefault(channelId);

    /// <summary>
    /// Whether a member is staff: the owner, a member of <c>Discord:StaffRoleId</c>, or a member whose roles (with
    /// @everyone) grant ADMINISTRATOR, MANAGE_GUILD, MANAGE_MESSAGES or MODERATE_MEMBERS. Without the member's roles
    /// (a partial update), what the bot saw of them last.
    /// </summary>
    public bool IsStaff(string guildId, string userId, IReadOnlyList<string>? roleIds)
    {
        var guild = GuildOf(guildId);
        if (guild.OwnerId == userId)
        {
            return true;
        }

        if (roleIds is null)
        {
            return guild.Staff.ContainsKey(userId);
        }

        if (staffRole is not null && roleIds.Contains(staffRole, StringComparer.Ordinal))
        {
            return true;
        }

        var permissions = guild.Roles.GetValueOrDefault(guildId);
        foreach (var role in roleIds)
        {
            permissions |= guild.Roles.GetValueOrDefault(role);
        }

        return (permissions & ModeratorPermissions) != 0;
    }

    /// <summary>Remembers a staff member's names (or forgets them once they are no longer staff).</summary>
    public void SeeMember(string guildId, string userId, bool isStaff, string? displayName, string? username)
    {
        var staff = GuildOf(guildId).Staff;
        if (!isStaff)
        {
            staff.TryRemove(userId, out _);
        }
        else if (staff.Count < MaxStaffPerGuild || staff.ContainsKey(userId))
        {
            staff[userId] = new StaffMember(displayName, username);
        }
    }

    /// <summary>The display names and usernames of the server's staff the bot has seen.</summary>
    public IReadOnlyList<string> StaffNames(string guildId) =>
        [.. GuildOf(guildId).Staff.Values.SelectMany(s => new[] { s.DisplayName, s.Username }).OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>The usernames of the server's staff the bot has seen.</summary>
    public IReadOnlyList<string> StaffUsernames(string guildId) =>
        [.. GuildOf(guildId).Staff.Values.Select(s => s.Username).OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];

    private Guild GuildOf(string? guildId) => guilds.GetOrAdd(guildId ?? "", _ => new Guild());

    private void OnGuild(JsonElement data, bool created)
    {
        if (String(data, "id") is not { } guildId)
        {
            return;
        }

        var guild = GuildOf(guildId);
        guild.Name = String(data, "name") ?? guild.Name;
        guild.OwnerId = String(data, "owner_id") ?? guild.OwnerId;
        guild.SystemChannelId = ulong.TryParse(String(data, "system_channel_id"), NumberStyles.None, CultureInfo.InvariantCulture, out var system) ? system : null;
        if (data.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
        {
            // The full list: roles deleted while the bot was away must not keep granting staff.
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var role in roles.EnumerateArray())
            {
                present.Add(SetRole(guild, role) ?? "");
            }

            foreach (var gone in guild.Roles.Keys.Where(k => !present.Contains(k)).ToList())
            {
                guild.Roles.TryRemove(gone, out _);
            }
        }

        if (created && data.TryGetProperty("threads", out var threads) && threads.ValueKind == JsonValueKind.Array)
        {
            foreach (var thread in threads.EnumerateArray())
            {
                RememberThread(thread);
            }
        }

        if (created && data.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Array)
        {
            foreach (var member in members.EnumerateArray())
            {
                if (member.TryGetProperty("user", out var user) && String(user, "id") is { } userId && !IsBot(user))
                {
                    var isStaff = IsStaff(guildId, userId, Roles(member));
                    SeeMember(guildId, userId, isStaff, DisplayName(member, user), String(user, "username"));
                }
            }
        }
    }

    private static string? SetRole(Guild guild, JsonElement role)
    {
        if (String(role, "id") is not { } id)
        {
            return null;
        }

        guild.Roles[id] = ulong.TryParse(String(role, "permissions"), NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : 0;
        return id;
    }

    private void RememberThread(JsonElement thread)
    {
        if (String(thread, "id") is { } id && String(thread, "parent_id") is { } parent && (threadParents.Count < MaxThreads || threadParents.ContainsKey(id)))
        {
            threadParents[id] = parent;
        }
    }

    /// <summary>The member's role ids; null when the payload has none (a partial member).</summary>
    public static IReadOnlyList<string>? Roles(JsonElement member) =>
        member.ValueKind == JsonValueKind.Object && member.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
            ? [.. roles.EnumerateArray().Select(r => r.GetString()).OfType<string>()]
            : null;

    /// <summary>The name the server shows: the nickname, else the global display name.</summary>
    public static string? DisplayName(JsonElement member, JsonElement user) =>
        (member.ValueKind == JsonValueKind.Object ? String(member, "nick") : null) ?? String(user, "global_name");

    /// <summary>A bot or a system user: never checked, never staff.</summary>
    public static bool IsBot(JsonElement user) =>
        user.TryGetProperty("bot", out var bot) && bot.ValueKind == JsonValueKind.True
        || user.TryGetProperty("system", out var system) && system.ValueKind == JsonValueKind.True;

    /// <summary>A string property, or null when absent, null or not a string.</summary>
    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record StaffMember(string? DisplayName, string? Username);

    private sealed class Guild
    {
        public string? Name { get; set; }

        public string? OwnerId { get; set; }

        public ulong? SystemChannelId { get; set; }

        public ConcurrentDictionary<string, ulong> Roles { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, StaffMember> Staff { get; } = new(StringComparer.Ordinal);
    }
}
