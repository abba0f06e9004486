using System.Collections.Frozen;

namespace SupportBot.Core.Triage;

/// <summary>
/// Finds which of many phrases occur at a place in a message without trying each one there: phrases whose first word
/// matches only itself are looked up by that word; only those with a typo-tolerant or stem first word are tried.
/// Every typed message is searched for all keywords and network names, so this is the triage's hot path.
/// </summary>
internal sealed class PhraseIndex
{
    private readonly IReadOnlyList<Phrase> phrases;
    private readonly FrozenDictionary<string, int[]> byWord;
    private readonly FrozenDictionary<string, int[]> byWordAsWritten;
    private readonly int[] tried;

    public PhraseIndex(IReadOnlyList<Phrase> phrases)
    {
        this.phrases = phrases;
        var indices = Enumerable.Range(0, phrases.Count).Where(i => !phrases[i].IsEmpty).ToList();
        byWord = Group(indices.Where(i => phrases[i].ExactFirstWord is not null && !phrases[i].IsCaseSensitive));
        byWordAsWritten = Group(indices.Where(i => phrases[i].ExactFirstWord is not null && phrases[i].IsCaseSensitive));
        tried = [.. indices.Where(i => phrases[i].ExactFirstWord is null)];
    }

    /// <summary>
    /// Fills <paramref name="found"/> with the indices of the phrases that occur at token <paramref name="at"/>, in the
    /// order the phrases were given.
    /// </summary>
    public void At(IReadOnlyList<Token> tokens, int at, List<int> found)
    {
        found.Clear();
        var token = tokens[at];
        Add(byWord.GetValueOrDefault(token.Normalized), tokens, at, found);
        Add(byWordAsWritten.GetValueOrDefault(token.Original), tokens, at, found);
        Add(tried, tokens, at, found);
        if (found.Count > 1)
        {
            found.Sort();
        }
    }

    private void Add(int[]? candidates, IReadOnlyList<Token> tokens, int at, List<int> found)
    {
        if (candidates is null)
        {
            return;
        }

        foreach (var i in candidates)
        {
            if (phrases[i].FirstWordMayMatch(tokens[at]) && phrases[i].MatchesAt(tokens, at))
            {
                found.Add(i);
            }
        }
    }

    private FrozenDictionary<string, int[]> Group(IEnumerable<int> indices) =>
        indices.GroupBy(i => phrases[i].ExactFirstWord!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
}
