using System.Globalization;
using System.Text;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Scams;

/// <summary>One word of a name or message after folding, with how it was written.</summary>
/// <param name="Original">The word as written (for a handle, without the <c>@</c>).</param>
/// <param name="Folded">The word as compared: see <see cref="ImpersonationFolding"/>.</param>
/// <param name="IsHandle">True for <c>@name</c> or a <c>t.me/name</c> link: another account the text points to.</param>
/// <param name="Disguised">True when folding changed more than case, accents and transliteration (look-alike letters, leetspeak, invisible characters).</param>
internal readonly record struct FoldedWord(string Original, string Folded, bool IsHandle, bool Disguised);

/// <summary>
/// Folds what impersonators use to make a name look like another: invisible characters, fullwidth and styled letters,
/// accents, Cyrillic and Greek letters that look Latin inside a Latin word, leetspeak (0→o, 1/l/|→i, 3→e, 4→a, 5→s, 7→t,
/// $→s), "rn"→"m", and separators ("_", ".", "-", spaces, camelCase). A word written wholly in Cyrillic
/// is transliterated instead (<see cref="TextNormalizer.Normalize"/>), so "поддержка" and "podderzhka" meet.
/// Applied alike to names, protected words and message text.
/// </summary>
internal static class ImpersonationFolding
{
    /// <summary>Names and messages longer than this are read only this far.</summary>
    public const int MaxChars = 4096;

    private static readonly Dictionary<char, char> Leet = new()
    {
        ['0'] = 'o', ['1'] = 'i', ['3'] = 'e', ['4'] = 'a', ['5'] = 's', ['7'] = 't', ['$'] = 's', ['|'] = 'i', ['!'] = 'i',
    };

    /// <summary>The text's words, folded; separators and camelCase split words, invisible characters vanish.</summary>
    /// <param name="text">A name or a message.</param>
    /// <param name="joinSpelledOut">Join runs of single letters ("D M me", "w a l l e t") into one word: for messages.</param>
    public static List<FoldedWord> Words(string text, bool joinSpelledOut = false)
    {
        var clean = Clean(text.Length > MaxChars ? text[..MaxChars] : text, out var hadInvisible);
        var words = new List<FoldedWord>();
        var start = -1;
        var handle = false;
        for (var i = 0; i <= clean.Length; i++)
        {
            var c = i < clean.Length ? clean[i] : ' ';
            var symbolBeforeLetter = Leet.ContainsKey(c) && i + 1 < clean.Length && char.IsLetterOrDigit(clean[i + 1]);
            // A handle is one word to the end, underscores included: "@metamask_support_help".
            var inWord = char.IsLetterOrDigit(c) || symbolBeforeLetter || (handle && start >= 0 && c == '_');
            // camelCase: "MetaMaskSupport" is three words
            var boundary = inWord && start >= 0 && !handle && char.IsUpper(c) && char.IsLower(clean[i - 1]);
            if (start >= 0 && (!inWord || boundary))
            {
                Add(clean[start..i], handle);
                handle = false;
                start = -1;
            }

            if (inWord && start < 0)
            {
                handle = IsHandleStart(clean, i);
                start = i;
            }
        }

        return joinSpelledOut ? JoinSpelledOut(words) : words;

        void Add(string original, bool isHandle)
        {
            var folded = Fold(original, out var disguised);
            if (folded.Length > 0)
            {
                words.Add(new FoldedWord(original, folded, isHandle, disguised || hadInvisible));
            }
        }
    }

    /// <summary>The words of <paramref name="text"/> run together: "Meta_Mask Support" is "metamasksupport".</summary>
    public static string Squashed(string text) => string.Concat(Words(text).Select(w => w.Folded));

    /// <summary>One word, folded.</summary>
    public static string Fold(string word, out bool disguised)
    {
        var hasLatin = word.Any(char.IsAsciiLetter);
        var hasCyrillic = word.Any(TextNormalizer.IsCyrillic);
        var hasGreek = word.Any(c => c is >= '\u0370' and <= '\u03FF');
        var mixed = hasGreek || (hasLatin && hasCyrillic);
        var sb = new StringBuilder(word.Length);
        disguised = false;
        for (var i = 0; i < word.Length; i++)
        {
            var c = char.ToLowerInvariant(word[i]);
            if (mixed && LookAlikeLetters.TryOtherScript(c, out var latin))
            {
                c = latin;
                disguised = true;
            }
            else if (Leet.TryGetValue(c, out var letter) && IsLeetAt(word, i))
            {
                // In a Russian word the digits stand for Cyrillic letters: "п0ддержка", "4дмин".
                c = hasCyrillic && !mixed ? c switch { '0' => 'о', '3' => 'з', '4' => 'а', _ => c } : letter;
                disguised = true;
            }

            sb.Append(c);
        }

        // "I" and "l" look alike, and so do "rn" and "m": folded after transliteration, on both sides of every comparison.
        var text = TextNormalizer.Normalize(sb.ToString()).Replace("rn", "m", StringComparison.Ordinal).Replace('l', 'i');
        while (text.Contains("ii", StringComparison.Ordinal))
        {
            text = text.Replace("ii", "i", StringComparison.Ordinal);
        }

        return text;
    }

    // A symbol inside a word is a letter in disguise; a digit is, when it stands alone between or next to letters
    // ("B1nance", "4dmin"), but not in a number ("Alex2024", "binance24").
    private static bool IsLeetAt(string word, int i)
    {
        if (!char.IsDigit(word[i]))
        {
            return word.Any(char.IsLetter);
        }

        var before = i > 0 ? word[i - 1] : ' ';
        var after = i + 1 < word.Length ? word[i + 1] : ' ';
        return !char.IsDigit(before) && !char.IsDigit(after) && (char.IsLetter(before) || char.IsLetter(after));
    }

    /// <summary>Edit distance with adjacent transpositions counting as one edit; stops early past <paramref name="limit"/>.</summary>
    public static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var rowMin = int.MaxValue;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                }

                d[i, j] = v;
                rowMin = Math.Min(rowMin, v);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>
    /// Typos tolerated when comparing with a protected word of this (folded) length: none up to 6 letters ("admin"
    /// must not meet "amin", nor "suport" meet "sport"), one up to 9 ("binanse", "moderater"), then two.
    /// </summary>
    public static int Tolerance(int length) => length <= 6 ? 0 : length <= 9 ? 1 : 2;

    /// <summary>
    /// Typos tolerated in a word of a fake-support pattern: stricter, because short verbs differ by a letter
    /// ("напиши" asks, "написали" tells).
    /// </summary>
    public static int PatternTolerance(int length) => length <= 7 ? 0 : length <= 11 ? 1 : 2;

    /// <summary>True when <paramref name="word"/> is <paramref name="target"/>, give or take <paramref name="tolerance"/> typos (default <see cref="Tolerance"/>).</summary>
    public static bool Resembles(string word, string target, out int edits, int? tolerance = null)
    {
        var allowed = tolerance ?? Tolerance(target.Length);
        edits = word == target ? 0 : Distance(word, target, allowed);
        return edits <= allowed;
    }

    private static bool IsHandleStart(string text, int i) =>
        // "@name", not an e-mail address "support@binance.com"
        (i > 0 && text[i - 1] == '@' && (i == 1 || !char.IsLetterOrDigit(text[i - 2])))
        || (i >= 5 && text.AsSpan(0, i).EndsWith("t.me/", StringComparison.OrdinalIgnoreCase))
        || (i >= 13 && text.AsSpan(0, i).EndsWith("telegram.me/", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Fullwidth and mathematical styled letters made plain, accents dropped, invisible characters removed. By hand:
    /// the bot runs with invariant globalization, where <see cref="string.Normalize()"/> leaves these alone.
    /// </summary>
    private static string Clean(string text, out bool hadInvisible)
    {
        hadInvisible = false;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var styled = StyledLetter(char.ConvertToUtf32(c, text[++i]));
                if (styled is { } plain)
                {
                    sb.Append(plain);
                    hadInvisible = true; // styled letters are a disguise as much as invisible ones
                }

                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (category == UnicodeCategory.Format || c is '\u3164' or '\u115F' or '\u1160' or '\uFFA0')
            {
                hadInvisible = true;
                continue;
            }

            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                c = (char)(c - 0xFEE0);
                hadInvisible = true;
            }

            sb.Append(c is '\u2800' or '\u3000' ? ' ' : LookAlikeLetters.TryUnaccent(c, out var bare) ? bare : c);
        }

        return sb.ToString();
    }

    // Mathematical alphanumeric symbols (bold, italic, script, fraktur, double-struck, monospace…): 52 letters per style, then digits.
    private static char? StyledLetter(int codePoint) => codePoint switch
    {
        >= 0x1D400 and <= 0x1D6A3 => (codePoint - 0x1D400) % 52 is var n && n < 26 ? (char)('A' + n) : (char)('a' + (codePoint - 0x1D400) % 52 - 26),
        >= 0x1D7CE and <= 0x1D7FF => (char)('0' + (codePoint - 0x1D7CE) % 10),
        _ => null,
    };

    private static List<FoldedWord> JoinSpelledOut(List<FoldedWord> words)
    {
        var result = new List<FoldedWord>(words.Count);
        for (var i = 0; i < words.Count;)
        {
            var j = i;
            while (j < words.Count && words[j].Folded.Length == 1 && char.IsLetter(words[j].Folded[0]) && !words[j].IsHandle)
            {
                j++;
            }

            if (j - i >= 2)
            {
                var original = string.Concat(words.Skip(i).Take(j - i).Select(w => w.Original));
                result.Add(new FoldedWord(original, Fold(original, out _), false, true));
                i = j;
            }
            else
            {
                result.Add(words[i++]);
            }
        }

        return result;
    }
}
