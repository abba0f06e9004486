using System.Collections.Concurrent;
using SupportBot.Core.Content;
using SupportBot.Core.Messages;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Conversations;

/// <summary>
/// Reads a typed reply as a press of one of the buttons shown: the whole label; a short reply made of words of
/// exactly one label ("no", "not sure", "another network", "да"); or a reply that means yes, no or "not sure"
/// (<c>content/answers.yaml</c>: "nope", "хз", "da") where exactly one label says that answer. Labels are read into
/// words once and kept, since every typed turn compares against the buttons on screen.
/// </summary>
internal sealed class TypedAnswers(ContentCatalog content)
{
    private const int MaxAnswerWords = 4;

    // Labels come from content with a few slot values filled in, so there are few of them; the cap only guards memory.
    private const int MaxKeptLabels = 4096;

    private readonly ConcurrentDictionary<string, Label> labels = new(StringComparer.Ordinal);

    // Each reply with the label words of its answer ("nope" → "no", "нет").
    private readonly (Phrase Reply, Phrase[] SaidBy)[] replies =
        [.. content.Answers.Values.SelectMany(kind => kind.AllReplies.Select(reply => (new Phrase(reply), kind.LabelWords.Select(w => new Phrase(w)).ToArray())))];

    // Each reply with the answer it means ("nope" → no).
    private readonly (Phrase Reply, string Meaning)[] meanings =
        [.. content.Answers.Values.SelectMany(kind => kind.AllReplies.Select(reply => (new Phrase(reply), kind.Id)))];

    private readonly int longestReply = content.Answers.Values.SelectMany(k => k.AllReplies).Select(r => new Phrase(r).Length).DefaultIfEmpty(0).Max();

    private readonly (string Language, Phrase Name)[] languageNames =
        [.. content.Texts.Languages.Select(l => (l, new Phrase(content.Texts.Get(l, "common.language-name"))))];

    /// <summary>The language whose name the whole reply is ("English", "русский"), or null.</summary>
    public string? Language(List<Token> typed)
    {
        foreach (var (language, name) in languageNames)
        {
            if (name.Equals(typed))
            {
                return language;
            }
        }

        return null;
    }

    /// <summary>The button the reply stands for, or null when it fits none or several: then it is free text.</summary>
    public ChoiceButton? Button(IReadOnlyList<ChoiceButton> buttons, List<Token> typed)
    {
        if (typed.Count == 0)
        {
            return null;
        }

        foreach (var button in buttons)
        {
            if (LabelOf(button).Words.Equals(typed))
            {
                return button;
            }
        }

        // "sure" means yes, though it is also a word of "No, or I'm not sure": a known reply's meaning decides.
        return IsAnswer(typed) is { } saidBy ? SaidByOneLabel(buttons, saidBy) : PartOfOneLabel(buttons, typed);
    }

    /// <summary>The answer (<c>yes</c>, <c>no</c>, <c>unsure</c> of content/answers.yaml) the whole reply means, or null.</summary>
    public string? Meaning(List<Token> typed)
    {
        if (typed.Count == 0 || typed.Count > longestReply)
        {
            return null;
        }

        foreach (var (reply, meaning) in meanings)
        {
            if (reply.Equals(typed))
            {
                return meaning;
            }
        }

        return null;
    }

    /// <summary>The label words of the answer (yes, no, not sure) the whole reply means, or null.</summary>
    private Phrase[]? IsAnswer(List<Token> typed)
    {
        if (typed.Count <= longestReply)
        {
            foreach (var (reply, saidBy) in replies)
            {
                if (reply.Equals(typed))
                {
                    return saidBy;
                }
            }
        }

        return null;
    }

    /// <summary>The one button whose label says the answer with one of <paramref name="saidBy"/>; null when none or several do.</summary>
    private ChoiceButton? SaidByOneLabel(IReadOnlyList<ChoiceButton> buttons, Phrase[] saidBy)
    {
        ChoiceButton? saying = null;
        foreach (var button in buttons)
        {
            var label = LabelOf(button);
            if (Array.Exists(saidBy, words => words.OccursIn(label.Tokens)))
            {
                if (saying is not null)
                {
                    return null;
                }

                saying = button;
            }
        }

        return saying;
    }

    /// <summary>A short reply whose every word is in exactly one button's label.</summary>
    private ChoiceButton? PartOfOneLabel(IReadOnlyList<ChoiceButton> buttons, List<Token> typed)
    {
        if (typed.Count > MaxAnswerWords || typed.TrueForAll(t => !t.IsWord))
        {
            return null;
        }

        ChoiceButton? fitting = null;
        foreach (var button in buttons)
        {
            var label = LabelOf(button).Words;
            if (typed.TrueForAll(t => label.HasWordLike(t)))
            {
                if (fitting is not null)
                {
                    return null;
                }

                fitting = button;
            }
        }

        return fitting;
    }

    private Label LabelOf(ChoiceButton button) =>
        labels.TryGetValue(button.Label, out var label) ? label
        : labels.Count < MaxKeptLabels ? labels.GetOrAdd(button.Label, Label.Read)
        : Label.Read(button.Label);

    /// <summary>A button's label read as a phrase (to compare a reply with) and as tokens (to find words in).</summary>
    private sealed record Label(Phrase Words, List<Token> Tokens)
    {
        public static Label Read(string text) => new(new Phrase(text), TextNormalizer.Tokenize(text));
    }
}
