using SupportBot.Core.Intents;

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

    /// <summary>The likeliest intent (see <c>content/intents/</c>), or <see cref="NoIntent"/> when no model is loaded.</summary>
    public string Intent { get; init; } = NoIntent;

    /// <summary>How sure the model is of <see cref="Intent"/>, 0–1.</summary>
    public float Confidence { get; init; }

    /// <summary>The next likeliest intents with their confidence, best first (at most a few).</summary>
    public IReadOnlyList<IntentScore> Alternatives { get; init; } = [];

    /// <summary>
    /// True when the best intent is not clearly ahead: the bot asks which one it is instead of routing on a guess.
    /// </summary>
    public bool Clarify { get; init; }

    /// <summary>The text with any secret removed: the only form of the text that may be stored or logged.</summary>
    public required string RedactedText { get; init; }

    public const string NoScenario = "none";

    public const string NoIntent = "none";
}
