namespace SupportBot.Core.Content;

/// <summary>The reply texts of every language, from <c>content/locales/{language}.yaml</c>.</summary>
public sealed class TextCatalog(IReadOnlyDictionary<string, IReadOnlyDictionary<string, TextEntry>> byLanguage)
{
    /// <summary>The language used when a text or a language is missing.</summary>
    public const string DefaultLanguage = "en";

    /// <summary>The bot's language for a platform locale: ru for any Russian locale, else the default.</summary>
    public static string LanguageFromLocale(string? locale) =>
        locale is not null && locale.StartsWith("ru", StringComparison.OrdinalIgnoreCase) ? "ru" : DefaultLanguage;

    /// <summary>Where the texts for counted placeholders live: <c>{confirmations}</c> is written with <c>count.confirmations</c>.</summary>
    public const string CountPrefix = "count.";

    /// <summary>The number in a plural form: <c>one: "{count} confirmation"</c>.</summary>
    public const string CountPlaceholder = "{count}";

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, TextEntry>> ByLanguage { get; } = byLanguage;

    public IEnumerable<string> Languages => ByLanguage.Keys;

    public bool Has(string language, string key) =>
        ByLanguage.TryGetValue(language, out var texts) && texts.ContainsKey(key);

    /// <summary>The text in <paramref name="language"/>, else in English, else the key itself (validation prevents that).</summary>
    public string Get(string language, string key) => Entry(language, key)?.Value ?? key;

    /// <summary>
    /// The form of a plural text for <paramref name="n"/> with the number filled in, chosen by the rules of the
    /// language the text was found in. Null when <paramref name="key"/> is not a plural text.
    /// </summary>
    public string? Plural(string language, string key, long n)
    {
        (string Language, TextEntry? Entry) found = ByLanguage.TryGetValue(language, out var texts) && texts.TryGetValue(key, out var entry) ? (language, entry)
            : ByLanguage.TryGetValue(DefaultLanguage, out var fallback) && fallback.TryGetValue(key, out entry) ? (DefaultLanguage, entry)
            : (language, null);
        if (found.Entry?.Forms is not { } forms)
        {
            return null;
        }

        var category = PluralRules.Category(found.Language, n);
        var text = forms.GetValueOrDefault(category) ?? forms.GetValueOrDefault(PluralCategory.Other) ?? found.Entry.Value;
        return text.Replace(CountPlaceholder, n.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private TextEntry? Entry(string language, string key) =>
        ByLanguage.TryGetValue(language, out var texts) && texts.TryGetValue(key, out var entry) ? entry
        : ByLanguage.TryGetValue(DefaultLanguage, out var fallback) && fallback.TryGetValue(key, out entry) ? entry
        : null;
}

/// <summary>
/// One text. A plural text has <see cref="Forms"/> (one/few/many/other); its <see cref="Value"/> is then its
/// general form, used where no number is known.
/// </summary>
public sealed record TextEntry(string Value, SourceRef Source)
{
    public IReadOnlyDictionary<PluralCategory, string>? Forms { get; init; }
}
