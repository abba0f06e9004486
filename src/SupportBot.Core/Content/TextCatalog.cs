namespace SupportBot.Core.Content;

/// <summary>The reply texts of every language, from <c>content/locales/{language}.yaml</c>.</summary>
public sealed class TextCatalog(IReadOnlyDictionary<string, IReadOnlyDictionary<string, TextEntry>> byLanguage)
{
    /// <summary>The language used when a text or a language is missing.</summary>
    public const string DefaultLanguage = "en";

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, TextEntry>> ByLanguage { get; } = byLanguage;

    public IEnumerable<string> Languages => ByLanguage.Keys;

    public bool Has(string language, string key) =>
        ByLanguage.TryGetValue(language, out var texts) && texts.ContainsKey(key);

    /// <summary>The text in <paramref name="language"/>, else in English, else the key itself (validation prevents that).</summary>
    public string Get(string language, string key) =>
        ByLanguage.TryGetValue(language, out var texts) && texts.TryGetValue(key, out var entry) ? entry.Value
        : ByLanguage.TryGetValue(DefaultLanguage, out var fallback) && fallback.TryGetValue(key, out entry) ? entry.Value
        : key;
}

public sealed record TextEntry(string Value, SourceRef Source);
