using System.Security.Cryptography;
using System.Text;
using SupportBot.Core.Content;
using SupportBot.Core.Intents;

namespace SupportBot.Core.Triage;

/// <summary>One network name found in a message: which network, at which token, over how many tokens.</summary>
internal readonly record struct NetworkMention(string Network, int Start, int Length)
{
    public int End => Start + Length;

    /// <summary>A name that means different networks to different people ("Binance Chain"), not a network.</summary>
    public bool IsAmbiguous => Network.StartsWith(NetworkMentions.AmbiguousPrefix, StringComparison.Ordinal);

    /// <summary>The id of the ambiguous name (<c>ambiguous:</c> in triage.yaml), when <see cref="IsAmbiguous"/>.</summary>
    public string AmbiguousId => Network[NetworkMentions.AmbiguousPrefix.Length..];
}

/// <summary>What has to stand next to a network name for it to mean the network.</summary>
internal enum NameContext
{
    /// <summary>Nothing: the name means the network wherever it stands ("bsc", "arbitrum", "эфир").</summary>
    None,

    /// <summary>
    /// A coin or a common word too ("eth", "arb", "op"): a network word next to it ("eth network", "on arb", "в сети
    /// op"), or a preposition joining it to another network name ("from eth to bsc").
    /// </summary>
    NetworkWord,

    /// <summary>An ordinary word but no coin ("base"): a network word next to it, or any preposition before it ("to base").</summary>
    NetworkWordOrPreposition,
}

/// <summary>A network's name from content, ready to match: the network (or ambiguous name), the phrase, the context it needs.</summary>
internal sealed record NetworkName(string Network, Phrase Phrase, NameContext Context = NameContext.None);

/// <summary>
/// Finds network names (aliases from content) in tokenised text, and prepares the words the intent model reads:
/// a network name becomes a placeholder of its network, so "Binance Smart Chain" reads as BSC and never as the
/// exchange, and "bep20", "бск" and "smart chain" all look alike to the model.
/// The single place that decides what names a network: names that are also coins or words count only in context
/// (<see cref="NameContext"/>, with the words of <c>network-words:</c> in triage.yaml).
/// </summary>
internal sealed class NetworkMentions
{
    /// <summary>How an ambiguous name's id is told apart from a network key in <see cref="NetworkMention.Network"/>.</summary>
    public const string AmbiguousPrefix = "ambiguous:";

    /// <summary>
    /// A one-word name shorter than this is an ordinary word give or take a typo ("lines" for "linea", "magic" for
    /// "matic", "линия" for "линея"): it counts only as written. Longer names tolerate typos ("arbitrom").
    /// </summary>
    private const int TyposFromLetters = 7;

    private readonly IReadOnlyList<NetworkName> names;
    private readonly PhraseIndex index;
    private readonly IReadOnlyList<Phrase> before;
    private readonly IReadOnlyList<Phrase> after;
    private readonly IReadOnlyList<Phrase> prepositions;

    public NetworkMentions(IReadOnlyList<NetworkName> names, NetworkWords? words = null)
    {
        words ??= NetworkWords.None;
        // Longest first, so "bnb smart chain" wins over "bnb" at the same place.
        this.names = [.. names.Where(n => !n.Phrase.IsEmpty).OrderByDescending(n => n.Phrase.Length)];
        index = new PhraseIndex([.. this.names.Select(n => n.Phrase)]);
        before = Words(words.Before);
        after = Words(words.After);
        prepositions = Words(words.Prepositions);
        var signature = string.Join('\n', this.names.Select(n => $"{n.Network}={n.Phrase.Text}/{n.Context}")
            .Concat([string.Join('|', words.Before), string.Join('|', words.After), string.Join('|', words.Prepositions)]));
        Signature = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signature)))[..16];
    }

    /// <summary>Changes whenever the names or the words around them change: part of the intent model's cache key.</summary>
    public string Signature { get; }

    /// <summary>
    /// Every network name in content (<c>aliases*</c> in networks.yaml) and every ambiguous name (<c>ambiguous:</c> in
    /// triage.yaml), with the words that place them.
    /// </summary>
    public static NetworkMentions From(ContentCatalog content)
    {
        var names = new List<NetworkName>();
        foreach (var network in content.Networks.Values)
        {
            names.AddRange(network.Aliases.Select(a => new NetworkName(network.Key, Name(a))));
            names.AddRange(network.CaseSensitiveAliases.Select(a => new NetworkName(network.Key, new Phrase(a, caseSensitive: true))));
            names.AddRange(network.AliasesInContext.Select(a => new NetworkName(network.Key, Name(a), NameContext.NetworkWord)));
            names.AddRange(network.AliasesAfterPreposition.Select(a => new NetworkName(network.Key, Name(a), NameContext.NetworkWordOrPreposition)));
        }

        // Names ambiguous between networks ("Binance Chain"): found like the others, so the model reads them as what
        // they are, never as the words in them ("binance" would pull towards the exchange).
        foreach (var ambiguous in content.Lexicon.Ambiguous.Values)
        {
            names.AddRange(ambiguous.Words.Select(w => new NetworkName(AmbiguousPrefix + ambiguous.Id, Name(w))));
            names.AddRange(ambiguous.CaseSensitiveWords.Select(w => new NetworkName(AmbiguousPrefix + ambiguous.Id, new Phrase(w, caseSensitive: true))));
        }

        return new NetworkMentions(names, content.Lexicon.NetworkWords);
    }

    /// <summary>
    /// Non-overlapping mentions, left to right, the longest name at each place. A network word after a name belongs to
    /// it ("BSC mainnet" is BSC, not BSC and Ethereum), though the mention covers the name alone.
    /// </summary>
    public List<NetworkMention> Find(IReadOnlyList<Token> tokens)
    {
        // Each mention with where its name ends, network word after it included.
        var found = new List<(NetworkMention Mention, int Reach)>();
        var joinable = new List<NetworkMention>();
        var here = new List<int>();
        for (var start = 0; start < tokens.Count;)
        {
            // A network word that belongs to the name before ("BSC network ETH") places nothing else.
            var free = found.Count > 0 ? found[^1].Reach : 0;
            var step = 1;
            NetworkMention? unplaced = null;
            index.At(tokens, start, here);
            foreach (var i in here)
            {
                var (network, phrase, context) = names[i];
                var mention = new NetworkMention(network, start, phrase.Length);
                var afterWord = LongestAt(after, tokens, mention.End);
                var afterPreposition = LongestBefore(prepositions, tokens, start, free) > 0;
                if (context == NameContext.None || afterWord > 0 || LongestBefore(before, tokens, start, free) > 0
                    || (context == NameContext.NetworkWordOrPreposition && afterPreposition))
                {
                    step = phrase.Length + afterWord;
                    found.Add((mention, start + step));
                    unplaced = null;
                    break;
                }

                unplaced ??= afterPreposition ? mention : null;
            }

            if (unplaced is { } candidate)
            {
                joinable.Add(candidate);
            }

            start += step;
        }

        // "from eth to bsc", "bsc to arb": a coin's name joined by a preposition to a network is a network too.
        bool JoinedBefore(NetworkMention c) => found.Any(m => LongestBefore(prepositions, tokens, c.Start, m.Reach) is > 0 and var p && m.Reach + p == c.Start);
        bool JoinedAfter(NetworkMention c) => LongestAt(prepositions, tokens, c.End) is > 0 and var p && found.Any(m => m.Mention.Start == c.End + p);
        var joined = joinable.Where(c => !found.Any(m => m.Mention.Start < c.End && c.Start < m.Reach) && (JoinedBefore(c) || JoinedAfter(c))).ToList();
        var mentions = found.Select(m => m.Mention).Concat(joined).ToList();
        if (joined.Count > 0)
        {
            mentions.Sort((a, b) => a.Start.CompareTo(b.Start));
        }

        return mentions;
    }

    /// <summary>The intent model's words for <paramref name="text"/>.</summary>
    public IReadOnlyList<string> ModelWords(string text)
    {
        var tokens = TextNormalizer.Tokenize(text);
        return ModelWords(tokens, Find(tokens));
    }

    /// <summary>The intent model's words: normalised, entities and network names replaced by placeholders.</summary>
    public static IReadOnlyList<string> ModelWords(IReadOnlyList<Token> tokens, IReadOnlyList<NetworkMention> mentions)
    {
        var words = new List<string>(tokens.Count);
        var next = 0;
        for (var i = 0; i < tokens.Count;)
        {
            if (next < mentions.Count && mentions[next].Start == i)
            {
                words.Add("<" + mentions[next].Network + ">");
                i += mentions[next++].Length;
                continue;
            }

            words.Add(IntentFeatures.Mask(tokens[i].Normalized));
            i++;
        }

        return words;
    }

    private static Phrase Name(string text)
    {
        var phrase = new Phrase(text);
        return phrase.Length == 1 && phrase.Words[0].Length < TyposFromLetters ? new Phrase(text, exact: true) : phrase;
    }

    private static Phrase[] Words(IEnumerable<string> words) => [.. words.Select(w => new Phrase(w)).Where(p => !p.IsEmpty)];

    /// <summary>Tokens in the longest of <paramref name="phrases"/> at <paramref name="start"/>; 0 when none is there.</summary>
    private static int LongestAt(IReadOnlyList<Phrase> phrases, IReadOnlyList<Token> tokens, int start) =>
        phrases.Where(p => p.MatchesAt(tokens, start)).Select(p => p.Length).DefaultIfEmpty(0).Max();

    /// <summary>Tokens in the longest of <paramref name="phrases"/> that ends just before <paramref name="end"/> and starts at or after <paramref name="free"/>.</summary>
    private static int LongestBefore(IReadOnlyList<Phrase> phrases, IReadOnlyList<Token> tokens, int end, int free) =>
        phrases.Where(p => end - p.Length >= free && p.MatchesAt(tokens, end - p.Length)).Select(p => p.Length).DefaultIfEmpty(0).Max();
}
