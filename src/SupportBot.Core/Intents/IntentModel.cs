using System.Collections.Frozen;

namespace SupportBot.Core.Intents;

/// <summary>One intent and how sure the model is of it (0–1; the scores of all intents sum to 1).</summary>
public readonly record struct IntentScore(string Intent, float Confidence);

/// <summary>
/// A trained linear (maximum-entropy) intent classifier: a weight per intent for each feature seen in training.
/// Prediction is a sparse dot product and a softmax — microseconds, thread-safe, no allocations beyond the result —
/// which is why the weights are read out of the trainer instead of keeping its prediction pipeline at run time.
/// </summary>
public sealed class IntentModel
{
    private readonly FrozenDictionary<int, int> rows;
    private readonly float[] weights;
    private readonly float[] biases;

    /// <param name="intents">Intent ids, in class order.</param>
    /// <param name="featureRows">Feature index → row number in <paramref name="weights"/>.</param>
    /// <param name="weights">Row-major: one row per known feature, one column per intent.</param>
    /// <param name="biases">One per intent.</param>
    /// <param name="vocabulary">Every word of the training examples: unknown words are read as the closest of these.</param>
    public IntentModel(IReadOnlyList<string> intents, IReadOnlyDictionary<int, int> featureRows, float[] weights, float[] biases,
        IReadOnlyCollection<string> vocabulary)
    {
        if (biases.Length != intents.Count || weights.Length != featureRows.Count * intents.Count)
        {
            throw new ArgumentException("weights and biases do not match the intents and features");
        }

        Intents = intents;
        rows = featureRows.ToFrozenDictionary();
        this.weights = weights;
        this.biases = biases;
        Vocabulary = vocabulary;
        corrector = new SpellingCorrector(vocabulary);
    }

    /// <summary>Every word of the training examples.</summary>
    public IReadOnlyCollection<string> Vocabulary { get; }

    private readonly SpellingCorrector corrector;

    /// <summary>Intent ids, in class order.</summary>
    public IReadOnlyList<string> Intents { get; }

    /// <summary>Every intent with its confidence, the likeliest first.</summary>
    public IReadOnlyList<IntentScore> Predict(string text) => Predict(IntentFeatures.Words(text));

    /// <summary>Every intent with its confidence for words already prepared (see <see cref="IntentFeatures"/>).</summary>
    public IReadOnlyList<IntentScore> Predict(IReadOnlyList<string> words)
    {
        var corrected = new string[words.Count];
        for (var i = 0; i < corrected.Length; i++)
        {
            corrected[i] = corrector.Correct(words[i]);
        }

        var (indices, values) = IntentFeatures.Extract(corrected);
        var classes = Intents.Count;
        Span<float> scores = classes <= 64 ? stackalloc float[classes] : new float[classes];
        biases.CopyTo(scores);
        for (var i = 0; i < indices.Length; i++)
        {
            if (rows.TryGetValue(indices[i], out var row))
            {
                var value = values[i];
                var offset = row * classes;
                for (var c = 0; c < classes; c++)
                {
                    scores[c] += weights[offset + c] * value;
                }
            }
        }

        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        var sum = 0f;
        for (var c = 0; c < classes; c++)
        {
            scores[c] = MathF.Exp(scores[c] - max);
            sum += scores[c];
        }

        var result = new IntentScore[classes];
        for (var c = 0; c < classes; c++)
        {
            result[c] = new IntentScore(Intents[c], scores[c] / sum);
        }

        Array.Sort(result, (a, b) => b.Confidence.CompareTo(a.Confidence));
        return result;
    }

    /// <summary>Writes the model in a small binary form for the on-disk cache.</summary>
    public void Save(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(FileMagic);
        writer.Write(Intents.Count);
        foreach (var intent in Intents)
        {
            writer.Write(intent);
        }

        writer.Write(rows.Count);
        foreach (var (feature, row) in rows.OrderBy(r => r.Value))
        {
            writer.Write(feature);
            writer.Write(row);
        }

        foreach (var w in weights)
        {
            writer.Write(w);
        }

        foreach (var b in biases)
        {
            writer.Write(b);
        }

        writer.Write(Vocabulary.Count);
        foreach (var word in Vocabulary.Order(StringComparer.Ordinal))
        {
            writer.Write(word);
        }
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream does not hold a whole model.</exception>
    public static IntentModel Load(Stream stream)
    {
        try
        {
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != FileMagic)
            {
                throw new InvalidDataException("not an intent model file");
            }

            var intents = new string[reader.ReadInt32()];
            for (var i = 0; i < intents.Length; i++)
            {
                intents[i] = reader.ReadString();
            }

            var count = reader.ReadInt32();
            var rows = new Dictionary<int, int>(count);
            for (var i = 0; i < count; i++)
            {
                rows[reader.ReadInt32()] = reader.ReadInt32();
            }

            var weights = new float[count * intents.Length];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = reader.ReadSingle();
            }

            var biases = new float[intents.Length];
            for (var i = 0; i < biases.Length; i++)
            {
                biases[i] = reader.ReadSingle();
            }

            var vocabulary = new string[reader.ReadInt32()];
            for (var i = 0; i < vocabulary.Length; i++)
            {
                vocabulary[i] = reader.ReadString();
            }

            return new IntentModel(intents, rows, weights, biases, vocabulary);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("the intent model file is cut short", ex);
        }
    }

    private const string FileMagic = "supportbot-intent-model-2";
}
