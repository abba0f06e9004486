namespace SupportBot.Core.Content;

/// <summary>Words that route free text to a scenario, and where entities lead, from <c>content/triage.yaml</c>.</summary>
public sealed record TriageLexicon(
    IReadOnlyDictionary<string, IntentKeywords> Intents,
    IReadOnlyDictionary<string, StepAddress> Routes,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Commands);

/// <summary>
/// Keywords per language for one scenario. <c>word*</c> matches by prefix; several words form a phrase.
/// <see cref="Weight"/> lets words that name the user's problem outweigh words that only set the scene.
/// </summary>
public sealed record IntentKeywords(IReadOnlyDictionary<string, IReadOnlyList<string>> ByLanguage, double Weight = 1);

/// <summary>A step in a scenario, written <c>scenario/step</c> in content.</summary>
public sealed record StepAddress(string Scenario, string? Step, SourceRef Source)
{
    public override string ToString() => Step is null ? Scenario : $"{Scenario}/{Step}";
}
