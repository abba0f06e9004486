namespace SupportBot.Core.Triage;

/// <summary>What one free-text message says, as far as routing and entities go. Never holds a detected secret.</summary>
public sealed record TriageResult
{
    /// <summary>Scenario id, or <see cref="NoScenario"/>.</summary>
    public required string Scenario { get; init; }

    /// <summary><c>en</c> or <c>ru</c>.</summary>
    public required string Language { get; init; }

    /// <summary>True when the text says enough to be sure of <see cref="Language"/> (a sentence, not one word).</summary>
    public bool LanguageConfident { get; init; }

    public ExtractedEntities Entities { get; init; } = ExtractedEntities.Empty;

    /// <summary>Network keys mentioned, in order of first mention.</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];

    /// <summary>
    /// Ambiguous names mentioned ("Binance Chain"), by id from triage.yaml: the bot asks which network is meant
    /// instead of reading one into it.
    /// </summary>
    public IReadOnlyList<string> AmbiguousNetworks { get; init; } = [];

    /// <summary>What secret, if any, the text contained; it has been cut out of <see cref="RedactedText"/>.</summary>
    public SecretKinds Secret { get; init; }

    /// <summary>The text with any secret removed: the only form of the text that may be stored or logged.</summary>
    public required string RedactedText { get; init; }

    public const string NoScenario = "none";
}
