using SupportBot.Core.Intents;

namespace SupportBot.Core.Content;

/// <summary>The labelled examples of one intent, from <c>content/intents/&lt;intent&gt;.yaml</c>.</summary>
/// <param name="Id">The intent id (the file name).</param>
/// <param name="ByLanguage">Examples per language: <c>en</c>, <c>ru</c>, <c>ru-latn</c> (Russian in Latin letters).</param>
/// <param name="Source">Where the intent is defined, for error messages.</param>
public sealed record IntentExamples(string Id, IReadOnlyDictionary<string, IReadOnlyList<string>> ByLanguage, SourceRef Source)
{
    /// <summary>Where the intent leads: a scenario, optionally with the step to enter; null for an answer of its own.</summary>
    public StepAddress? Route { get; init; }

    /// <summary>
    /// Whether this intent, recognised in the middle of a scenario, takes over from the step the user is at. False for
    /// small talk ("ok", "hi", off-topic): mid-scenario that is more likely a reply the step did not understand.
    /// </summary>
    public bool Interrupts { get; init; } = true;

    /// <summary>Link ids (<c>content/links.yaml</c>) shown as buttons under the intent's own answer.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>
    /// The intent's own answer cannot be the end of it (a drained wallet): where the user's channel has tickets, the
    /// answer offers "Talk to the team". Scenarios mark their steps instead.
    /// </summary>
    public bool Handoff { get; init; }

    /// <summary>The languages every intent has examples in.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "ru", "ru-latn"];

    /// <summary>Every example, labelled with this intent.</summary>
    public IEnumerable<IntentExample> Labelled => ByLanguage.Values.SelectMany(list => list.Select(text => new IntentExample(Id, text)));
}
