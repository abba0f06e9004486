namespace SupportBot.Core.Content;

/// <summary>Everything under <c>content/</c>, loaded and validated: scenarios, texts, networks, links and triage words.</summary>
public sealed class ContentCatalog(
    IReadOnlyDictionary<string, ScenarioDefinition> scenarios,
    TextCatalog texts,
    IReadOnlyDictionary<string, NetworkDefinition> networks,
    IReadOnlyDictionary<string, LinkDefinition> links,
    TriageLexicon lexicon)
{
    /// <summary>The scenario every conversation starts in and returns to.</summary>
    public const string MenuScenario = "menu";

    public IReadOnlyDictionary<string, ScenarioDefinition> Scenarios { get; } = scenarios;

    public TextCatalog Texts { get; } = texts;

    public IReadOnlyDictionary<string, NetworkDefinition> Networks { get; } = networks;

    public IReadOnlyDictionary<string, LinkDefinition> Links { get; } = links;

    public TriageLexicon Lexicon { get; } = lexicon;

    /// <summary>Labelled examples per intent, from <c>content/intents/</c>: what the intent model learns from.</summary>
    public IReadOnlyDictionary<string, IntentExamples> Intents { get; init; } = new Dictionary<string, IntentExamples>();

    /// <summary>The replies that mean yes, no or "not sure", by kind, from <c>content/answers.yaml</c>.</summary>
    public IReadOnlyDictionary<string, AnswerKind> Answers { get; init; } = new Dictionary<string, AnswerKind>();

    /// <summary>The words impersonators borrow and the wording of fake support, from <c>content/scams-people.yaml</c>.</summary>
    public Scams.ScamPeopleContent ScamPeople { get; init; } = Scams.ScamPeopleContent.Empty;

    public ScenarioDefinition Menu => Scenarios[MenuScenario];

    /// <summary>Every error in a content tree; empty when it is valid.</summary>
    public static IReadOnlyList<ContentError> Validate(string root) => ContentLoader.LoadAndValidate(root).Errors;

    /// <summary>Loads and validates a content tree.</summary>
    /// <exception cref="ContentValidationException">The content has errors.</exception>
    public static ContentCatalog Load(string root)
    {
        var (catalog, errors) = ContentLoader.LoadAndValidate(root);
        return errors.Count == 0 && catalog is not null ? catalog : throw new ContentValidationException(errors);
    }
}
