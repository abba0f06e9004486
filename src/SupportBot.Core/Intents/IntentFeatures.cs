using System.Buffers;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Intents;

/// <summary>
/// Turns a message into the sparse feature vector the intent model reads: normalised words (Cyrillic transliterated,
/// so Russian in either alphabet meets), word pairs, and character n-grams inside words (so typos and endings still
/// share most features). Entities are masked: a hash or an address says "there is a hash", never which one.
/// The same code builds the training vectors and the ones predicted on, so they cannot drift apart.
/// </summary>
public static class IntentFeatures
{
    /// <summary>Size of the hashed feature space (a power of two).</summary>
    public const int Dimension = 1 << 18;

    /// <summary>Changes whenever the features change, so a cached model trained on other features is never reused.</summary>
    public const string Version = "features-v2";

    private const float WordWeight = 1f, PairWeight = 0.7f, GramWeight = 0.4f;
    private const uint WordSeed = 0x9E3779B9, PairSeed = 0x85EBCA6B, GramSeed = 0xC2B2AE35;
    private const int MinGram = 3, MaxGram = 5;

    /// <summary>Feature indices (sorted, distinct) and their values (L2-normalised) for <paramref name="text"/>.</summary>
    public static (int[] Indices, float[] Values) Extract(string text) => Extract(Words(text));

    /// <summary>Features of words already prepared (normalised, entities masked), e.g. by the triage's masker.</summary>
    public static (int[] Indices, float[] Values) Extract(IReadOnlyList<string> words)
    {
        var capacity = 2;
        foreach (var word in words)
        {
            capacity += 2 + ((MaxGram - MinGram + 1) * (word.Length + 2));
        }

        var indices = ArrayPool<int>.Shared.Rent(capacity);
        var values = ArrayPool<float>.Shared.Rent(capacity);
        try
        {
            var count = 0;
            void Add(uint hash, uint seed, float weight)
            {
                indices[count] = Index(hash, seed);
                values[count++] = weight;
            }

            var previous = Fnv("^");
            foreach (var word in words)
            {
                var hash = Fnv(word);
                Add(hash, WordSeed, WordWeight);
                Add((previous * 0x01000193u) ^ hash, PairSeed, PairWeight);
                if (!IsPlaceholder(word))
                {
                    for (var n = MinGram; n <= MaxGram; n++)
                    {
                        // Grams of "<word>": the brackets mark the word's start and end without building the string.
                        for (var start = 0; start + n <= word.Length + 2; start++)
                        {
                            Add(GramHash(word, start, n), GramSeed + (uint)n, GramWeight);
                        }
                    }
                }

                previous = hash;
            }

            if (words.Count > 0)
            {
                Add((previous * 0x01000193u) ^ Fnv("$"), PairSeed, PairWeight);
            }

            return Compact(indices.AsSpan(0, count), values.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
            ArrayPool<float>.Shared.Return(values);
        }
    }

    /// <summary>The words the model sees, entities replaced by placeholders.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var tokens = TextNormalizer.Tokenize(text);
        var words = new List<string>(tokens.Count);
        foreach (var token in tokens)
        {
            words.Add(Mask(token.Normalized));
        }

        return words;
    }

    /// <summary>True for the placeholder of an entity or a network rather than a word the user chose.</summary>
    public static bool IsPlaceholder(string word) => word.Length > 0 && word[0] == '<';

    /// <summary>The placeholder of one normalised token: itself, or what kind of entity it is.</summary>
    internal static string Mask(string word) => word switch
    {
        _ when word.StartsWith("0x", StringComparison.Ordinal) && word.Length >= 60 => "<hash>",
        _ when word.StartsWith("0x", StringComparison.Ordinal) && word.Length >= 30 => "<address>",
        _ when word.StartsWith("bnb1", StringComparison.Ordinal) && word.Length >= 30 => "<bep2-address>",
        _ when word.Length >= 25 && word.Any(char.IsAsciiDigit) && word.All(char.IsAsciiLetterOrDigit) => "<id>",
        _ when word.All(char.IsAsciiDigit) => word.Length <= 2 ? "<n>" : "<number>",
        _ => word,
    };

    // Sorted by index, repeats summed, scaled to unit length: a long message weighs no more than a short one.
    private static (int[] Indices, float[] Values) Compact(Span<int> indices, Span<float> values)
    {
        indices.Sort(values);
        var distinct = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            if (distinct > 0 && indices[distinct - 1] == indices[i])
            {
                values[distinct - 1] += values[i];
            }
            else
            {
                indices[distinct] = indices[i];
                values[distinct++] = values[i];
            }
        }

        var norm = 0f;
        foreach (var v in values[..distinct])
        {
            norm += v * v;
        }

        norm = norm > 0 ? MathF.Sqrt(norm) : 1;
        var resultValues = new float[distinct];
        for (var i = 0; i < distinct; i++)
        {
            resultValues[i] = values[i] / norm;
        }

        return (indices[..distinct].ToArray(), resultValues);
    }

    // FNV-1a: stable across processes and runtimes (string.GetHashCode is randomised per process).
    private static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private static uint GramHash(string word, int start, int length)
    {
        var hash = 2166136261u;
        for (var i = start; i < start + length; i++)
        {
            var c = i == 0 ? '<' : i == word.Length + 1 ? '>' : word[i - 1];
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    // A final mix per feature kind, so a word and a gram with the same letters land in different places.
    private static int Index(uint hash, uint seed)
    {
        var h = hash ^ seed;
        h ^= h >> 16;
        h *= 0x7FEB352Du;
        h ^= h >> 15;
        h *= 0x846CA68Bu;
        h ^= h >> 16;
        return (int)(h & (Dimension - 1));
    }
}
