using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace SupportBot.Core.Intents;

/// <summary>One labelled training example.</summary>
public readonly record struct IntentExample(string Intent, string Text);

/// <summary>
/// Learns an <see cref="IntentModel"/> from labelled examples with ML.NET's L-BFGS maximum-entropy trainer over
/// <see cref="IntentFeatures"/>. Deterministic: the same examples give the same model.
/// </summary>
public static class IntentTrainer
{
    /// <summary>Changes whenever training changes, so cached models of another trainer are not reused.</summary>
    public const string Version = "lbfgs-maxent-v1";

    /// <summary>Trains on <paramref name="examples"/>; intents are ordered by id.</summary>
    /// <param name="examples">The labelled examples.</param>
    /// <param name="words">How a text becomes the model's words; the same function must prepare texts to predict.</param>
    public static IntentModel Train(IReadOnlyList<IntentExample> examples, Func<string, IReadOnlyList<string>>? words = null)
    {
        words ??= IntentFeatures.Words;
        var intents = examples.Select(e => e.Intent).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (intents.Length < 2)
        {
            throw new ArgumentException("training needs examples of at least two intents", nameof(examples));
        }

        var classOf = intents.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var texts = examples.Select(e => words(e.Text)).ToArray();
        var vectors = texts.Select(IntentFeatures.Extract).ToArray();
        var vocabulary = texts.SelectMany(w => w).Where(w => !IntentFeatures.IsPlaceholder(w)).Distinct(StringComparer.Ordinal).ToArray();

        // Only features that occur in training can carry weight: the trainer works in that compact space.
        var seen = vectors.SelectMany(v => v.Indices).Distinct().Order().ToArray();
        var compact = seen.Select((feature, i) => (feature, i)).ToDictionary(p => p.feature, p => p.i);
        var rows = examples.Select((e, n) => new Row
        {
            Label = (uint)classOf[e.Intent],
            Features = new VBuffer<float>(seen.Length, vectors[n].Indices.Length, vectors[n].Values, [.. vectors[n].Indices.Select(f => compact[f])]),
        });

        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), intents.Length);
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, seen.Length);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            L1Regularization = 0,
            L2Regularization = 0.02f,
            OptimizationTolerance = 1e-6f,
            MaximumNumberOfIterations = 200,
            NumberOfThreads = 1,
        });
        var parameters = trainer.Fit(data).Model;

        VBuffer<float>[] perClass = [];
        parameters.GetWeights(ref perClass, out var classes);
        var biases = parameters.GetBiases().ToArray();
        var weights = new float[seen.Length * classes];
        for (var c = 0; c < classes; c++)
        {
            foreach (var (i, w) in perClass[c].Items())
            {
                weights[(i * classes) + c] = w;
            }
        }

        return new IntentModel(intents, compact.ToDictionary(p => p.Key, p => p.Value), weights, biases, vocabulary);
    }

    private sealed class Row
    {
        public uint Label { get; set; }

        public VBuffer<float> Features { get; set; }
    }
}
