using System.Collections.Frozen;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Intents;

/// <summary>
/// Maps a word the model never saw to the closest word it did ("witdraw" → "withdraw", "binanse" → "binance"), so a
/// typo does not throw away the word's meaning. Lookups go through an index of one-letter deletions (as SymSpell
/// does): a handful of dictionary probes per unknown word instead of a scan of the whole vocabulary.
/// </summary>
internal sealed class SpellingCorrector
{
    private const int MinLength = 4;

    private readonly FrozenSet<string> vocabulary;
    private readonly FrozenDictionary<string, string[]> byDeletion;

    public SpellingCorrector(IEnumerable<string> vocabulary)
    {
        this.vocabulary = vocabulary.ToFrozenSet(StringComparer.Ordinal);
        var index = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var word in this.vocabulary.Where(w => w.Length >= MinLength - 1 && !IntentFeatures.IsPlaceholder(w)))
        {
            foreach (var key in Deletions(word).Append(word))
            {
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }

                list.Add(word);
            }
        }

        byDeletion = index.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The word itself when known, else the closest known word within the typo tolerance, else itself.</summary>
    public string Correct(string word)
    {
        if (word.Length < MinLength || vocabulary.Contains(word) || IntentFeatures.IsPlaceholder(word))
        {
            return word;
        }

        var tolerance = FuzzyMatch.Tolerance(word.Length);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var key in Deletions(word).Append(word))
        {
            if (!byDeletion.TryGetValue(key, out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                var distance = FuzzyMatch.Distance(word, candidate, tolerance);
                if (distance <= tolerance && (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
                {
                    (best, bestDistance) = (candidate, distance);
                }
            }
        }

        return best ?? word;
    }

    private static IEnumerable<string> Deletions(string word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
        }
    }
}
