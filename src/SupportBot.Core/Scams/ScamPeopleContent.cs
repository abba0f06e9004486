using SupportBot.Core.Content;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Core.Scams;

/// <summary>
/// <c>content/scams-people.yaml</c>: the words an impersonator's name borrows and the wording of fake support
/// (see the file's header for the pattern syntax).
/// </summary>
public sealed class ScamPeopleContent
{
    /// <summary>The kinds of fake-support wording; each has its reason text <c>scams-people.reason.{kind}</c>.</summary>
    public static readonly IReadOnlyList<string> FakeSupportKinds = ["private-contact", "contact-handle", "wallet-fix"];

    /// <summary>The languages a fake-support kind lists patterns in.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "ru", "ru-latn"];

    /// <summary>Nothing protected and no patterns: for a catalog built without the file.</summary>
    public static ScamPeopleContent Empty { get; } = new([], [], [], []);

    internal ScamPeopleContent(IReadOnlyList<string> brands, IReadOnlyList<string> staffWords, IReadOnlyList<string> glue,
        IReadOnlyList<FakeSupportPattern> patterns)
    {
        Brands = brands;
        StaffWords = staffWords;
        Glue = glue;
        Patterns = patterns;
    }

    /// <summary>Product names an impersonator borrows: MetaMask, Binance…</summary>
    public IReadOnlyList<string> Brands { get; }

    /// <summary>Titles that claim authority: support, admin, поддержка…</summary>
    public IReadOnlyList<string> StaffWords { get; }

    /// <summary>Words that only decorate a brand or a title: official, team…</summary>
    public IReadOnlyList<string> Glue { get; }

    internal IReadOnlyList<FakeSupportPattern> Patterns { get; }

    /// <summary>The texts the scam checks use, all required in every locale.</summary>
    public static IEnumerable<string> TextKeys =>
        ImpersonationCheck.TextKeys.Concat(FakeSupportDetector.TextKeys).Concat(ScamPolicyDecision.TextKeys).Concat(ScamGuard.TextKeys).Distinct(StringComparer.Ordinal);

    private const string File = "scams-people.yaml";

    /// <summary>Patterns of a kind that, found in the same sentence, mean it is someone asking, not fake support.</summary>
    internal const string NotIf = "not-if";

    internal static ScamPeopleContent Load(string root, List<ContentError> errors)
    {
        var r = new YamlReader($"content/{File}", errors);
        var path = Path.Combine(root, File);
        if (!System.IO.File.Exists(path))
        {
            errors.Add(new ContentError(r.DisplayPath, 0, "file not found"));
            return Empty;
        }

        if (YamlReader.Open(path, r.DisplayPath, errors) is not { } map)
        {
            return Empty;
        }

        r.OnlyKeys(map, "protected-words", "fake-support");
        IReadOnlyList<string> brands = [], staff = [], glue = [];
        if (r.Mapping(r.Node(map, "protected-words"), "'protected-words'") is { } words)
        {
            r.OnlyKeys(words, "brands", "staff", "glue");
            (brands, staff, glue) = (r.Strings(words, "brands"), r.Strings(words, "staff"), r.Strings(words, "glue"));
            foreach (var (key, list) in new[] { ("brands", brands), ("staff", staff) })
            {
                if (list.Count == 0)
                {
                    r.Error(words, $"'protected-words' needs '{key}'");
                }
            }

            foreach (var word in brands.Concat(staff).Concat(glue).Where(w => ImpersonationFolding.Squashed(w).Length < 2))
            {
                r.Error(words, $"protected word '{word}' is too short to compare");
            }
        }
        else
        {
            r.Error(map, "missing 'protected-words'");
        }

        var patterns = new List<FakeSupportPattern>();
        if (r.Mapping(r.Node(map, "fake-support"), "'fake-support'") is { } kinds)
        {
            r.OnlyKeys(kinds, [.. FakeSupportKinds]);
            foreach (var kind in FakeSupportKinds)
            {
                if (r.Mapping(r.Node(kinds, kind), $"'{kind}'") is not { } languages)
                {
                    r.Error(kinds, $"fake-support kind '{kind}' is missing");
                    continue;
                }

                r.OnlyKeys(languages, [.. Languages, NotIf]);
                foreach (var language in Languages.Append(NotIf))
                {
                    var node = r.Node(languages, language);
                    var texts = r.Strings(languages, language);
                    if (texts.Count == 0 && language is not ("ru-latn" or NotIf))
                    {
                        r.Error(languages, $"fake-support kind '{kind}' has no '{language}' patterns");
                    }

                    var items = node is YamlSequenceNode sequence ? sequence.Children : [];
                    for (var i = 0; i < texts.Count; i++)
                    {
                        var at = i < items.Count ? r.At(items[i]) : r.At(languages);
                        if (FakeSupportPattern.Parse(texts[i], kind, language, at, out var error) is { } pattern)
                        {
                            patterns.Add(pattern);
                        }
                        else
                        {
                            errors.Add(new ContentError(at.File, at.Line, $"fake-support pattern '{texts[i]}': {error}"));
                        }
                    }
                }
            }
        }
        else
        {
            r.Error(map, "missing 'fake-support'");
        }

        return new ScamPeopleContent(brands, staff, glue, patterns);
    }

    /// <summary>Every text the checks use must be in the default locale (the text validator then asks it of every locale).</summary>
    internal static void ValidateTexts(ContentCatalog content, List<ContentError> errors)
    {
        foreach (var key in TextKeys.Where(k => !content.Texts.Has(TextCatalog.DefaultLanguage, k)))
        {
            errors.Add(new ContentError($"content/locales/{TextCatalog.DefaultLanguage}.yaml", 0, $"text '{key}' is required by the scam checks but missing"));
        }
    }
}
