namespace SupportBot.Core.Scams;

/// <summary>Whose name a community protects: its staff (admins, moderators) or the bot itself.</summary>
public enum ProtectedNameKind
{
    /// <summary>An admin's or moderator's display name or username.</summary>
    Staff,

    /// <summary>The bot's own display name or username.</summary>
    Bot,
}

/// <summary>A name an impersonator may copy: a staff member's or the bot's display name or username.</summary>
/// <param name="Name">The name as shown (a username without its <c>@</c> is fine).</param>
/// <param name="Kind">Whose name it is.</param>
public sealed record ProtectedName(string Name, ProtectedNameKind Kind);

/// <summary>How sure a name match is.</summary>
public enum ImpersonationSeverity
{
    /// <summary>A brand or a title among ordinary words ("Binance fan"): worth a look in the moderators' log, no action.</summary>
    Low,

    /// <summary>A copy of staff's or the bot's name, or a name made of brands and titles ("MetaMask Support"): the community's actions apply.</summary>
    High,
}

/// <summary>What a suspicious name resembles.</summary>
public enum ImpersonationKind
{
    /// <summary>A staff member's name (<see cref="ProtectedNameKind.Staff"/>), give or take disguise and titles.</summary>
    StaffName,

    /// <summary>The bot's own name.</summary>
    BotName,

    /// <summary>A brand next to a title: "Binance Support", "MetaMask_Admin".</summary>
    BrandWithTitle,

    /// <summary>Nothing but brands, titles and decoration: "Support", "MetaMask Official", "Admin Team".</summary>
    ProtectedWordsOnly,

    /// <summary>A brand or a title among ordinary words: "Binance fan", "Alex admin of cats".</summary>
    ProtectedWordAmongOthers,
}

/// <summary>Which of a member's names matched.</summary>
public enum NameField
{
    /// <summary>The name shown in the chat (Telegram first/last name, Discord global or server nickname).</summary>
    DisplayName,

    /// <summary>The @username.</summary>
    Username,
}

/// <summary>Why a member's name looks like an impersonator's.</summary>
/// <param name="Severity">How sure the match is.</param>
/// <param name="Kind">What the name resembles.</param>
/// <param name="Field">Which of the member's names matched.</param>
/// <param name="Name">That name as written.</param>
/// <param name="Resembles">The protected name or word(s) it resembles, as configured (words joined by " + ").</param>
/// <param name="Edits">Letters changed against the protected name or word, after folding (0: the same once folded).</param>
/// <param name="Disguised">True when look-alike letters, leetspeak or invisible characters had to be folded to see it.</param>
public sealed record ImpersonationMatch(ImpersonationSeverity Severity, ImpersonationKind Kind, NameField Field, string Name, string Resembles, int Edits, bool Disguised)
{
    /// <summary>The reason in English, for application logs and tests; moderators read <see cref="ImpersonationCheck.Reason"/>.</summary>
    public string Describe() =>
        $"{(Field == NameField.Username ? "username" : "display name")} '{Name}' {Kind switch
        {
            ImpersonationKind.StaffName => "resembles staff member",
            ImpersonationKind.BotName => "resembles the bot",
            ImpersonationKind.BrandWithTitle => "combines a brand with a title:",
            ImpersonationKind.ProtectedWordsOnly => "is made of protected words only:",
            _ => "contains",
        }} '{Resembles}'{(Disguised ? " (disguised with look-alike characters)" : "")}{(Edits > 0 ? $" ({Edits} letter(s) off)" : "")}, severity {Severity}";
}

/// <summary>
/// Finds members whose display name or username resembles the community's staff, the bot, or the protected words of
/// <c>content/scams-people.yaml</c> (brands and titles), seen through <see cref="ImpersonationFolding"/>.
/// The channel passes staff's own ids as exempt: this check only reads names.
/// </summary>
public sealed class ImpersonationCheck
{
    /// <summary>Texts used by <see cref="Reason"/>.</summary>
    public static readonly IReadOnlyList<string> TextKeys =
    [
        "scams-people.reason.staff-name", "scams-people.reason.bot-name", "scams-people.reason.brand-with-title",
        "scams-people.reason.protected-words-only", "scams-people.reason.protected-word", "scams-people.reason.disguised",
    ];

    /// <summary>Staff names shorter than this (folded) must be copied exactly, whole: "Jo" is too common to match inside names.</summary>
    private const int MinFuzzyStaffName = 4;

    private readonly List<(string Folded, string Word, WordClass Class)> words = [];

    private enum WordClass
    {
        Other,
        Digits,
        Glue,
        Staff,
        Brand,
    }

    /// <summary>A check over the protected words of the content.</summary>
    public ImpersonationCheck(ScamPeopleContent content)
    {
        foreach (var (list, kind) in new[] { (content.Brands, WordClass.Brand), (content.StaffWords, WordClass.Staff), (content.Glue, WordClass.Glue) })
        {
            foreach (var word in list)
            {
                words.Add((ImpersonationFolding.Squashed(word), word, kind));
            }
        }
    }

    /// <summary>
    /// The strongest reason the member's names look like an impersonator's, or null for an ordinary name.
    /// </summary>
    /// <param name="displayName">The member's display name, if any.</param>
    /// <param name="username">The member's username, if any (with or without <c>@</c>).</param>
    /// <param name="protectedNames">The community's staff names and the bot's names.</param>
    public ImpersonationMatch? Check(string? displayName, string? username, IEnumerable<ProtectedName> protectedNames)
    {
        var names = protectedNames.Select(p => (p, Folded: ImpersonationFolding.Squashed(p.Name))).Where(p => p.Folded.Length > 0).ToList();
        ImpersonationMatch? best = null;
        foreach (var (field, name) in new[] { (NameField.DisplayName, displayName), (NameField.Username, username?.TrimStart('@')) })
        {
            if (string.IsNullOrWhiteSpace(name) || CheckName(field, name, names) is not { } match)
            {
                continue;
            }

            if (best is null || Rank(match) > Rank(best))
            {
                best = match;
            }
        }

        return best;

        static int Rank(ImpersonationMatch m) => (m.Severity == ImpersonationSeverity.High ? 10 : 0) + (m.Kind is ImpersonationKind.StaffName or ImpersonationKind.BotName ? 1 : 0);
    }

    /// <summary>True when a handle or name borrows a brand or a title (any severity): "@metamask_help", "binance_support_desk".</summary>
    public bool LooksLikeSupport(string name) => CheckName(NameField.Username, name.TrimStart('@'), []) is not null;

    /// <summary>The reason for the moderators' log, in <paramref name="language"/>.</summary>
    public static string Reason(Content.ContentCatalog content, string language, ImpersonationMatch match)
    {
        var key = match.Kind switch
        {
            ImpersonationKind.StaffName => "scams-people.reason.staff-name",
            ImpersonationKind.BotName => "scams-people.reason.bot-name",
            ImpersonationKind.BrandWithTitle => "scams-people.reason.brand-with-title",
            ImpersonationKind.ProtectedWordsOnly => "scams-people.reason.protected-words-only",
            _ => "scams-people.reason.protected-word",
        };
        var values = new Dictionary<string, string> { ["what"] = match.Name, ["staff"] = match.Resembles };
        var reason = ScamTexts.Fill(content, language, key, values);
        return match.Disguised ? $"{reason} — {content.Texts.Get(language, "scams-people.reason.disguised")}" : reason;
    }

    private ImpersonationMatch? CheckName(NameField field, string name, List<(ProtectedName Name, string Folded)> protectedNames)
    {
        var folded = ImpersonationFolding.Words(name, joinSpelledOut: true);
        if (folded.Count == 0)
        {
            return null;
        }

        var disguised = folded.Any(w => w.Disguised);
        var classes = Classify(folded, out var found);
        var squashed = string.Concat(folded.Select(w => w.Folded));
        // The name without its titles, decoration and numbers: "Alice_Admin_2" copies "Alice".
        var remainder = string.Concat(folded.Where((_, i) => classes[i] == WordClass.Other).Select(w => w.Folded));
        foreach (var (protectedName, target) in protectedNames)
        {
            var kind = protectedName.Kind == ProtectedNameKind.Bot ? ImpersonationKind.BotName : ImpersonationKind.StaffName;
            if (squashed == target)
            {
                return new ImpersonationMatch(ImpersonationSeverity.High, kind, field, name, protectedName.Name, 0, disguised);
            }

            if (target.Length < MinFuzzyStaffName)
            {
                continue;
            }

            foreach (var candidate in new[] { squashed, remainder }.Where(c => c.Length > 0).Distinct())
            {
                if (ImpersonationFolding.Resembles(candidate, target, out var edits))
                {
                    return new ImpersonationMatch(ImpersonationSeverity.High, kind, field, name, protectedName.Name, edits, disguised);
                }
            }
        }

        var brands = found.Where(f => f.Class == WordClass.Brand).ToList();
        var titles = found.Where(f => f.Class == WordClass.Staff).ToList();
        if (brands.Count + titles.Count == 0)
        {
            return null;
        }

        var resembles = string.Join(" + ", brands.Concat(titles).Select(f => f.Word).Distinct(StringComparer.Ordinal));
        var edited = found.Max(f => f.Edits);
        var (severity, how) = brands.Count > 0 && titles.Count > 0 ? (ImpersonationSeverity.High, ImpersonationKind.BrandWithTitle)
            : classes.All(c => c != WordClass.Other) ? (ImpersonationSeverity.High, ImpersonationKind.ProtectedWordsOnly)
            : (ImpersonationSeverity.Low, ImpersonationKind.ProtectedWordAmongOthers);
        return new ImpersonationMatch(severity, how, field, name, resembles, edited, disguised);
    }

    /// <summary>
    /// The class of each word: a protected word may be one word, several run together ("metamasksupport"), or split
    /// over neighbours ("Meta Mask", "help desk").
    /// </summary>
    private WordClass[] Classify(List<FoldedWord> folded, out List<(string Word, WordClass Class, int Edits)> found)
    {
        var classes = new WordClass[folded.Count];
        found = [];
        for (var i = 0; i < folded.Count;)
        {
            var matched = false;
            for (var span = Math.Min(3, folded.Count - i); span >= 1 && !matched; span--)
            {
                var joined = string.Concat(folded.Skip(i).Take(span).Select(w => w.Folded));
                foreach (var (target, word, kind) in words.OrderByDescending(w => w.Class))
                {
                    if (ImpersonationFolding.Resembles(joined, target, out var edits))
                    {
                        Array.Fill(classes, kind, i, span);
                        found.Add((word, kind, edits));
                        i += span;
                        matched = true;
                        break;
                    }
                }
            }

            if (matched)
            {
                continue;
            }

            if (folded[i].Folded.All(char.IsDigit))
            {
                classes[i++] = WordClass.Digits;
            }
            else if (Segment(folded[i].Folded) is { } pieces)
            {
                classes[i++] = pieces.Max(p => p.Class);
                found.AddRange(pieces.Where(p => p.Class != WordClass.Digits).Select(p => (p.Word, p.Class, 0)));
            }
            else
            {
                classes[i++] = WordClass.Other;
            }
        }

        return classes;
    }

    /// <summary>
    /// Splits a word run together from protected words and numbers ("metamasksupport", "binancehelp24"), or null when
    /// anything else is left: "supporter" is not "support" + "er".
    /// </summary>
    private List<(string Word, WordClass Class)>? Segment(string word)
    {
        var best = new List<(string Word, WordClass Class)>?[word.Length + 1];
        best[0] = [];
        for (var i = 0; i < word.Length; i++)
        {
            if (best[i] is not { } before)
            {
                continue;
            }

            var digits = i;
            while (digits < word.Length && char.IsDigit(word[digits]))
            {
                digits++;
            }

            if (digits > i && best[digits] is null)
            {
                best[digits] = [.. before, ("", WordClass.Digits)];
            }

            foreach (var (target, protectedWord, kind) in words)
            {
                if (target.Length >= 2 && word.AsSpan(i).StartsWith(target, StringComparison.Ordinal) && best[i + target.Length] is null)
                {
                    best[i + target.Length] = [.. before, (protectedWord, kind)];
                }
            }
        }

        return best[word.Length] is { } pieces && pieces.Any(p => p.Class is WordClass.Brand or WordClass.Staff) ? pieces : null;
    }
}
