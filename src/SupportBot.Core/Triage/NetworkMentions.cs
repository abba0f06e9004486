using System.Security.Cryptography;
using System.Text;
using SupportBot.Core.Intents;

namespace SupportBot.Core.Triage;

/// <summary>One network name found in a message: which network, at which token, over how many tokens.</summary>
internal readonly record struct NetworkMention(string Network, int Start, int Length);

/// <summary>
/// Finds network names (aliases from content) in tokenised text, and prepares the words the intent model reads:
/// a network name becomes a placeholder of its network, so "Binance Smart Chain" reads as BSC and never as the
/// exchange, and "bep20", "бск" and "smart chain" all look alike to the model.
/// </summary>
internal sealed class NetworkMentions
{
    private readonly IReadOnlyList<(string Network, Phrase Phrase)> phrases;

    public NetworkMentions(IReadOnlyList<(string Network, Phrase Phrase)> phrases)
    {
        // Longest first, so "bnb smart chain" wins over "bnb" at the same place.
        this.phrases = [.. phrases.OrderByDescending(p => p.Phrase.Length)];
        var signature = string.Join('\n', this.phrases.Select(p => p.Network + "=" + p.Phrase.Text));
        Signature = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signature)))[..16];
    }

    /// <summary>Changes whenever the aliases change: part of the intent model's cache key.</summary>
    public string Signature { get; }

    /// <summary>Non-overlapping mentions, left to right, the longest alias at each place.</summary>
    public List<NetworkMention> Find(IReadOnlyList<Token> tokens)
    {
        var found = new List<NetworkMention>();
        for (var start = 0; start < tokens.Count;)
        {
            var length = 0;
            for (var i = 0; i < phrases.Count; i++)
            {
                var (network, phrase) = phrases[i];
                if (phrase.MatchesAt(tokens, start))
                {
                    found.Add(new NetworkMention(network, start, phrase.Length));
                    length = phrase.Length;
                    break;
                }
            }

            start += Math.Max(length, 1);
        }

        return found;
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
}
