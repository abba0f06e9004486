namespace SupportBot.Core.Triage;

/// <summary>
/// A keyword or phrase from content, ready to match against tokens. Written as in content: words separated by
/// spaces; a trailing <c>*</c> on a word matches any ending ("вывод*" matches "выводе"); a phrase counts once.
/// Words are matched give or take a typo (<see cref="FuzzyMatch"/>) unless the phrase is case-sensitive or exact.
/// </summary>
internal sealed class Phrase
{
    private readonly string[] words;
    private readonly bool[] prefix;
    private readonly ulong[] letters;
    private readonly bool caseSensitive;
    private readonly bool exact;

    public Phrase(string text, bool caseSensitive = false, bool exact = false)
    {
        Text = text;
        this.caseSensitive = caseSensitive;
        this.exact = exact;
        var parsedWords = new List<string>();
        var parsedPrefix = new List<bool>();
        foreach (var raw in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // "binance.us" and "don't" split the same way the user's text does.
            var parts = TextNormalizer.Tokenize(raw.TrimEnd('*'));
            for (var i = 0; i < parts.Count; i++)
            {
                parsedWords.Add(caseSensitive ? parts[i].Original : parts[i].Normalized);
                parsedPrefix.Add(i == parts.Count - 1 && raw.EndsWith('*'));
            }
        }

        words = [.. parsedWords];
        prefix = [.. parsedPrefix];
        letters = [.. words.Select(LetterSet.Of)];
    }

    public string Text { get; }

    /// <summary>The phrase's words as they are compared: normalised (or as written, when case-sensitive).</summary>
    public IReadOnlyList<string> Words => words;

    public int Length => words.Length;

    public bool IsEmpty => words.Length == 0;

    /// <summary>
    /// The one token text the first word matches, when it matches no other (no typo tolerance, no stem): the
    /// normalised word, or the word as written for a case-sensitive phrase. Null when it matches a family of words.
    /// </summary>
    public string? ExactFirstWord =>
        words.Length == 0 || prefix[0] ? null
        : caseSensitive || exact || FuzzyMatch.Tolerance(words[0].Length) == 0 ? words[0]
        : null;

    /// <summary>
    /// False when the first word cannot match <paramref name="token"/>: its length is off by more than the typos allowed,
    /// or more of its letters are missing from the token. A few instructions, checked before <see cref="MatchesAt"/>.
    /// </summary>
    public bool FirstWordMayMatch(in Token token)
    {
        if (caseSensitive || words.Length == 0)
        {
            return true;
        }

        var (word, length) = (words[0], token.Normalized.Length);
        var tolerance = exact ? 0 : prefix[0] ? Math.Min(1, FuzzyMatch.Tolerance(word.Length)) : FuzzyMatch.Tolerance(word.Length);
        return (prefix[0] ? length >= word.Length - tolerance : Math.Abs(length - word.Length) <= tolerance)
               && LetterSet.Missing(letters[0], token.Letters) <= tolerance;
    }

    /// <summary>True when <see cref="ExactFirstWord"/> is compared with a token as typed rather than normalised.</summary>
    public bool IsCaseSensitive => caseSensitive;

    /// <summary>True when the phrase occurs anywhere in <paramref name="tokens"/>.</summary>
    public bool OccursIn(IReadOnlyList<Token> tokens) => IndexIn(tokens) >= 0;

    /// <summary>Where the phrase first occurs in <paramref name="tokens"/> at or after <paramref name="from"/>, or -1.</summary>
    public int IndexIn(IReadOnlyList<Token> tokens, int from = 0)
    {
        for (var start = Math.Max(from, 0); start + words.Length <= tokens.Count; start++)
        {
            if (MatchesAt(tokens, start))
            {
                return start;
            }
        }

        return -1;
    }

    /// <summary>True when one of the phrase's words is <paramref name="token"/> give or take a typo (stems and case aside).</summary>
    public bool HasWordLike(in Token token)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (FuzzyMatch.Matches(token, words[i], letters[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the tokens are exactly this phrase.</summary>
    public bool Equals(IReadOnlyList<Token> tokens) => tokens.Count == words.Length && MatchesAt(tokens, 0);

    /// <summary>True when the phrase occurs in <paramref name="tokens"/> starting at <paramref name="start"/>.</summary>
    public bool MatchesAt(IReadOnlyList<Token> tokens, int start)
    {
        if (start < 0 || start + words.Length > tokens.Count)
        {
            return false;
        }

        for (var i = 0; i < words.Length; i++)
        {
            var token = tokens[start + i];
            var ok = caseSensitive ? token.Original == words[i]
                : exact ? (prefix[i] ? token.Normalized.StartsWith(words[i], StringComparison.Ordinal) : token.Normalized == words[i])
                : prefix[i] ? FuzzyMatch.MatchesPrefix(token, words[i], letters[i])
                : FuzzyMatch.Matches(token, words[i], letters[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
