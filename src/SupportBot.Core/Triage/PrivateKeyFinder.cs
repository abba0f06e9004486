using System.Buffers;
using System.Text;
using SupportBot.Core.Triage.Encodings;

namespace SupportBot.Core.Triage;

/// <summary>
/// Finds private keys: 64 hex digits, with or without <c>0x</c>, in any case, whole or split into groups
/// ("ac09 74be …", "ac0974be-c39a17e3-…", two lines of 32). What the words around the value call it decides between a
/// key and a transaction id, whether those words come before it ("pk: 0x…") or after it ("0x… ← my private key").
/// </summary>
/// <remarks>
/// Without such a word: <c>0x</c> + 64 hex is an EVM transaction hash and 64 uppercase hex a BNB Beacon Chain hash, as
/// explorers print them; any other 64 hex is a key, since MetaMask exports keys as 64 lowercase hex and nobody splits
/// a transaction hash into groups. Bitcoin and TRON ids are 64 lowercase hex too: they pass when called a txid, hash,
/// хэш or transaction, and no key word stands closer.
/// </remarks>
internal static class PrivateKeyFinder
{
    private const int KeyDigits = 64;

    // How far a word may stand from the value and still name it: "here is the secret key for the wallet: 0x…",
    // "0x… <- that is my private key". Farther words are about something else.
    private const int WordsBefore = 8;
    private const int WordsAfter = 6;

    // What may stand between the groups of a split key: spaces and line breaks, dashes, dots, colons, slashes.
    private const int MaxGap = 4;
    private static readonly SearchValues<char> GapPunctuation = SearchValues.Create("-‐‑‒–—_.,:;|/\\");

    public static void Find(string text, List<SecretSpan> spans)
    {
        var words = Words(text);
        var candidates = Candidates(text, words);
        if (candidates.Count == 0)
            return;

        var partOfValue = new bool[words.Count];
        foreach (var candidate in candidates)
            Array.Fill(partOfValue, true, candidate.First, candidate.Last - candidate.First + 1);

        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var candidate in candidates)
        {
            var isKey = Label(text, words, partOfValue, candidate) switch
            {
                HexLabel.PrivateKey => true,
                HexLabel.Hash => false,
                _ => candidate.Grouped || !candidate.Prefixed && !candidate.Uppercase,
            };
            if (isKey)
                keys.Add(Digits(text, words, candidate));
        }

        // A value called a key once is a key wherever else the message repeats it ("privkey X, tx X").
        foreach (var candidate in candidates)
        {
            if (keys.Contains(Digits(text, words, candidate)))
                spans.Add(new SecretSpan(words[candidate.First].Start, words[candidate.Last].End, SecretKinds.PrivateKey));
        }
    }

    /// <summary>The 64 hex digits of a value, without 0x or separators.</summary>
    private static string Digits(string text, List<(int Start, int End)> words, Candidate candidate)
    {
        var digits = new StringBuilder(KeyDigits + 2);
        for (var i = candidate.First; i <= candidate.Last; i++)
            digits.Append(text, words[i].Start, words[i].End - words[i].Start);
        return candidate.Prefixed ? digits.ToString(2, digits.Length - 2) : digits.ToString();
    }

    /// <summary>
    /// Runs of ASCII letters and digits, and runs of other letters and digits: "ключ0x…" is two words. The key emoji
    /// is a word too ("🔑 0x…").
    /// </summary>
    private static List<(int Start, int End)> Words(string text)
    {
        var words = new List<(int, int)>();
        for (var i = 0; i < text.Length;)
        {
            if (text.AsSpan(i).StartsWith(KeyLabels.KeyEmoji, StringComparison.Ordinal))
            {
                words.Add((i, i + KeyLabels.KeyEmoji.Length));
                i += KeyLabels.KeyEmoji.Length;
                continue;
            }
            var kind = KindOf(text[i]);
            if (kind == 0)
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && KindOf(text[i]) == kind)
                i++;
            words.Add((start, i));
        }
        return words;

        static int KindOf(char c) => char.IsAsciiLetterOrDigit(c) ? 1 : char.IsLetterOrDigit(c) ? 2 : 0;
    }

    private static List<Candidate> Candidates(string text, List<(int Start, int End)> words)
    {
        var found = new List<Candidate>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = text.AsSpan(words[i].Start, words[i].End - words[i].Start);
            if (word.Length == KeyDigits && Hex.IsHex(word))
            {
                found.Add(new Candidate(i, i, Prefixed: false, Grouped: false, IsUppercase(word)));
            }
            else if (word.Length == KeyDigits + 2 && HasPrefix(word) && Hex.IsHex(word[2..]))
            {
                found.Add(new Candidate(i, i, Prefixed: true, Grouped: false, IsUppercase(word[2..])));
            }
            else if (TrySplitKey(text, words, i) is { } split)
            {
                found.Add(split);
                i = split.Last;
            }
        }
        return found;
    }

    /// <summary>Groups of hex starting at word <paramref name="first"/> that add up to exactly 64 digits.</summary>
    private static Candidate? TrySplitKey(string text, List<(int Start, int End)> words, int first)
    {
        var prefixed = HasPrefix(text.AsSpan(words[first].Start, words[first].End - words[first].Start));
        int digits = 0, groups = 0;
        bool letters = false, numerals = false, upper = false, lower = false;
        for (var i = first; i < words.Count; i++)
        {
            if (i > first && !IsGap(text.AsSpan(words[i - 1].End, words[i].Start - words[i - 1].End)))
                return null;

            var group = text.AsSpan(words[i].Start, words[i].End - words[i].Start);
            if (i == first && prefixed)
                group = group[2..]; // a lone "0x" before the groups is fine
            else if (group.Length < 2)
                return null; // "a" or "5" is a word or a number, not part of a key
            if (!Hex.IsHex(group))
                return null;

            digits += group.Length;
            groups += group.IsEmpty ? 0 : 1;
            letters |= group.ContainsAnyInRange('a', 'f') || group.ContainsAnyInRange('A', 'F');
            numerals |= group.ContainsAnyInRange('0', '9');
            upper |= Hex.HasUpper(group);
            lower |= Hex.HasLower(group);
            if (digits > KeyDigits)
                return null;
            if (digits == KeyDigits)
            {
                // Letters and digits both: a run of amounts or phone numbers adding up to 64 digits is not a key.
                return groups >= 2 && letters && numerals || groups == 1 && prefixed
                    ? new Candidate(first, i, prefixed, Grouped: groups >= 2, upper && !lower)
                    : null;
            }
        }
        return null;
    }

    private static bool IsGap(ReadOnlySpan<char> gap)
    {
        if (gap.Length is 0 or > MaxGap)
            return false;
        foreach (var c in gap)
        {
            if (!char.IsWhiteSpace(c) && !GapPunctuation.Contains(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
                return false;
        }
        return true;
    }

    /// <summary>The nearest key or transaction word within reach on either side; a key word wins a tie.</summary>
    private static HexLabel Label(string text, List<(int Start, int End)> words, bool[] partOfValue, Candidate candidate)
    {
        var (before, beforeDistance) = Nearest(candidate.First - 1, -1, WordsBefore);
        var (after, afterDistance) = Nearest(candidate.Last + 1, +1, WordsAfter);
        if (before == HexLabel.None || after == HexLabel.None)
            return before == HexLabel.None ? after : before;
        if (beforeDistance != afterDistance)
            return beforeDistance < afterDistance ? before : after;
        return before == HexLabel.PrivateKey || after == HexLabel.PrivateKey ? HexLabel.PrivateKey : HexLabel.Hash;

        (HexLabel, int) Nearest(int from, int step, int reach)
        {
            var distance = 0;
            for (var i = from; i >= 0 && i < words.Count && distance < reach; i += step)
            {
                if (partOfValue[i])
                {
                    // A list of values under one heading: the heading names them all. Looking forward, though, words
                    // that lead up to the next value are its heading ("key: 0x… tx: 0x…"), and what follows is its own.
                    if (step > 0 && distance > 0)
                        break;
                    continue;
                }
                distance++;
                var label = KeyLabels.Of(text[words[i].Start..words[i].End]);
                if (label != HexLabel.None && !(step > 0 && i + 1 < words.Count && partOfValue[i + 1]))
                    return (label, distance);
            }
            return (HexLabel.None, int.MaxValue);
        }
    }

    private static bool HasPrefix(ReadOnlySpan<char> word) => word.Length >= 2 && word[0] == '0' && (word[1] | 0x20) == 'x';

    private static bool IsUppercase(ReadOnlySpan<char> hex) => Hex.HasUpper(hex) && !Hex.HasLower(hex);

    /// <param name="First">Index of the value's first word.</param>
    /// <param name="Last">Index of its last word (the same for a value written whole).</param>
    /// <param name="Prefixed">Written with <c>0x</c>.</param>
    /// <param name="Grouped">Split into two or more groups.</param>
    /// <param name="Uppercase">Hex letters all uppercase.</param>
    private sealed record Candidate(int First, int Last, bool Prefixed, bool Grouped, bool Uppercase);
}
