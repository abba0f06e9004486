using System.Numerics;

namespace SupportBot.Core.Triage;

/// <summary>
/// Turns text into comparable word tokens: lower case, Cyrillic transliterated to Latin, and common spelling variants
/// folded together (y/i, w/v, kh/h, doubled letters…) so "вывод", "vyvod" and "vivod" all meet, and so do
/// "withdraw" and "withdrow" with the help of <see cref="FuzzyMatch"/>. Applied alike to keywords and to user text.
/// </summary>
internal static class TextNormalizer
{
    /// <summary>Only this much of a message is read for words; entities are scanned in full elsewhere.</summary>
    public const int MaxScannedChars = 4096;

    private static readonly string[] CyrillicToLatin = BuildTransliteration();

    /// <summary>Normalised tokens with the original text of each, in order.</summary>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var span = text.AsSpan(0, Math.Min(text.Length, MaxScannedChars));
        var start = -1;
        for (var i = 0; i <= span.Length; i++)
        {
            var inWord = i < span.Length && (char.IsLetterOrDigit(span[i]) || (start >= 0 && IsApostrophe(span[i])));
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var original = span[start..i].ToString();
                var normalized = Normalize(original);
                if (normalized.Length > 0)
                {
                    tokens.Add(new Token(original, normalized));
                }

                start = -1;
            }
        }

        return tokens;
    }

    // Spelling variants that transliteration and typing habits produce, applied in this order.
    private static readonly (string From, string To)[] Variants =
        [("shch", "sh"), ("sch", "sh"), ("kh", "h"), ("ts", "c"), ("tz", "c"), ("ph", "f"), ("ck", "k"), ("w", "v"), ("y", "i"), ("j", "i")];

    /// <summary>Normalises one word (or a keyword, before matching).</summary>
    /// <remarks>Works in a stack buffer and returns <paramref name="word"/> itself when nothing changes: every typed word passes here.</remarks>
    public static string Normalize(string word)
    {
        // A Cyrillic letter becomes at most two Latin ones.
        Span<char> buffer = word.Length <= 256 ? stackalloc char[word.Length * 2] : new char[word.Length * 2];
        var length = 0;
        foreach (var raw in word)
        {
            var c = char.ToLowerInvariant(raw);
            if (IsApostrophe(c))
            {
                continue;
            }

            if (c is >= 'а' and <= 'я' or 'ё')
            {
                var latin = CyrillicToLatin[c == 'ё' ? 'е' - 'а' : c - 'а'];
                latin.CopyTo(buffer[length..]);
                length += latin.Length;
            }
            else
            {
                buffer[length++] = c;
            }
        }

        foreach (var (from, to) in Variants)
        {
            length = ReplaceInPlace(buffer[..length], from, to);
        }

        // Doubled letters count once ("addres", "wallett"): keep a letter only when it differs from the one kept before.
        var kept = 0;
        for (var i = 0; i < length; i++)
        {
            if (kept == 0 || buffer[i] != buffer[kept - 1] || !char.IsLetter(buffer[i]))
            {
                buffer[kept++] = buffer[i];
            }
        }

        var normalized = buffer[..kept];
        return normalized.SequenceEqual(word) ? word : normalized.ToString();
    }

    /// <summary>Replaces every <paramref name="from"/> by <paramref name="to"/> (never longer), left to right; returns the new length.</summary>
    private static int ReplaceInPlace(Span<char> text, string from, string to)
    {
        if (text.IndexOf(from, StringComparison.Ordinal) is var first && first < 0)
        {
            return text.Length;
        }

        var written = first;
        for (var read = first; read < text.Length;)
        {
            if (text[read..].StartsWith(from, StringComparison.Ordinal))
            {
                to.CopyTo(text[written..]);
                written += to.Length;
                read += from.Length;
            }
            else
            {
                text[written++] = text[read++];
            }
        }

        return written;
    }

    public static bool IsCyrillic(char c) => c is >= 'А' and <= 'я' or 'ё' or 'Ё';

    private static bool IsApostrophe(char c) => c is '\'' or '’' or 'ʼ' or '`';

    private static string[] BuildTransliteration()
    {
        const string cyrillic = "абвгдежзийклмнопрстуфхцчшщъыьэюя";
        string[] latin = ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "h", "c", "ch", "sh", "sh", "", "i", "", "e", "iu", "ia"];
        var map = new string[cyrillic.Length];
        for (var i = 0; i < cyrillic.Length; i++)
        {
            map[cyrillic[i] - 'а'] = latin[i];
        }

        return map;
    }
}

/// <summary>A word of the user's text: as typed, and normalised.</summary>
internal readonly record struct Token(string Original, string Normalized)
{
    /// <summary>True when the word is all letters: only such words are compared give or take a typo.</summary>
    public bool IsWord { get; } = LetterSet.AllLetters(Normalized);

    /// <summary>The characters the normalised word contains (<see cref="LetterSet"/>), for a quick "can't be a typo of it".</summary>
    public ulong Letters { get; } = LetterSet.Of(Normalized);
}

/// <summary>
/// The set of characters in a word as 64 bits. An edit adds at most one character the other word lacks, so two words
/// whose sets differ by more characters than the edits allowed cannot match: checked before the costlier distance.
/// </summary>
internal static class LetterSet
{
    public static ulong Of(string word)
    {
        var set = 0UL;
        foreach (var c in word)
        {
            set |= 1UL << (c switch { >= 'a' and <= 'z' => c - 'a', >= '0' and <= '9' => 26 + c - '0', _ => 36 + (c % 28) });
        }

        return set;
    }

    /// <summary>How many characters of <paramref name="word"/> are missing from <paramref name="other"/> (a lower bound).</summary>
    public static int Missing(ulong word, ulong other) => BitOperations.PopCount(word & ~other);

    public static bool AllLetters(string word)
    {
        foreach (var c in word)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Typo-tolerant comparison of normalised words.</summary>
internal static class FuzzyMatch
{
    /// <summary>Edits tolerated for a word of this length: none below 5 letters, 1 up to 9, then 2.</summary>
    public static int Tolerance(int length) => length < 5 ? 0 : length < 10 ? 1 : 2;

    /// <summary>True when <paramref name="word"/> is <paramref name="keyword"/> give or take a typo.</summary>
    public static bool Matches(string word, string keyword) =>
        word == keyword || Matches(word, LetterSet.AllLetters(word), LetterSet.Of(word), keyword, LetterSet.Of(keyword));

    /// <summary><see cref="Matches(string, string)"/> for a token and a keyword whose letter sets are known.</summary>
    public static bool Matches(in Token token, string keyword, ulong keywordLetters) =>
        token.Normalized == keyword || Matches(token.Normalized, token.IsWord, token.Letters, keyword, keywordLetters);

    private static bool Matches(string word, bool isWord, ulong letters, string keyword, ulong keywordLetters)
    {
        var tolerance = Tolerance(keyword.Length);
        return tolerance > 0 && Math.Abs(word.Length - keyword.Length) <= tolerance && isWord
               && LetterSet.Missing(keywordLetters, letters) <= tolerance && LetterSet.Missing(letters, keywordLetters) <= tolerance
               && Distance(word, keyword, tolerance) <= tolerance;
    }

    /// <summary>True when <paramref name="word"/> starts with <paramref name="stem"/>, give or take a typo in the stem.</summary>
    public static bool MatchesPrefix(string word, string stem) =>
        MatchesPrefix(new Token(word, word), stem, LetterSet.Of(stem));

    /// <summary><see cref="MatchesPrefix(string, string)"/> for a token and a stem whose letter set is known.</summary>
    public static bool MatchesPrefix(in Token token, string stem, ulong stemLetters)
    {
        var word = token.Normalized;
        if (word.StartsWith(stem, StringComparison.Ordinal))
        {
            return true;
        }

        // The stem's letters missing from the whole word are missing from every start of it too.
        var tolerance = Math.Min(1, Tolerance(stem.Length));
        if (tolerance == 0 || !token.IsWord || LetterSet.Missing(stemLetters, token.Letters) > tolerance)
        {
            return false;
        }

        for (var length = stem.Length - 1; length <= stem.Length + 1; length++)
        {
            if (length <= word.Length && Distance(word.AsSpan(0, length), stem, tolerance) <= tolerance)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent swaps), cut off above <paramref name="max"/>.</summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }

        return previous[b.Length];
    }
}
