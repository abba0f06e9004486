using SupportBot.Core.Content;

namespace SupportBot.Core.Scams;

/// <summary>One fake-support pattern of <c>content/scams-people.yaml</c>, compiled: a sequence of word slots.</summary>
internal sealed class FakeSupportPattern
{
    /// <summary>How many other words <c>...</c> lets through.</summary>
    public const int MaxGap = 3;

    private FakeSupportPattern(string text, string kind, string language, SourceRef source, IReadOnlyList<Slot> slots)
    {
        Text = text;
        Kind = kind;
        Language = language;
        Source = source;
        Slots = slots;
    }

    public string Text { get; }

    public string Kind { get; }

    /// <summary>The language of the pattern (en, ru, ru-latn), or <c>not-if</c> for a pattern that clears a sentence of its kind.</summary>
    public string Language { get; }

    /// <summary>True for a <c>not-if</c> pattern: someone asking for help in words close to fake support's.</summary>
    public bool Clears => Language == ScamPeopleContent.NotIf;

    public SourceRef Source { get; }

    private IReadOnlyList<Slot> Slots { get; }

    internal enum SlotKind
    {
        Words,
        Gap,
        Handle,
        SupportHandle,
    }

    internal sealed record Alternative(string Folded, bool Prefix);

    internal sealed record Slot(SlotKind Kind, IReadOnlyList<Alternative> Words, bool Optional);

    public static FakeSupportPattern? Parse(string text, string kind, string language, SourceRef source, out string? error)
    {
        error = null;
        var slots = new List<Slot>();
        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (part)
            {
                case "...":
                    slots.Add(new Slot(SlotKind.Gap, [], false));
                    continue;
                case "@":
                    slots.Add(new Slot(SlotKind.Handle, [], false));
                    continue;
                case "@support":
                    slots.Add(new Slot(SlotKind.SupportHandle, [], false));
                    continue;
            }

            var optional = part.EndsWith('?');
            var alternatives = new List<Alternative>();
            foreach (var word in (optional ? part[..^1] : part).Split('|'))
            {
                var prefix = word.EndsWith('*');
                var bare = prefix ? word[..^1] : word;
                var folded = ImpersonationFolding.Words(bare);
                if (folded.Count != 1)
                {
                    error = $"'{word}' must be one word (letters or digits)";
                    return null;
                }

                alternatives.Add(new Alternative(folded[0].Folded, prefix));
            }

            slots.Add(new Slot(SlotKind.Words, alternatives, optional));
        }

        if (slots.Count(s => s.Kind != SlotKind.Gap && !s.Optional) < 2)
        {
            error = "needs at least two words that must be there";
            return null;
        }

        if (slots[0].Kind == SlotKind.Gap || slots[^1].Kind == SlotKind.Gap)
        {
            error = "'...' goes between words";
            return null;
        }

        return new FakeSupportPattern(text, kind, language, source, slots);
    }

    /// <summary>Where the pattern matches <paramref name="words"/>: the first and last word it covers.</summary>
    /// <param name="words">The message's folded words.</param>
    /// <param name="isOwnStaff">True for a handle of the community's own staff: pointing to them is no scam.</param>
    /// <param name="looksLikeSupport">True for a handle that borrows a protected word.</param>
    public (int First, int Last)? Match(IReadOnlyList<FoldedWord> words, Func<string, bool> isOwnStaff, Func<string, bool> looksLikeSupport)
    {
        for (var start = 0; start < words.Count; start++)
        {
            if (MatchFrom(0, start, words, isOwnStaff, looksLikeSupport) is { } end)
            {
                return (start, end - 1);
            }
        }

        return null;
    }

    // Returns the index after the last word matched, or null.
    private int? MatchFrom(int slot, int position, IReadOnlyList<FoldedWord> words, Func<string, bool> isOwnStaff, Func<string, bool> looksLikeSupport)
    {
        if (slot == Slots.Count)
        {
            return position;
        }

        var s = Slots[slot];
        if (s.Kind == SlotKind.Gap)
        {
            for (var skip = 0; skip <= MaxGap && position + skip <= words.Count; skip++)
            {
                if (MatchFrom(slot + 1, position + skip, words, isOwnStaff, looksLikeSupport) is { } end)
                {
                    return end;
                }
            }

            return null;
        }

        if (position < words.Count && Fits(s, words[position], isOwnStaff, looksLikeSupport)
            && MatchFrom(slot + 1, position + 1, words, isOwnStaff, looksLikeSupport) is { } matched)
        {
            return matched;
        }

        return s.Optional ? MatchFrom(slot + 1, position, words, isOwnStaff, looksLikeSupport) : null;
    }

    private static bool Fits(Slot slot, FoldedWord word, Func<string, bool> isOwnStaff, Func<string, bool> looksLikeSupport) => slot.Kind switch
    {
        SlotKind.Handle => word.IsHandle && !isOwnStaff(word.Original),
        SlotKind.SupportHandle => word.IsHandle && !isOwnStaff(word.Original) && looksLikeSupport(word.Original),
        _ => !word.IsHandle && slot.Words.Any(a => a.Prefix
            ? word.Folded.StartsWith(a.Folded, StringComparison.Ordinal)
            : ImpersonationFolding.Resembles(word.Folded, a.Folded, out _, ImpersonationFolding.PatternTolerance(a.Folded.Length))),
    };
}
