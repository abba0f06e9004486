namespace SupportBot.Core.Content;

/// <summary>
/// One kind of short answer (yes, no, not sure) from <c>content/answers.yaml</c>: the words a button's label says it
/// with (<see cref="LabelWords"/>: "yes", "не знаю"), and the replies people type for it, per language.
/// </summary>
public sealed record AnswerKind(string Id, IReadOnlyList<string> LabelWords, IReadOnlyDictionary<string, IReadOnlyList<string>> Replies, SourceRef Source)
{
    /// <summary>The kinds <c>content/answers.yaml</c> may define.</summary>
    public static readonly IReadOnlyList<string> Ids = ["yes", "no", "unsure"];

    /// <summary>Languages a kind lists replies in; Russian typed in Latin letters mostly needs none of its own.</summary>
    public static readonly IReadOnlyList<string> Languages = IntentExamples.Languages;

    /// <summary>Languages every kind must list replies in.</summary>
    public static readonly IReadOnlyList<string> RequiredLanguages = ["en", "ru"];

    /// <summary>Every reply of this kind, label words first.</summary>
    public IEnumerable<string> AllReplies => LabelWords.Concat(Languages.SelectMany(l => Replies.GetValueOrDefault(l) ?? []));
}
