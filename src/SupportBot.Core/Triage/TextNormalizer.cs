using System.Text;

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

    /// <summary>Normalises one word (or a keyword, before matching).</summary>
    public static string Normalize(string word)
    {
        var sb = new StringBuilder(word.Length + 4);
        foreach (var raw in word)
        {
            var c = char.ToLowerInvariant(raw);
            if (IsApostrophe(c))
            {
                continue;
            }

            if (c is >= 'а' and <= 'я' or 'ё')
            {
                sb.Append(CyrillicToLatin[c == 'ё' ? 'е' - 'а' : c - 'а']);
            }
            else
            {
                sb.Append(c);
            }
        }

        // Spelling variants that transliteration and typing habits produce.
        sb.Replace("shch", "sh").Replace("sch", "sh").Replace("kh", "h").Replace("ts", "c").Replace("tz", "c")
          .Replace("ph", "f").Replace("ck", "k").Replace('w', 'v').Replace('y', 'i').Replace('j', 'i');
        for (var i = sb.Length - 1; i > 0; i--)
        {
            if (sb[i] == sb[i - 1] && char.IsLetter(sb[i]))
            {
                sb.Remove(i, 1);
            }
        }

        return sb.ToString();
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
    public bool IsWord => Normalized.All(char.IsLetter);
}

/// <summary>Typo-tolerant comparison of normalised words.</summary>
internal static class FuzzyMatch
{
    /// <summary>Edits tolerated for a word of this length: none below 5 letters, 1 up to 9, then 2.</summary>
    public static int Tolerance(int length) => length < 5 ? 0 : length < 10 ? 1 : 2;

    /// <summary>True when <paramref name="word"/> is <paramref name="keyword"/> give or take a typo.</summary>
    public static bool Matches(string word, string keyword)
    {
        if (word == keyword)
        {
            return true;
        }

        var tolerance = Tolerance(keyword.Length);
        return tolerance > 0 && Math.Abs(word.Length - keyword.Length) <= tolerance
               && word.All(char.IsLetter) && Distance(word, keyword, tolerance) <= tolerance;
    }

    /// <summary>True when <paramref name="word"/> starts with <paramref name="stem"/>, give or take a typo in the stem.</summary>
    public static bool MatchesPrefix(string word, string stem)
    {
        if (word.StartsWith(stem, StringComparison.Ordinal))
        {
            return true;
        }

        var tolerance = Math.Min(1, Tolerance(stem.Length));
        if (tolerance == 0 || !word.All(char.IsLetter))
        {
            return false;
        }

        for (var length = stem.Length - 1; length <= stem.Length + 1; length++)
        {
            if (length <= word.Length && Distance(word[..length], stem, tolerance) <= tolerance)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent swaps), cut off above <paramref name="max"/>.</summary>
    public static int Distance(string a, string b, int max)
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
