using System.Collections.Frozen;
using System.Text;

namespace SupportBot.Core.Triage;

/// <summary>The BIP-39 English word list (MetaMask's only one), and which words are a typo of one of its words.</summary>
internal static class Bip39Words
{
    private const int ShortestWord = 3;
    private const int LongestWord = 8;

    private static readonly Lazy<(FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup, string[] All)> List = new(Load);

    /// <summary>True when <paramref name="word"/> is on the list (case-insensitive).</summary>
    public static bool Contains(ReadOnlySpan<char> word) =>
        word.Length is >= ShortestWord and <= LongestWord && List.Value.Lookup.Contains(word);

    /// <summary>
    /// How many edits (a swap of neighbours is one) turn <paramref name="word"/> into a list word, when it could be one
    /// typed wrong: at most one for words of 3–4 letters, two for longer ones; null when it could not. Short words
    /// get less room because almost every short English word is one letter away from some list word. A Cyrillic
    /// letter typed by mistake ("wаve") is one edit.
    /// </summary>
    public static int? TypoDistance(string word)
    {
        if (word.Length is < ShortestWord or > LongestWord + 2)
            return null;

        var lower = word.ToLowerInvariant();
        var tolerance = lower.Length <= 4 ? 1 : 2;
        int? best = null;
        foreach (var listed in List.Value.All)
        {
            if (Math.Abs(listed.Length - lower.Length) > tolerance)
                continue;
            var distance = FuzzyMatch.Distance(lower, listed, tolerance);
            if (distance <= tolerance && (best is null || distance < best))
            {
                best = distance;
                if (distance == 1)
                    break; // 0 would be a list word
            }
        }
        return best;
    }

    private static (FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>>, string[]) Load()
    {
        using var stream = typeof(Bip39Words).Assembly.GetManifestResourceStream("SupportBot.Core.bip39-english.txt")
            ?? throw new InvalidOperationException("Embedded BIP-39 word list is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var words = new List<string>(2048);
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim() is { Length: > 0 } word)
                words.Add(word);
        }
        return (words.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>(), [.. words]);
    }
}
