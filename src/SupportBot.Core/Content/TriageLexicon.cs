namespace SupportBot.Core.Content;

/// <summary>Words that route free text to a scenario, and where entities lead, from <c>content/triage.yaml</c>.</summary>
public sealed record TriageLexicon(
    IReadOnlyDictionary<string, IntentKeywords> Intents,
    IReadOnlyDictionary<string, StepAddress> Routes,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Commands)
{
    /// <summary>Names that mean different networks to different people ("Binance Chain"): the bot asks which.</summary>
    public IReadOnlyDictionary<string, AmbiguousName> Ambiguous { get; init; } = new Dictionary<string, AmbiguousName>();

    /// <summary>Words that place a network name: the context names in context need ("on base", "eth network").</summary>
    public NetworkWords NetworkWords { get; init; } = NetworkWords.None;
}

/// <summary>
/// Words next to a network name, from <c>network-words:</c> in <c>content/triage.yaml</c>. <see cref="Before"/> and
/// <see cref="After"/> say "network" ("on", "в сети"; "network", "mainnet"), so any name next to them is one; after a
/// name, an after-word is part of it ("BSC mainnet" is one mention, not BSC and Ethereum). <see cref="Prepositions"/>
/// ("to", "на") make a network of an ordinary word ("to base"), but not of a coin ("swap to ETH").
/// </summary>
public sealed record NetworkWords(IReadOnlyList<string> Before, IReadOnlyList<string> After, IReadOnlyList<string> Prepositions)
{
    public static NetworkWords None { get; } = new([], [], []);
}

/// <summary>
/// A name the bot must not resolve by guessing. Its question is the text <c>ambiguous.{id}.question</c>, and each
/// network it may mean is a button labelled <c>ambiguous.{id}.{network}</c>.
/// </summary>
public sealed record AmbiguousName(string Id, IReadOnlyList<string> Words, IReadOnlyList<string> CaseSensitiveWords, IReadOnlyList<string> Means, SourceRef Source)
{
    public string QuestionKey => $"ambiguous.{Id}.question";

    public string LabelKey(string network) => $"ambiguous.{Id}.{network}";
}

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
