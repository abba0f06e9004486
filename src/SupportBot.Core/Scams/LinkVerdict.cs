namespace SupportBot.Core.Scams;

/// <summary>What a link is, from safest to most dangerous.</summary>
public enum LinkRisk
{
    /// <summary>An official domain (our allowlist or the list's): never flagged.</summary>
    Allowlisted,

    /// <summary>On no list and like no official domain: not known to be bad, not known to be good.</summary>
    NotListed,

    /// <summary>A link shortener: where it leads is unknown, and the bot does not follow it to find out.</summary>
    Shortened,

    /// <summary>The visible text (or the user-info part of the URL) names another domain than the one the link opens.</summary>
    Disguised,

    /// <summary>Within the list's edit distance of an official domain (<c>metarnask.io</c>).</summary>
    Lookalike,

    /// <summary>Unicode letters that read as an official domain (<c>metamásk.io</c>, <c>xn--…</c>).</summary>
    Homograph,

    /// <summary>On a blocklist (the domain or a parent of it).</summary>
    Blocklisted,
}

/// <summary>The verdict on one link.</summary>
/// <param name="Risk">What the link is.</param>
/// <param name="Reason">Why, in a short English sentence for logs and staff (users get texts from the locales).</param>
/// <param name="Resembles">For lookalikes and homographs: the official domain it imitates.</param>
/// <param name="ListName">The list that decided: <see cref="PhishingList.Name"/>.</param>
public sealed record LinkVerdict(LinkRisk Risk, string Reason, string? Resembles = null, string? ListName = null)
{
    /// <summary>Disguised, lookalike, homograph or blocklisted: warn the user not to open it.</summary>
    public bool IsDangerous => Risk >= LinkRisk.Disguised;
}

/// <summary>One link found in a message.</summary>
/// <param name="Url">The link as written (for a markdown link, its target).</param>
/// <param name="Host">The host it opens, lower-case, Unicode (punycode decoded); empty when none could be read.</param>
/// <param name="DisplayedHost">The domain the reader is shown instead (markdown text, user-info), when it differs.</param>
/// <param name="Start">Where the link starts in the scanned text.</param>
/// <param name="Length">How long it is there (for a markdown link, the whole <c>[text](url)</c>).</param>
/// <param name="Verdict">What the link is.</param>
public sealed record LinkFinding(string Url, string Host, string? DisplayedHost, int Start, int Length, LinkVerdict Verdict);

/// <summary>Every link in one message.</summary>
/// <param name="Links">In the order they appear.</param>
public sealed record LinkScanResult(IReadOnlyList<LinkFinding> Links)
{
    public static LinkScanResult Empty { get; } = new([]);

    /// <summary>At least one link the user should not open.</summary>
    public bool HasDanger => Links.Any(l => l.Verdict.IsDangerous);

    /// <summary>At least one link the bot could not judge because it is shortened.</summary>
    public bool HasShortened => Links.Any(l => l.Verdict.Risk == LinkRisk.Shortened);
}
