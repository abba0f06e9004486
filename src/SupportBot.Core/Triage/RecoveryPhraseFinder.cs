using System.Text;

namespace SupportBot.Core.Triage;

/// <summary>
/// Finds Secret Recovery Phrases: runs of BIP-39 words where nothing but non-letters (spaces, line breaks, commas,
/// numbering such as "1." "2)" "#3", quotes, emoji) stands between the words.
/// </summary>
/// <remarks>
/// A phrase is flagged with one word missing (11 listed words in a row) or one word mistyped (11 listed words and a
/// typo of a listed word among them). A false alarm costs the user a warning; a miss can cost the wallet. Ordinary
/// prose stays clear although the list holds "about", "again", "all", "can", "have" and "this": "the", "to", "is",
/// "my" and "I" are not on it, so sentences break every run long before 11 listed words, and one word that is not
/// on the list is forgiven only when it could be a typo of one that is.
/// </remarks>
internal static class RecoveryPhraseFinder
{
    /// <summary>12 is the shortest phrase; one of its words may be missing.</summary>
    internal const int MinListedWords = 11;

    public static void Find(string text, List<SecretSpan> spans)
    {
        var words = new List<(int Start, int End, bool Listed)>();
        foreach (var (start, end) in WordRuns.Of(text, char.IsLetter))
            words.Add((start, end, Bip39Words.Contains(text.AsSpan(start, end - start))));

        // Checking a typo compares against the whole list: once per distinct word of the message.
        var typos = new Dictionary<string, int?>(StringComparer.OrdinalIgnoreCase);
        int? TypoDistance(int index)
        {
            var word = text[words[index].Start..words[index].End];
            return typos.TryGetValue(word, out var known) ? known : typos[word] = Bip39Words.TypoDistance(word);
        }

        // Between listed words any plausible typo is taken; at the edge of a phrase only a one-letter slip, so that
        // "/lookup" or "then" next to a phrase stays.
        bool IsTypo(int index) => TypoDistance(index) is not null;
        bool IsSlip(int index) => TypoDistance(index) is 1;

        // Blocks of consecutive listed words; a phrase is one block, or two blocks around a single typo.
        var blocks = new List<(int First, int End)>();
        for (var i = 0; i < words.Count;)
        {
            if (!words[i].Listed)
            {
                i++;
                continue;
            }
            var first = i;
            while (i < words.Count && words[i].Listed)
                i++;
            blocks.Add((first, i));
        }

        var coveredUpTo = -1;
        for (var b = 0; b < blocks.Count; b++)
        {
            var (first, end) = blocks[b];
            var listed = end - first;
            if (listed < MinListedWords && b + 1 < blocks.Count && blocks[b + 1].First == end + 1
                && listed + (blocks[b + 1].End - blocks[b + 1].First) >= MinListedWords && IsTypo(end))
            {
                end = blocks[b + 1].End;
                listed = MinListedWords;
            }
            if (listed < MinListedWords || end - 1 <= coveredUpTo)
                continue;

            // More of the phrase may lie beyond: listed words, and slips, laid out like the phrase's own words.
            var last = end - 1;
            var layout = new HashSet<string>(StringComparer.Ordinal);
            for (var w = first; w < last; w++)
                layout.Add(GapShape(text, words[w].End, words[w + 1].Start));
            first = Extend(first, -1);
            last = Extend(last, +1);
            spans.Add(new SecretSpan(words[first].Start, words[last].End, SecretKinds.RecoveryPhrase));
            coveredUpTo = last;

            // At most one slip in a row, so "…yellow, and then" gives up after "and".
            int Extend(int edge, int step)
            {
                var typoTaken = false;
                for (var next = edge + step; next >= 0 && next < words.Count; next += step)
                {
                    var (left, right) = step < 0 ? (next, edge) : (edge, next);
                    if (!layout.Contains(GapShape(text, words[left].End, words[right].Start)))
                        break;
                    if (!words[next].Listed && (typoTaken || !IsSlip(next)))
                        break;
                    typoTaken = !words[next].Listed;
                    edge = next;
                }
                return edge;
            }
        }
    }

    /// <summary>The separator between two words with numbers folded: " 2. " and " 11. " are one layout.</summary>
    private static string GapShape(string text, int start, int end)
    {
        var shape = new StringBuilder(end - start);
        for (var i = start; i < end; i++)
        {
            if (!char.IsAsciiDigit(text[i]) || shape.Length == 0 || shape[^1] != '0')
                shape.Append(char.IsAsciiDigit(text[i]) ? '0' : text[i]);
        }
        return shape.ToString();
    }
}
