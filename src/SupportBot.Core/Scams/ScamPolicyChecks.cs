using System.Collections.Concurrent;
using SupportBot.Core.Content;

namespace SupportBot.Core.Scams;

/// <summary>A member as a channel sees them, for the people checks.</summary>
/// <param name="UserId">The platform's user id.</param>
/// <param name="DisplayName">The name shown in the chat (Telegram first + last name, Discord server nickname or global name).</param>
/// <param name="Username">The @username, if any.</param>
/// <param name="IsStaff">True for the community's admins and moderators and for the bot itself: never checked.</param>
/// <param name="RoleIds">Discord role ids (for <see cref="ScamPolicy.ExemptRoleIds"/>); empty on Telegram.</param>
public sealed record ScamMember(string UserId, string? DisplayName, string? Username, bool IsStaff = false, IReadOnlyList<string>? RoleIds = null)
{
    /// <summary>How the moderators' log names the member: "Display Name (@username, id 42)".</summary>
    public string Label => $"{DisplayName ?? Username ?? UserId} ({(Username is { Length: > 0 } u ? $"@{u.TrimStart('@')}, " : "")}id {UserId})";

    /// <summary>
    /// False for an author whose names are not a member's: a channel writing in a Telegram group (its title and
    /// username). Its messages are still checked for links and wording.
    /// </summary>
    public bool NameChecked { get; init; } = true;
}

/// <summary>
/// The impersonator and fake-support checks in one place, so both channels ask the same questions and execute the
/// same <see cref="ScamDecision"/>: a channel maps its event to <see cref="ScamMember"/>, calls
/// <see cref="CheckMember"/> when a member joins or first writes (and <see cref="CheckMessage"/> on each group message),
/// and carries out the decision's actions.
/// </summary>
public sealed class ScamPeopleChecks(ContentCatalog content)
{
    /// <summary>Names checked per community are remembered up to this many members; then the memory starts over.</summary>
    public const int MaxRemembered = 100_000;

    private readonly ImpersonationCheck names = new(content.ScamPeople);
    private readonly ConcurrentDictionary<(string Community, string User), string> checkedNames = new();
    private readonly FakeSupportDetector detector = new(content.ScamPeople);

    /// <summary>The name check, for channels that need it directly.</summary>
    public ImpersonationCheck Names => names;

    /// <summary>
    /// Checks a member's names once per name: on join, and on a message when the name is new or changed since the
    /// last check (a member who renames themself to "Support" after joining is caught on their next message).
    /// </summary>
    /// <param name="policy">The community's policy.</param>
    /// <param name="community">The community's key, e.g. "telegram:-100123" (the memory of checked names is per community).</param>
    /// <param name="member">The member.</param>
    /// <param name="staffNames">The display names and usernames of the community's admins and moderators.</param>
    /// <param name="botNames">The bot's own display name and username.</param>
    /// <param name="place">Where, for the log: the group's or server's name.</param>
    public ScamDecision CheckMember(ScamPolicy policy, string community, ScamMember member, IEnumerable<string> staffNames, IEnumerable<string> botNames, string? place = null)
    {
        if (!policy.IsOn(ScamCheck.Impersonators) || Exempt(policy, member) || !member.NameChecked)
        {
            return ScamDecision.Nothing;
        }

        var fingerprint = $"{member.DisplayName}\n{member.Username}";
        if (checkedNames.TryGetValue((community, member.UserId), out var seen) && seen == fingerprint)
        {
            return ScamDecision.Nothing;
        }

        if (checkedNames.Count >= MaxRemembered)
        {
            checkedNames.Clear();
        }

        checkedNames[(community, member.UserId)] = fingerprint;
        var protectedNames = staffNames.Concat(policy.ProtectedNames).Select(n => new ProtectedName(n, ProtectedNameKind.Staff))
            .Concat(botNames.Select(n => new ProtectedName(n, ProtectedNameKind.Bot)));
        return names.Check(member.DisplayName, member.Username, protectedNames) is { } match
            ? ScamPolicyDecision.Decide(policy, ScamFinding.ForName(match, member.Label, place), authorExempt: false, content)
            : ScamDecision.Nothing;
    }

    /// <summary>Checks a group message for fake-support wording.</summary>
    /// <param name="policy">The community's policy.</param>
    /// <param name="member">The author.</param>
    /// <param name="text">The message as written (the log quotes it redacted).</param>
    /// <param name="staffUsernames">The usernames of the community's staff: sending people to them is fine.</param>
    /// <param name="place">Where, for the log: the group's or channel's name.</param>
    public ScamDecision CheckMessage(ScamPolicy policy, ScamMember member, string text, IEnumerable<string> staffUsernames, string? place = null)
    {
        if (!policy.IsOn(ScamCheck.FakeSupport) || Exempt(policy, member))
        {
            return ScamDecision.Nothing;
        }

        return detector.Detect(text, staffUsernames) is { } match
            ? ScamPolicyDecision.Decide(policy, ScamFinding.ForMessage(match, member.Label, text, place), authorExempt: false, content)
            : ScamDecision.Nothing;
    }

    private static bool Exempt(ScamPolicy policy, ScamMember member) => member.IsStaff || policy.IsExempt(member.UserId, member.RoleIds);
}
