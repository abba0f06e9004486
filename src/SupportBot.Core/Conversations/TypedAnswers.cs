using System.Collections.Concurrent;
using SupportBot.Core.Content;
using SupportBot.Core.Messages;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Conversations;

/// <summary>
/// Reads a typed reply as a press of one of the buttons shown: the whole label, or a short reply made of words of
/// exactly one label ("no", "not sure", "another network", "да"). Labels are read into words once and kept, since
/// every typed turn compares against the buttons on screen.
/// </summary>
internal sealed class TypedAnswers(ContentCatalog content)
{
    private const int MaxAnswerWords = 4;

    // Labels come from content with a few slot values filled in, so there are few of them; the cap only guards memory.
    private const int MaxKeptLabels = 4096;

    private readonly ConcurrentDictionary<string, Phrase> labels = new(StringComparer.Ordinal);

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
            if (Label(button.Label).Equals(typed))
            {
                return button;
            }
        }

        return PartOfOneLabel(buttons, typed);
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
            var label = Label(button.Label);
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

    private Phrase Label(string text) =>
        labels.TryGetValue(text, out var phrase) ? phrase
        : labels.Count < MaxKeptLabels ? labels.GetOrAdd(text, t => new Phrase(t))
        : new Phrase(text);
}
