using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using SupportBot.Core.Content;

namespace SupportBot.Core.Intents;

/// <summary>
/// Trains the intent model once per set of examples: in memory for the life of the process, and on disk under the
/// examples' hash so a restart (or another process on the same examples) loads it in milliseconds instead of
/// training again. A damaged or foreign cache file is ignored and replaced. Nothing binary lives in the repository.
/// </summary>
public static class IntentModelCache
{
    private static readonly ConcurrentDictionary<string, Lazy<IntentModel>> Trained = new(StringComparer.Ordinal);

    /// <summary>The folder used when none is configured: shared by every process of this user on this machine.</summary>
    public static string DefaultDirectory { get; } = Path.Combine(Path.GetTempPath(), "supportbot-intent-models");

    /// <summary>The model for <paramref name="intents"/>, or null when there are too few intents to learn from.</summary>
    /// <param name="intents">The labelled examples.</param>
    /// <param name="words">How a text becomes the model's words (see <see cref="IntentTrainer.Train"/>).</param>
    /// <param name="wordsSignature">Names <paramref name="words"/>: it changes whenever that function would.</param>
    /// <param name="directory">The on-disk cache; <see cref="DefaultDirectory"/> when null.</param>
    public static IntentModel? GetOrTrain(IReadOnlyDictionary<string, IntentExamples> intents, Func<string, IReadOnlyList<string>> words,
        string wordsSignature, string? directory = null)
    {
        if (intents.Count < 2)
        {
            return null;
        }

        var hash = Hash(intents, wordsSignature);
        return Trained.GetOrAdd(hash, h => new Lazy<IntentModel>(() => LoadOrTrain(intents, words, h, directory ?? DefaultDirectory))).Value;
    }

    /// <summary>The hash that names a model: the feature version, the trainer, how words are made and every example.</summary>
    public static string Hash(IReadOnlyDictionary<string, IntentExamples> intents, string wordsSignature)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(IntentFeatures.Version + "\n" + IntentTrainer.Version + "\n" + wordsSignature + "\n"));
        foreach (var intent in intents.Values.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            foreach (var example in intent.Labelled)
            {
                sha.AppendData(Encoding.UTF8.GetBytes(example.Intent + "\t" + example.Text + "\n"));
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..32];
    }

    private static IntentModel LoadOrTrain(IReadOnlyDictionary<string, IntentExamples> intents, Func<string, IReadOnlyList<string>> words,
        string hash, string directory)
    {
        var path = Path.Combine(directory, $"intent-model-{hash}.bin");
        try
        {
            if (File.Exists(path))
            {
                using var file = File.OpenRead(path);
                return IntentModel.Load(file);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // Unreadable or damaged: train again and overwrite it.
        }

        var model = IntentTrainer.Train([.. intents.Values.SelectMany(i => i.Labelled)], words);
        TrySave(model, directory, path);
        return model;
    }

    private static void TrySave(IntentModel model, string directory, string path)
    {
        try
        {
            Directory.CreateDirectory(directory);
            // Written aside and moved into place, so a reader never sees half a file.
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            using (var file = File.Create(temporary))
            {
                model.Save(file);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only disk costs a retraining at the next start, nothing more.
        }
    }
}
