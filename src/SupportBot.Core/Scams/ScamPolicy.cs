using System.Globalization;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;

namespace SupportBot.Core.Scams;

/// <summary>The scam checks a community can turn on or off.</summary>
public enum ScamCheck
{
    /// <summary>Scam links in messages.</summary>
    Links,

    /// <summary>Names that resemble staff, the bot, a brand or a title (<see cref="ImpersonationCheck"/>).</summary>
    Impersonators,

    /// <summary>Fake-support wording in messages (<see cref="FakeSupportDetector"/>).</summary>
    FakeSupport,
}

/// <summary>What a channel does about a finding; combine them: <c>"Log, Warn, Delete"</c> in configuration.</summary>
[Flags]
public enum ScamActions
{
    /// <summary>Nothing, not even a log line.</summary>
    None = 0,

    /// <summary>A line in the moderators' log (<see cref="ScamPolicy.ModLog"/>); any other action is logged too, so alone it means "log only".</summary>
    Log = 1,

    /// <summary>A public reminder in the chat where it happened.</summary>
    Warn = 2,

    /// <summary>Delete the message (findings about a message only).</summary>
    Delete = 4,

    /// <summary>Restrict (Telegram) or time out (Discord) the member for <see cref="ScamPolicy.RestrictFor"/>.</summary>
    Restrict = 8,
}

/// <summary>
/// One community's scam settings: <c>Scams:Communities:{platform}:{id}:…</c> (platform Telegram or Discord, id the
/// group's chat id or the server's id), or <c>Scams:Defaults:…</c> for communities not listed. A listed community's
/// unset keys take the values below, not those of <c>Scams:Defaults</c>.
/// </summary>
public sealed class ScamPolicy
{
    /// <summary>Check links in messages.</summary>
    public bool Links { get; set; } = true;

    /// <summary>Check members' names when they join or first write.</summary>
    public bool Impersonators { get; set; } = true;

    /// <summary>Check messages for fake-support wording.</summary>
    public bool FakeSupport { get; set; } = true;

    /// <summary>What to do about a scam link.</summary>
    public ScamActions LinkActions { get; set; } = ScamActions.Log | ScamActions.Warn | ScamActions.Delete;

    /// <summary>
    /// What to do about a likely impersonator (<see cref="ImpersonationSeverity.High"/>); a name only worth a look
    /// (<see cref="ImpersonationSeverity.Low"/>) is logged and nothing more.
    /// </summary>
    public ScamActions ImpersonatorActions { get; set; } = ScamActions.Log;

    /// <summary>What to do about a fake-support message: by default the public reminder and the log.</summary>
    public ScamActions FakeSupportActions { get; set; } = ScamActions.Log | ScamActions.Warn;

    /// <summary>How long <see cref="ScamActions.Restrict"/> lasts: 1 minute to 28 days (Discord's longest timeout).</summary>
    public TimeSpan RestrictFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The moderators' log: a Telegram chat id or a Discord channel id. Empty: log lines go to the application log only.</summary>
    public string? ModLog { get; set; }

    /// <summary>Members never checked, by user id (staff are exempt anyway: the channel knows its admins).</summary>
    public List<string> ExemptUserIds { get; set; } = [];

    /// <summary>Discord roles whose members are never checked.</summary>
    public List<string> ExemptRoleIds { get; set; } = [];

    /// <summary>More names to protect besides the admins and the bot the channel knows (a team member who is not an admin).</summary>
    public List<string> ProtectedNames { get; set; } = [];

    /// <summary>The language of the public reminders: en or ru.</summary>
    public string Language { get; set; } = "en";

    /// <summary>The language of the moderators' log lines: en or ru.</summary>
    public string LogLanguage { get; set; } = "en";

    /// <summary>True when <paramref name="check"/> is on.</summary>
    public bool IsOn(ScamCheck check) => check switch
    {
        ScamCheck.Links => Links,
        ScamCheck.Impersonators => Impersonators,
        _ => FakeSupport,
    };

    /// <summary>The actions configured for <paramref name="check"/>.</summary>
    public ScamActions ActionsFor(ScamCheck check) => check switch
    {
        ScamCheck.Links => LinkActions,
        ScamCheck.Impersonators => ImpersonatorActions,
        _ => FakeSupportActions,
    };

    /// <summary>True when the member is exempt by id or by one of their roles (the channel adds "is an admin" itself).</summary>
    public bool IsExempt(string userId, IEnumerable<string>? roleIds = null) =>
        ExemptUserIds.Contains(userId, StringComparer.Ordinal) || (roleIds ?? []).Any(r => ExemptRoleIds.Contains(r, StringComparer.Ordinal));
}

/// <summary>Scam settings, section <c>Scams</c>.</summary>
public sealed class ScamOptions
{
    public const string Section = "Scams";

    /// <summary>The platforms a community can be on, as written in configuration keys.</summary>
    public static readonly IReadOnlyList<string> Platforms = ["Telegram", "Discord"];

    /// <summary>The policy of communities not listed under <see cref="Communities"/>.</summary>
    public ScamPolicy Defaults { get; set; } = new();

    /// <summary>Policies by platform, then by group or server id: <c>Scams:Communities:Telegram:-1001234567890:…</c>.</summary>
    public Dictionary<string, Dictionary<string, ScamPolicy>> Communities { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The policy of a community: its own, else <see cref="Defaults"/>.</summary>
    public ScamPolicy For(string platform, string communityId) =>
        Communities.FirstOrDefault(p => string.Equals(p.Key, platform, StringComparison.OrdinalIgnoreCase)).Value?.GetValueOrDefault(communityId) ?? Defaults;
}

/// <summary>Checks <see cref="ScamOptions"/> at start-up; each message names the key to fix.</summary>
public sealed class ScamOptionsValidator : IValidateOptions<ScamOptions>
{
    private static readonly TimeSpan MinRestrict = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxRestrict = TimeSpan.FromDays(28);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ScamOptions options)
    {
        var failures = new List<string>();
        Check($"{ScamOptions.Section}:Defaults", options.Defaults, platform: null);
        foreach (var (platform, communities) in options.Communities)
        {
            var known = ScamOptions.Platforms.FirstOrDefault(p => string.Equals(p, platform, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                failures.Add($"{ScamOptions.Section}:Communities:{platform} is not a platform (Telegram or Discord)");
                continue;
            }

            foreach (var (id, policy) in communities)
            {
                var key = $"{ScamOptions.Section}:Communities:{platform}:{id}";
                if (!IsId(known, id))
                {
                    failures.Add($"{key}: '{id}' is not a {(known == "Telegram" ? "Telegram chat id (a whole number such as -1001234567890)" : "Discord server id (a number)")}");
                }

                Check(key, policy, known);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(string key, ScamPolicy policy, string? platform)
        {
            if (policy.RestrictFor < MinRestrict || policy.RestrictFor > MaxRestrict)
            {
                failures.Add($"{key}:RestrictFor must be between 00:01:00 and 28.00:00:00");
            }

            foreach (var (language, setting) in new[] { (policy.Language, "Language"), (policy.LogLanguage, "LogLanguage") })
            {
                if (language is not ("en" or "ru"))
                {
                    failures.Add($"{key}:{setting} must be en or ru");
                }
            }

            if (platform is not null && policy.ModLog is { Length: > 0 } modLog && !IsId(platform, modLog))
            {
                failures.Add($"{key}:ModLog must be a {(platform == "Telegram" ? "Telegram chat id" : "Discord channel id")}, not '{modLog}'");
            }

            for (var i = 0; i < policy.ExemptUserIds.Count; i++)
            {
                if (!long.TryParse(policy.ExemptUserIds[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out _) && !ulong.TryParse(policy.ExemptUserIds[i], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    failures.Add($"{key}:ExemptUserIds:{i} must be a user id (a number), not '{policy.ExemptUserIds[i]}'");
                }
            }

            for (var i = 0; i < policy.ExemptRoleIds.Count; i++)
            {
                if (platform == "Telegram" || !ulong.TryParse(policy.ExemptRoleIds[i], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    failures.Add($"{key}:ExemptRoleIds:{i} must be a Discord role id (Telegram has no roles)");
                }
            }

            foreach (var (check, actions, setting) in new[] { (ScamCheck.Links, policy.LinkActions, "LinkActions"), (ScamCheck.Impersonators, policy.ImpersonatorActions, "ImpersonatorActions"), (ScamCheck.FakeSupport, policy.FakeSupportActions, "FakeSupportActions") })
            {
                if ((actions & ~(ScamActions.Log | ScamActions.Warn | ScamActions.Delete | ScamActions.Restrict)) != 0)
                {
                    failures.Add($"{key}:{setting} has an unknown action (Log, Warn, Delete, Restrict)");
                }
                else if (check == ScamCheck.Impersonators && actions.HasFlag(ScamActions.Delete))
                {
                    failures.Add($"{key}:{setting} cannot Delete: a name is not a message (Log, Warn, Restrict)");
                }
            }
        }
    }

    private static bool IsId(string platform, string id) => platform == "Telegram"
        ? long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
        : ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var snowflake) && snowflake > 0;
}

/// <summary>Something a scam check found, for <see cref="ScamPolicyDecision.Decide"/>.</summary>
/// <param name="Check">Which check found it.</param>
/// <param name="User">The member as the log should name them (a mention or "Name (@user, id)").</param>
/// <param name="Place">Where: the group's or channel's title, if the log should say it.</param>
/// <param name="MessageText">The message, for findings about a message; null for a name seen at join.</param>
public sealed record ScamFinding(ScamCheck Check, string User, string? Place = null, string? MessageText = null)
{
    /// <summary>The name match, for <see cref="ScamCheck.Impersonators"/>.</summary>
    public ImpersonationMatch? Impersonation { get; init; }

    /// <summary>The wording match, for <see cref="ScamCheck.FakeSupport"/>.</summary>
    public FakeSupportMatch? FakeSupport { get; init; }

    /// <summary>The reason, in words, for findings of other checks (links).</summary>
    public string? Reason { get; init; }

    /// <summary>The public text to post on <see cref="ScamActions.Warn"/> instead of the default for the check.</summary>
    public string? WarningTextKey { get; init; }

    /// <summary>The public text instead of <see cref="WarningTextKey"/> when the message could not be deleted.</summary>
    public string? KeptWarningTextKey { get; init; }

    /// <summary>More values for the public text's placeholders, in the public language (a link's reason, its host).</summary>
    public IReadOnlyDictionary<string, string>? WarningValues { get; init; }

    /// <summary>Worth a moderator's look, not an action (a shortened link nobody can judge): the log line only.</summary>
    public bool LogOnly { get; init; }

    /// <summary>The domains a moderator may mark as not a scam (<see cref="ScamDecision.FlaggedHosts"/>).</summary>
    public IReadOnlyList<string> FlaggedHosts { get; init; } = [];

    /// <summary>A name seen at join for <paramref name="match"/>.</summary>
    public static ScamFinding ForName(ImpersonationMatch match, string user, string? place = null) =>
        new(ScamCheck.Impersonators, user, place) { Impersonation = match };

    /// <summary>A message with fake-support wording.</summary>
    public static ScamFinding ForMessage(FakeSupportMatch match, string user, string messageText, string? place = null) =>
        new(ScamCheck.FakeSupport, user, place, messageText) { FakeSupport = match };
}

/// <summary>What a channel does about a finding; both channels execute the same decision.</summary>
/// <param name="Actions">The actions to take (<see cref="ScamActions.None"/>: nothing, not even a log line).</param>
/// <param name="RestrictFor">How long to restrict or time out, when <see cref="Actions"/> has <see cref="ScamActions.Restrict"/>.</param>
/// <param name="ModLog">Where <see cref="LogLine"/> goes; null: the application log only.</param>
/// <param name="LogLine">The moderators' log line, redacted; null unless <see cref="Actions"/> has <see cref="ScamActions.Log"/>.</param>
/// <param name="PublicText">The public reminder; null unless <see cref="Actions"/> has <see cref="ScamActions.Warn"/>.</param>
/// <param name="Reason">The reason in the log's language, redacted (also for the application log and audit).</param>
public sealed record ScamDecision(ScamActions Actions, TimeSpan? RestrictFor, string? ModLog, string? LogLine, string? PublicText, string Reason)
{
    /// <summary>Nothing to do.</summary>
    public static ScamDecision Nothing { get; } = new(ScamActions.None, null, null, null, null, "");

    /// <summary>
    /// The flagged domains (ASCII form) a moderator may mark as not a scam: channels put a button per domain under the
    /// log line (<see cref="ScamGuard.NotScamPayload"/>).
    /// </summary>
    public IReadOnlyList<string> FlaggedHosts { get; init; } = [];

    /// <summary>
    /// <see cref="PublicText"/> for when the channel could not delete the message (the bot lacks the right): it must
    /// not say the link was removed. Null when <see cref="PublicText"/> says nothing of the kind.
    /// </summary>
    public string? PublicTextIfKept { get; init; }

    /// <summary>Several decisions about one message as one: every action, the longest restriction, every log line.</summary>
    public static ScamDecision Combine(IEnumerable<ScamDecision> decisions)
    {
        var taken = decisions.Where(d => d.Actions != ScamActions.None).ToList();
        if (taken.Count <= 1)
        {
            return taken.Count == 0 ? Nothing : taken[0];
        }

        var logLines = taken.Select(d => d.LogLine).OfType<string>().ToList();
        return new ScamDecision(
            taken.Aggregate(ScamActions.None, (all, d) => all | d.Actions),
            taken.Max(d => d.RestrictFor),
            taken.Select(d => d.ModLog).FirstOrDefault(m => m is not null),
            logLines.Count == 0 ? null : string.Join("\n\n", logLines),
            taken.Select(d => d.PublicText).FirstOrDefault(t => t is not null),
            string.Join("; ", taken.Select(d => d.Reason).Where(r => r.Length > 0)))
        {
            FlaggedHosts = [.. taken.SelectMany(d => d.FlaggedHosts).Distinct(StringComparer.Ordinal)],
            PublicTextIfKept = taken.Any(d => d.PublicTextIfKept is not null) ? taken.Select(d => d.PublicTextIfKept ?? d.PublicText).FirstOrDefault(t => t is not null) : null,
        };
    }
}

/// <summary>Turns a community's policy and a finding into the actions and the log line.</summary>
public static class ScamPolicyDecision
{
    /// <summary>How much of the message the log quotes.</summary>
    public const int MaxQuotedChars = 300;

    /// <summary>Texts used by <see cref="Decide"/>.</summary>
    public static readonly IReadOnlyList<string> TextKeys =
    [
        "scams-people.reminder", "scams-people.impersonator-warning",
        "scams-people.log.impersonator", "scams-people.log.impersonator-low", "scams-people.log.fake-support", "scams-people.log.link",
        "scams-people.log.message", "scams-people.log.done",
        "scams-people.action.log", "scams-people.action.warn", "scams-people.action.delete", "scams-people.action.restrict",
    ];

    /// <summary>
    /// The actions for <paramref name="finding"/> under <paramref name="policy"/>: nothing when the check is off or the
    /// author is exempt; only a log line for a name only worth a look; no deleting without a message. The log line and
    /// the reason pass the secret guard. Any action comes with its log line.
    /// </summary>
    /// <param name="policy">The community's policy.</param>
    /// <param name="finding">What was found.</param>
    /// <param name="authorExempt">True for staff, the bot itself and members exempt by <see cref="ScamPolicy.IsExempt"/>.</param>
    /// <param name="content">The texts.</param>
    public static ScamDecision Decide(ScamPolicy policy, ScamFinding finding, bool authorExempt, ContentCatalog content)
    {
        if (authorExempt || !policy.IsOn(finding.Check))
        {
            return ScamDecision.Nothing;
        }

        var actions = policy.ActionsFor(finding.Check);
        var low = finding.Impersonation?.Severity == ImpersonationSeverity.Low || finding.LogOnly;
        if (low)
        {
            actions &= ScamActions.Log;
        }

        if (finding.MessageText is null)
        {
            actions &= ~ScamActions.Delete;
        }

        if (actions == ScamActions.None)
        {
            return ScamDecision.Nothing;
        }

        // Every action is logged with its reason: Log alone means "log only".
        actions |= ScamActions.Log;

        var log = policy.LogLanguage;
        var reason = Redact(finding switch
        {
            { Impersonation: { } name } => ImpersonationCheck.Reason(content, log, name),
            { FakeSupport: { } wording } => FakeSupportDetector.Reason(content, log, wording),
            _ => finding.Reason ?? "",
        });
        var user = Redact(finding.User);
        string? logLine = null;
        if (actions.HasFlag(ScamActions.Log))
        {
            var header = finding.Check switch
            {
                ScamCheck.Impersonators => low ? "scams-people.log.impersonator-low" : "scams-people.log.impersonator",
                ScamCheck.FakeSupport => "scams-people.log.fake-support",
                _ => "scams-people.log.link",
            };
            var lines = new List<string>
            {
                ScamTexts.Fill(content, log, header, new Dictionary<string, string> { ["user"] = user, ["place"] = Redact(finding.Place ?? ""), ["reason"] = reason }),
            };
            if (finding.MessageText is { } text)
            {
                var quoted = Redact(text);
                quoted = quoted.Length > MaxQuotedChars ? quoted[..MaxQuotedChars] + "…" : quoted;
                lines.Add(ScamTexts.Fill(content, log, "scams-people.log.message", new Dictionary<string, string> { ["what"] = quoted.ReplaceLineEndings(" ") }));
            }

            var done = new[] { ScamActions.Delete, ScamActions.Restrict, ScamActions.Warn }.Where(a => actions.HasFlag(a)).Select(a => ActionText(content, log, a, policy.RestrictFor)).ToList();
            lines.Add(ScamTexts.Fill(content, log, "scams-people.log.done", new Dictionary<string, string>
            {
                ["what"] = done.Count > 0 ? string.Join(", ", done) : content.Texts.Get(log, "scams-people.action.log"),
            }));
            logLine = string.Join('\n', lines);
        }

        string? publicText = null;
        string? publicTextIfKept = null;
        if (actions.HasFlag(ScamActions.Warn))
        {
            var key = finding.WarningTextKey ?? (finding.Check == ScamCheck.Impersonators ? "scams-people.impersonator-warning" : "scams-people.reminder");
            var values = new Dictionary<string, string>(finding.WarningValues ?? new Dictionary<string, string>()) { ["user"] = user };
            publicText = ScamTexts.Fill(content, policy.Language, key, values);
            if (actions.HasFlag(ScamActions.Delete) && finding.KeptWarningTextKey is { } kept)
            {
                publicTextIfKept = ScamTexts.Fill(content, policy.Language, kept, values);
            }
        }

        return new ScamDecision(actions, actions.HasFlag(ScamActions.Restrict) ? policy.RestrictFor : null,
            string.IsNullOrEmpty(policy.ModLog) ? null : policy.ModLog, logLine, publicText, reason)
        {
            FlaggedHosts = finding.FlaggedHosts,
            PublicTextIfKept = publicTextIfKept,
        };
    }

    private static string ActionText(ContentCatalog content, string language, ScamActions action, TimeSpan restrictFor) => action switch
    {
        ScamActions.Delete => content.Texts.Get(language, "scams-people.action.delete"),
        ScamActions.Warn => content.Texts.Get(language, "scams-people.action.warn"),
        _ => ScamTexts.Fill(content, language, "scams-people.action.restrict", new Dictionary<string, string> { ["hours"] = Duration(restrictFor) }),
    };

    /// <summary>A duration the way a log says it: "1h", "30m", "2d 4h".</summary>
    internal static string Duration(TimeSpan span)
    {
        var parts = new List<string>();
        if (span.Days > 0) parts.Add($"{span.Days}d");
        if (span.Hours > 0) parts.Add($"{span.Hours}h");
        if (span.Minutes > 0) parts.Add($"{span.Minutes}m");
        return parts.Count > 0 ? string.Join(' ', parts) : $"{(int)span.TotalSeconds}s";
    }

    private static string Redact(string text) => Triage.SecretGuard.Scan(text).RedactedText;
}

/// <summary>Fills the scam checks' texts.</summary>
internal static class ScamTexts
{
    private static readonly IReadOnlyDictionary<string, string> NoSlots = new Dictionary<string, string>();

    public static string Fill(ContentCatalog content, string language, string key, IReadOnlyDictionary<string, string> values) =>
        Placeholders.Fill(content.Texts.Get(language, key), content, language, NoSlots, values);
}
