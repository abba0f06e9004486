using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Lookup;
using SupportBot.Core.Messages;
using SupportBot.Core.Telemetry;

namespace SupportBot.Core.Scams;

/// <summary>The community where something happened, as the channel knows it at that moment.</summary>
/// <param name="Platform">"Telegram" or "Discord", as in <see cref="ScamOptions.Communities"/>.</param>
/// <param name="Id">The group's chat id or the server's id.</param>
/// <param name="Place">For the log: the group's title or "#channel in Server".</param>
public sealed record ScamCommunity(string Platform, string Id, string? Place = null)
{
    /// <summary>The display names and usernames of the admins and moderators: names nobody else should wear.</summary>
    public IReadOnlyList<string> StaffNames { get; init; } = [];

    /// <summary>The staff's usernames: "contact @mod_anna" is fine when she is staff.</summary>
    public IReadOnlyList<string> StaffUsernames { get; init; } = [];

    /// <summary>The bot's own display name and username.</summary>
    public IReadOnlyList<string> BotNames { get; init; } = [];

    /// <summary>"telegram:-1001234567890": the key of per-community memory and of <see cref="AllowedDomain.Community"/>.</summary>
    public string Key => $"{Platform.ToLowerInvariant()}:{Id}";
}

/// <summary>A link the platform gives apart from the text: a Telegram <c>text_link</c> entity, a Discord embed.</summary>
/// <param name="Url">Where it leads.</param>
/// <param name="DisplayedText">What the reader sees instead.</param>
public sealed record ShownLink(string Url, string? DisplayedText = null);

/// <summary>What became of a moderator's "not a scam".</summary>
public enum NotScamMarking
{
    /// <summary>Added to the allowlist.</summary>
    Added,

    /// <summary>It was already allowed.</summary>
    AlreadyAllowed,

    /// <summary>Not a domain.</summary>
    NotAHost,
}

/// <summary>
/// The community's scam filter, one implementation for every channel: a channel maps its events here
/// (<see cref="OnJoin"/>, <see cref="OnMessage"/>, <see cref="CheckAsync"/> for <c>/check</c>, <see cref="MarkNotScamAsync"/>
/// for a moderator's button) and carries out the <see cref="ScamDecision"/>. No link is ever fetched.
/// </summary>
public sealed class ScamGuard(
    ContentCatalog content,
    ScamPeopleChecks people,
    LinkScanner links,
    AllowedDomains allowed,
    IOptionsMonitor<ScamOptions> options,
    TimeProvider time,
    ILogger<ScamGuard> logger,
    IChainLookup? chainLookup = null,
    BotMetrics? metrics = null)
{
    /// <summary>Payloads of the moderators' "not a scam" buttons start with this.</summary>
    public const string NotScamPayloadPrefix = "scam:ok:";

    /// <summary>Telegram's limit on callback data, the tighter of the two platforms'.</summary>
    private const int MaxPayloadBytes = 64;

    private readonly LookupReport report = new(content);

    /// <summary>The community's policy.</summary>
    public ScamPolicy PolicyFor(ScamCommunity community) => options.CurrentValue.For(community.Platform, community.Id);

    /// <summary>A member joined: is their name an impersonator's?</summary>
    public ScamDecision OnJoin(ScamCommunity community, ScamMember member) =>
        Logged(community, people.CheckMember(PolicyFor(community), community.Key, member, community.StaffNames, community.BotNames, community.Place));

    /// <summary>
    /// A message in the community: its links (in the text and those the platform shows apart), fake-support wording,
    /// and the author's name when it is new to the bot; one decision for all of it.
    /// </summary>
    /// <param name="community">Where.</param>
    /// <param name="author">Who; staff and exempt members are never checked.</param>
    /// <param name="text">The text or caption as written (already redacted is fine).</param>
    /// <param name="shownLinks">Links the platform carries apart from the text.</param>
    public ScamDecision OnMessage(ScamCommunity community, ScamMember author, string text, IReadOnlyList<ShownLink>? shownLinks = null)
    {
        var policy = PolicyFor(community);
        var decision = ScamDecision.Combine(
        [
            LinkDecision(policy, community, author, text, shownLinks ?? []),
            people.CheckMessage(policy, author, text, community.StaffUsernames, community.Place),
            people.CheckMember(policy, community.Key, author, community.StaffNames, community.BotNames, community.Place),
        ]);
        return Logged(community, decision);
    }

    /// <summary>
    /// For a private message to the bot: a warning about the dangerous or shortened links in it, or null when there is
    /// nothing to warn about (ordinary and official links pass silently).
    /// </summary>
    public OutboundMessage? LinkWarning(string? text, IReadOnlyList<ShownLink>? shownLinks, string language)
    {
        var found = Findings(text ?? "", shownLinks ?? []).Where(f => f.Verdict.IsDangerous || f.Verdict.Risk == LinkRisk.Shortened).ToList();
        if (found.Count == 0)
        {
            return null;
        }

        var lines = new List<string> { Text(language, found.Any(f => f.Verdict.IsDangerous) ? "scams-links.private.danger" : "scams-links.private.shortened") };
        lines.AddRange(found.Select(f => "- " + RiskLine(f, language)));
        return new OutboundMessage(string.Join('\n', lines)) { Kind = MessageKind.Warning };
    }

    /// <summary>
    /// <c>/check</c>: each link's verdict, and for an address, contract or transaction what it is on each network;
    /// the usage text when the query holds neither.
    /// </summary>
    public async Task<string> CheckAsync(string? query, string language, CancellationToken cancellationToken)
    {
        query = (query ?? "").Trim();
        if (query.Length == 0)
        {
            return Text(language, "scams-links.check.usage");
        }

        var parts = new List<string>();
        var found = Findings(query, []);
        if (found.Count > 0)
        {
            parts.Add(string.Join('\n', found.Select(f => "- " + RiskLine(f, language))));
        }

        if (await report.DescribeCheckAsync(chainLookup, query, language, cancellationToken).ConfigureAwait(false) is { } onChain
            && (found.Count == 0 || LookupQuery.Parse(query).Kind is LookupQueryKind.Address or LookupQueryKind.Transaction))
        {
            parts.Add(onChain);
        }

        return parts.Count > 0 ? string.Join("\n\n", parts) : Text(language, "scams-links.check.usage");
    }

    /// <summary>The payload of the "not a scam" button for <paramref name="host"/>; null when it would not fit a button.</summary>
    public static string? NotScamPayload(string host)
    {
        var payload = NotScamPayloadPrefix + host;
        return System.Text.Encoding.UTF8.GetByteCount(payload) <= MaxPayloadBytes ? payload : null;
    }

    /// <summary>The domain of a "not a scam" button's payload.</summary>
    public static bool TryParseNotScamPayload(string? payload, out string host)
    {
        host = payload is not null && payload.StartsWith(NotScamPayloadPrefix, StringComparison.Ordinal) ? payload[NotScamPayloadPrefix.Length..] : "";
        return host.Length > 0;
    }

    /// <summary>The label of the "not a scam" button, in the log's language.</summary>
    public string NotScamButton(ScamCommunity community, string host) =>
        Fill(PolicyFor(community).LogLanguage, "scams-links.mark.button", new() { ["host"] = Display(host) });

    /// <summary>
    /// A moderator marks a flagged domain as not a scam: it joins the allowlist every instance uses, and links to it
    /// (and its subdomains) are no longer flagged. The channel checks that the one asking is a moderator.
    /// </summary>
    /// <param name="host">The domain, any form.</param>
    /// <param name="moderator">Who: "telegram:42".</param>
    /// <param name="community">Where the link was flagged, if known.</param>
    /// <param name="cancellationToken">Cancels the store's work.</param>
    public async Task<NotScamMarking> MarkNotScamAsync(string host, string moderator, ScamCommunity? community, CancellationToken cancellationToken)
    {
        if (LinkHost.Parse(host) is not { } parsed || !parsed.Unicode.Contains('.', StringComparison.Ordinal))
        {
            return NotScamMarking.NotAHost;
        }

        var added = await allowed.AddAsync(new AllowedDomain(parsed.Unicode, moderator, time.GetUtcNow(), community?.Key), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Domain {Host} marked as not a scam by {Moderator} ({Result})", parsed.Unicode, moderator, added ? "added" : "already allowed");
        return added ? NotScamMarking.Added : NotScamMarking.AlreadyAllowed;
    }

    /// <summary>What the moderators' log says after a marking, in the log's language.</summary>
    public string MarkedText(ScamCommunity? community, string host, string moderatorName, NotScamMarking result)
    {
        var language = community is null ? TextCatalog.DefaultLanguage : PolicyFor(community).LogLanguage;
        var key = result switch
        {
            NotScamMarking.Added => "scams-links.mark.done",
            NotScamMarking.AlreadyAllowed => "scams-links.mark.already",
            _ => "scams-links.mark.not-a-host",
        };
        return Fill(language, key, new() { ["host"] = Display(host), ["user"] = moderatorName });
    }

    private ScamDecision LinkDecision(ScamPolicy policy, ScamCommunity community, ScamMember author, string text, IReadOnlyList<ShownLink> shownLinks)
    {
        if (!policy.IsOn(ScamCheck.Links))
        {
            return ScamDecision.Nothing;
        }

        var found = Findings(text, shownLinks);
        var dangerous = found.Where(f => f.Verdict.IsDangerous).ToList();
        var shortened = found.Where(f => f.Verdict.Risk == LinkRisk.Shortened).ToList();
        if (dangerous.Count == 0 && shortened.Count == 0)
        {
            return ScamDecision.Nothing;
        }

        var judged = dangerous.Count > 0 ? dangerous : shortened;
        var worst = judged.MaxBy(f => f.Verdict.Risk)!;
        var finding = new ScamFinding(ScamCheck.Links, author.Label, community.Place, text)
        {
            Reason = string.Join("; ", judged.Select(f => RiskLine(f, policy.LogLanguage))),
            WarningTextKey = policy.LinkActions.HasFlag(ScamActions.Delete) ? "scams-links.group.warning" : "scams-links.group.warning-kept",
            KeptWarningTextKey = "scams-links.group.warning-kept",
            WarningValues = new Dictionary<string, string> { ["reason"] = RiskLine(worst, policy.Language) },
            LogOnly = dangerous.Count == 0,
            FlaggedHosts = [.. dangerous.Select(f => LinkHost.Parse(f.Host)?.Ascii).OfType<string>().Distinct(StringComparer.Ordinal)],
        };
        return ScamPolicyDecision.Decide(policy, finding, authorExempt: author.IsStaff || policy.IsExempt(author.UserId, author.RoleIds), content);
    }

    private List<LinkFinding> Findings(string text, IReadOnlyList<ShownLink> shownLinks)
    {
        var found = new List<LinkFinding>(links.Scan(text).Links);
        foreach (var shown in shownLinks.Take(LinkScanner.MaxLinks))
        {
            if (links.CheckLink(shown.Url, shown.DisplayedText) is { } finding && !found.Any(f => f.Host == finding.Host && f.Verdict.Risk == finding.Verdict.Risk))
            {
                found.Add(finding);
            }
        }

        return found;
    }

    private string RiskLine(LinkFinding finding, string language)
    {
        var key = finding.Verdict.Risk switch
        {
            LinkRisk.Allowlisted => "scams-links.risk.allowlisted",
            LinkRisk.NotListed => "scams-links.risk.not-listed",
            LinkRisk.Shortened => "scams-links.risk.shortened",
            LinkRisk.Disguised => "scams-links.risk.disguised",
            LinkRisk.Lookalike => "scams-links.risk.lookalike",
            LinkRisk.Homograph => "scams-links.risk.homograph",
            _ => finding.Verdict.ListName == LinkRules.ListName ? "scams-links.risk.blocklisted-ours" : "scams-links.risk.blocklisted",
        };
        var resembles = finding.Verdict.Risk == LinkRisk.Disguised ? finding.DisplayedHost : finding.Verdict.Resembles;
        return Fill(language, key, new() { ["host"] = Display(finding.Host), ["what"] = Display(resembles ?? "") });
    }

    // A scam domain in a public message must not become a link: inline code is never linkified, on either platform.
    private static string Display(string host) => host.Replace("`", "", StringComparison.Ordinal);

    private ScamDecision Logged(ScamCommunity community, ScamDecision decision)
    {
        if (decision.Actions != ScamActions.None)
        {
            // The reason, which may quote the message, goes to the moderators' log only; the application log names the domains.
            logger.LogInformation("Scam check in {Community}: {Actions}; flagged domains: {Hosts}", community.Key, decision.Actions,
                decision.FlaggedHosts.Count > 0 ? string.Join(", ", decision.FlaggedHosts) : "none");
            foreach (var action in new[] { ScamActions.Log, ScamActions.Warn, ScamActions.Delete, ScamActions.Restrict }.Where(a => decision.Actions.HasFlag(a)))
            {
                metrics?.ScamAction(community.Platform.ToLowerInvariant(), action.ToString().ToLowerInvariant());
            }
        }

        return decision;
    }

    private string Text(string language, string key) => content.Texts.Get(language, key);

    private string Fill(string language, string key, Dictionary<string, string> values) => ScamTexts.Fill(content, language, key, values);

    /// <summary>Texts the guard uses.</summary>
    public static readonly IReadOnlyList<string> TextKeys =
    [
        "scams-links.private.danger", "scams-links.private.shortened", "scams-links.check.usage", "scams-links.group.warning", "scams-links.group.warning-kept",
        "scams-links.mark.button", "scams-links.mark.done", "scams-links.mark.already", "scams-links.mark.not-a-host", "scams-links.mark.refused",
        "scams-links.risk.allowlisted", "scams-links.risk.not-listed", "scams-links.risk.shortened", "scams-links.risk.disguised",
        "scams-links.risk.lookalike", "scams-links.risk.homograph", "scams-links.risk.blocklisted", "scams-links.risk.blocklisted-ours",
    ];
}
