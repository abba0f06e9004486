namespace SupportBot.Core.Content;

/// <summary>The CLDR plural categories that the bot's languages use for whole numbers.</summary>
public enum PluralCategory
{
    One,
    Few,
    Many,
    Other,
}

/// <summary>
/// Which plural form a whole number takes, per language (CLDR rules for integers). .NET has no plural API, and
/// "1 confirmations" or "5 подтверждения" is the kind of slip people notice, so the rule lives here, once.
/// </summary>
public static class PluralRules
{
    /// <summary>The categories a plural text must give in <paramref name="language"/>; null for a language without rules.</summary>
    public static IReadOnlyList<PluralCategory>? Required(string language) => language switch
    {
        "en" => [PluralCategory.One, PluralCategory.Other],
        "ru" => [PluralCategory.One, PluralCategory.Few, PluralCategory.Many],
        _ => null,
    };

    /// <summary>
    /// The category of <paramref name="n"/>: English 1 → one, else other; Russian 1, 21, 101 → one; 2–4, 22–24 → few;
    /// 0, 5–20, 25–30, 11–14, 111 → many. Other languages fall back to English.
    /// </summary>
    public static PluralCategory Category(string language, long n)
    {
        // The sign never changes the word: "-1 confirmation" is still singular.
        var abs = n == long.MinValue ? long.MaxValue : Math.Abs(n);
        if (language != "ru")
        {
            return abs == 1 ? PluralCategory.One : PluralCategory.Other;
        }

        var lastDigit = abs % 10;
        var lastTwo = abs % 100;
        return lastDigit == 1 && lastTwo != 11 ? PluralCategory.One
            : lastDigit is >= 2 and <= 4 && lastTwo is < 12 or > 14 ? PluralCategory.Few
            : PluralCategory.Many;
    }

    /// <summary>The name of a category as written in locale files: <c>one</c>, <c>few</c>, <c>many</c>, <c>other</c>.</summary>
    public static string Name(PluralCategory category) => category.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out PluralCategory category)
    {
        foreach (var candidate in Enum.GetValues<PluralCategory>())
        {
            if (Name(candidate) == name)
            {
                category = candidate;
                return true;
            }
        }

        category = default;
        return false;
    }
}
