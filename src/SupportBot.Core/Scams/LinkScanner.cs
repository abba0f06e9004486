using System.Text.RegularExpressions;

namespace SupportBot.Core.Scams;

/// <summary>
/// Finds every link in a message and judges it against our rules and the phishing list, locally: no link is ever
/// fetched, and a shortened link is reported as unknown instead of being followed.
/// </summary>
/// <param name="lists">The downloaded (or shipped) eth-phishing-detect list.</param>
/// <param name="rules">Our own allow-, block- and fuzzylist and the shorteners, from <c>content/scams-links.yaml</c>.</param>
/// <param name="allowed">Domains moderators marked as not a scam; without it, none.</param>
public sealed partial class LinkScanner(PhishingListHolder lists, LinkRules rules, AllowedDomains? allowed = null)
{
    /// <summary>A message with more links than this is judged on its first ones only: scans stay cheap.</summary>
    public const int MaxLinks = 50;

    /// <summary>The <see cref="LinkVerdict.ListName"/> of domains moderators marked as not a scam.</summary>
    public const string ModeratorsListName = "moderators";

    /// <summary>Every link in the text: plain URLs with or without a scheme, and markdown links.</summary>
    /// <param name="text">A message as the user wrote it.</param>
    public LinkScanResult Scan(string text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains('.', StringComparison.Ordinal))
        {
            return LinkScanResult.Empty;
        }

        var findings = new List<LinkFinding>();
        var taken = new List<(int Start, int End)>();
        foreach (Match markdown in MarkdownLink().Matches(text))
        {
            taken.Add((markdown.Index, markdown.Index + markdown.Length));
            if (Judge(markdown.Groups["url"].Value, markdown.Groups["text"].Value, markdown.Index, markdown.Length) is { } finding)
            {
                findings.Add(finding);
            }
        }

        foreach (Match plain in PlainLink().Matches(text))
        {
            if (findings.Count >= MaxLinks)
            {
                break;
            }

            if (taken.Any(t => plain.Index < t.End && plain.Index + plain.Length > t.Start))
            {
                continue;
            }

            var url = TrimTrailingPunctuation(plain.Value);
            if (Judge(url, null, plain.Index, url.Length) is { } finding)
            {
                findings.Add(finding);
            }
        }

        findings.Sort((a, b) => a.Start.CompareTo(b.Start));
        return findings.Count == 0 ? LinkScanResult.Empty : new LinkScanResult(findings.Take(MaxLinks).ToArray());
    }

    /// <summary>
    /// One link whose visible text the channel gives apart from its target (a Telegram <c>text_link</c> entity, an HTML
    /// anchor, a Discord embed).
    /// </summary>
    /// <param name="url">Where the link leads.</param>
    /// <param name="displayedText">What the reader sees instead, when anything.</param>
    /// <returns>Null when the URL names no host.</returns>
    public LinkFinding? CheckLink(string url, string? displayedText = null) => Judge(url, displayedText, 0, url.Length);

    /// <summary>The verdict on a bare host (<c>/check metamask.io</c>).</summary>
    /// <param name="host">A host name, any case, Unicode or punycode.</param>
    public LinkVerdict CheckHost(string host) =>
        LinkHost.Parse(host) is { } parsed ? Check(parsed) : new LinkVerdict(LinkRisk.NotListed, "not a host name");

    /// <summary>The verdict on a normalised host: shortener, allowlist, blocklist, homograph, lookalike, in that order.</summary>
    /// <param name="host">The host in its three forms.</param>
    public LinkVerdict Check(LinkHost host)
    {
        var list = lists.Current;
        PhishingList[] all = [rules.Own, list];
        if (rules.IsShortener(host.Ascii))
        {
            return new LinkVerdict(LinkRisk.Shortened, $"{host.Unicode} is a link shortener: where it leads is unknown and was not followed", ListName: LinkRules.ListName);
        }

        // As in eth-phishing-detect, every allowlist comes before every blocklist; a moderator's word comes first.
        if (allowed?.Match(host) is { } marked)
        {
            return new LinkVerdict(LinkRisk.Allowlisted, $"{marked} was marked as not a scam by a moderator", ListName: ModeratorsListName);
        }

        foreach (var source in all)
        {
            if ((source.AllowlistMatch(host.Ascii) ?? source.AllowlistMatch(host.Unicode)) is { } allowed)
            {
                return new LinkVerdict(LinkRisk.Allowlisted, $"{allowed} is an official domain", ListName: source.Name);
            }
        }

        foreach (var source in all)
        {
            if ((source.BlocklistMatch(host.Ascii) ?? source.BlocklistMatch(host.Unicode) ?? source.BlocklistMatch(host.Skeleton)) is { } blocked)
            {
                return new LinkVerdict(LinkRisk.Blocklisted, $"{blocked} is a known phishing domain", ListName: source.Name);
            }
        }

        if (host.HasLookalikeLetters)
        {
            foreach (var source in all)
            {
                if ((source.AllowlistMatch(host.Skeleton) ?? source.FuzzyMatch(host.Skeleton)) is { } official)
                {
                    return new LinkVerdict(LinkRisk.Homograph, $"{host.Unicode} ({host.Ascii}) uses lookalike letters to read as {official}", official, source.Name);
                }
            }
        }

        foreach (var source in all)
        {
            if (source.FuzzyMatch(host.Unicode) is { } official)
            {
                return new LinkVerdict(LinkRisk.Lookalike, $"{host.Unicode} looks like {official}", official, source.Name);
            }

            if (EmbeddedOfficial(source, host.Skeleton) is { } embedded)
            {
                return new LinkVerdict(LinkRisk.Lookalike, $"{host.Unicode} carries the name {embedded} but is another domain", embedded, source.Name);
            }
        }

        return new LinkVerdict(LinkRisk.NotListed, $"{host.Unicode} is on no list");
    }

    // metamask.io.claim-drop.com, metamask-io.com, binance.com12189654758511.xyz: the official name inside another domain,
    // which the edit distance misses (the extra text is longer than the tolerance).
    private static string? EmbeddedOfficial(PhishingList source, string host)
    {
        foreach (var (official, asSuffix, hyphenated) in source.EmbeddedForms)
        {
            if (host == official || host.EndsWith(asSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            if (host.Contains(official, StringComparison.Ordinal) || host.Contains(hyphenated, StringComparison.Ordinal))
            {
                return official;
            }
        }

        return null;
    }

    private LinkFinding? Judge(string url, string? displayedText, int start, int length)
    {
        if (LinkHost.FromUrl(url, out var userInfo) is not { } host)
        {
            return null;
        }

        var verdict = Check(host);
        var displayed = DisplayedHost(displayedText, userInfo);
        if (displayed is not null && !SameSite(displayed, host))
        {
            if (!verdict.IsDangerous)
            {
                verdict = new LinkVerdict(LinkRisk.Disguised, $"the link shows {displayed.Unicode} but opens {host.Unicode}", displayed.Unicode);
            }

            return new LinkFinding(url, host.Unicode, displayed.Unicode, start, length, verdict);
        }

        return new LinkFinding(url, host.Unicode, null, start, length, verdict);
    }

    // The domain the reader is shown: the first one in the visible text, or user-info that reads as a domain
    // (https://metamask.io@evil.com opens evil.com).
    private static LinkHost? DisplayedHost(string? displayedText, string? userInfo)
    {
        if (!string.IsNullOrWhiteSpace(displayedText) && PlainLink().Match(displayedText) is { Success: true } shown)
        {
            return LinkHost.FromUrl(TrimTrailingPunctuation(shown.Value), out _);
        }

        if (userInfo is not null && userInfo.Split(':')[0] is { } name && name.Contains('.', StringComparison.Ordinal))
        {
            return LinkHost.Parse(name);
        }

        return null;
    }

    private static bool SameSite(LinkHost a, LinkHost b)
    {
        var x = StripWww(a.Unicode);
        var y = StripWww(b.Unicode);
        return x == y || x.EndsWith("." + y, StringComparison.Ordinal) || y.EndsWith("." + x, StringComparison.Ordinal);
    }

    private static string StripWww(string host) => host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;

    // Sentence punctuation after a link is not part of it; a closing bracket is, when the link opened one.
    private static string TrimTrailingPunctuation(string url)
    {
        var end = url.Length;
        while (end > 0)
        {
            var c = url[end - 1];
            if (c is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"' or '»' or '…' or ']' or '}'
                || (c == ')' && url.AsSpan(0, end).Count('(') < url.AsSpan(0, end).Count(')')))
            {
                end--;
                continue;
            }

            break;
        }

        return url[..end];
    }

    [GeneratedRegex("""\[(?<text>[^\]\r\n]{0,300})\]\(\s*<?(?<url>[^\s()<>]+(?:\([^\s()<>]*\)[^\s()<>]*)*)>?(?:\s+"[^"\r\n]*")?\s*\)""", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownLink();

    // With a scheme: up to the next space. Without one: labels of letters, digits and hyphens, then a TLD of letters
    // (or punycode), then an optional port and path; not inside a word, an e-mail's domain or a longer name.
    [GeneratedRegex("""(?<![\p{L}\p{N}\p{M}@._/-])(?:(?:https?|ftp)://[^\s<>"'`]+|(?:[\p{L}\p{N}\p{M}][\p{L}\p{N}\p{M}-]{0,62}[.。．｡])+(?:[\p{L}\p{M}]{2,63}|xn--[a-zA-Z0-9-]{1,59})(?![\p{L}\p{N}\p{M}-])(?::\d{1,5})?(?:[/?#\\][^\s<>"'`]*)?)""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PlainLink();
}
