using System.Collections.Frozen;
using SupportBot.Core.Content;
using SupportBot.Core.Intents;

namespace SupportBot.Core.Triage;

/// <summary>
/// Reads free text in English or Russian (any case, typos, transliteration): which scenario it is about, which
/// language it is in, which networks, hashes and addresses it mentions, and whether it leaks a secret.
/// Keywords and network names come from content, so the words are data and this is only the matching.
/// </summary>
public sealed class TriageService
{
    private readonly (string Scenario, string Language, Phrase Phrase, double Weight)[] intentPhrases;
    private readonly PhraseIndex keywordIndex;
    private readonly NetworkMentions networkMentions;
    private readonly FrozenDictionary<string, IReadOnlyList<Phrase>> commands;
    private readonly string? bep2Scenario;
    private readonly string? transactionScenario;
    private readonly string? twoNetworksScenario;
    private readonly FrozenSet<string> retiredNetworks;
    private readonly IntentModel? model;
    private readonly IntentThresholds thresholds;
    private readonly FrozenDictionary<string, string> intentScenarios;

    /// <summary>Triage with the intent model learned from <paramref name="content"/> (trained once, then cached).</summary>
    public TriageService(ContentCatalog content)
        : this(content, TrainedModel(content, IntentModelCache.DefaultDirectory))
    {
    }

    /// <summary>The intent model for <paramref name="content"/>: from memory, from the cache folder, or trained now.</summary>
    public static IntentModel? TrainedModel(ContentCatalog content, string cacheDirectory)
    {
        var mentions = NetworkMentions.From(content);
        return IntentModelCache.GetOrTrain(content.Intents, mentions.ModelWords, mentions.Signature, cacheDirectory);
    }

    /// <summary>Triage with a given model; without one, scenarios come from the keyword lexicon alone.</summary>
    public TriageService(ContentCatalog content, IntentModel? model, IntentThresholds? thresholds = null)
    {
        this.model = model;
        this.thresholds = thresholds ?? IntentThresholds.Default;
        intentScenarios = content.Intents.Values.ToFrozenDictionary(i => i.Id, i => i.Route?.Scenario ?? TriageResult.NoScenario, StringComparer.Ordinal);
        intentPhrases = [.. content.Lexicon.Intents.SelectMany(intent => intent.Value.ByLanguage.SelectMany(language =>
            language.Value.Select(keyword => (intent.Key, language.Key, new Phrase(keyword), intent.Value.Weight)))).Where(p => !p.Item3.IsEmpty)];
        keywordIndex = new PhraseIndex([.. intentPhrases.Select(p => p.Phrase)]);
        networkMentions = NetworkMentions.From(content);
        commands = content.Lexicon.Commands.ToFrozenDictionary(c => c.Key, c => (IReadOnlyList<Phrase>)[.. c.Value.Select(w => new Phrase(w))]);
        bep2Scenario = content.Lexicon.Routes.GetValueOrDefault(TriageRoutes.Bep2)?.Scenario;
        transactionScenario = content.Lexicon.Routes.GetValueOrDefault(TriageRoutes.Transaction)?.Scenario;
        twoNetworksScenario = content.Lexicon.Routes.GetValueOrDefault(TriageRoutes.TwoNetworks)?.Scenario;
        retiredNetworks = content.Networks.Values.Where(n => !n.Active).Select(n => n.Key).ToFrozenSet();
    }

    public TriageResult Analyze(string text)
    {
        var scan = SecretGuard.Scan(text);
        var safeText = scan.RedactedText;
        var entities = EntityExtractor.ExtractRedacted(safeText);
        var tokens = TextNormalizer.Tokenize(safeText);

        var mentioned = networkMentions.Find(tokens);
        var networks = mentioned.Where(m => !m.IsAmbiguous).Select(m => m.Network).Distinct(StringComparer.Ordinal).ToList();

        // "Binance Chain" names no network for sure (BNB Smart Chain to most people today, the retired BNB Beacon Chain
        // to some): the bot asks.
        var ambiguous = mentioned.Where(m => m.IsAmbiguous).Select(m => m.AmbiguousId).Distinct(StringComparer.Ordinal).ToList();

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var hitsByLanguage = new Dictionary<string, int>(StringComparer.Ordinal);
        // A word counts once per scenario: "binance" matching both "binance" and "бинанс*" is one mention. A keyword
        // within a network name is part of the name: the "binance" of "Binance Smart Chain" or "Binance Chain" is not
        // the exchange (but "to bsc" is still a keyword).
        var counted = new HashSet<(string Scenario, int Token)>();
        Span<int> firstAt = intentPhrases.Length <= 256 ? stackalloc int[intentPhrases.Length] : new int[intentPhrases.Length];
        FirstKeywordPlaces(tokens, mentioned, firstAt);
        for (var index = 0; index < firstAt.Length; index++)
        {
            var (scenario, keywordLanguage, phrase, weight) = intentPhrases[index];
            if (firstAt[index] >= 0 && CountOnce(counted, scenario, firstAt[index], phrase.Length))
            {
                scores[scenario] = scores.GetValueOrDefault(scenario) + (phrase.Length > 1 ? 2 : 1) * weight;
                hitsByLanguage[keywordLanguage] = hitsByLanguage.GetValueOrDefault(keywordLanguage) + 1;
            }
        }

        // Entities are evidence too: BEP2 traces mean the retired chain, a bare hash means "where did my transfer go",
        // two EVM networks lean towards a cross-chain move (but "withdraw on BEP20 or ERC20?" is still a withdrawal).
        void Hint(string? scenario, double weight)
        {
            if (scenario is not null)
            {
                scores[scenario] = scores.GetValueOrDefault(scenario) + weight;
            }
        }

        if (entities.Addresses.Any(a => a.Kind == AddressKind.Bep2) || entities.Bep2TransactionHashes.Count > 0 || networks.Any(retiredNetworks.Contains))
        {
            Hint(bep2Scenario, 2);
        }

        if (networks.Count(n => !retiredNetworks.Contains(n)) >= 2)
        {
            Hint(twoNetworksScenario, 0.75);
        }

        if (entities.Transactions.Count > 0)
        {
            Hint(transactionScenario, 1);
        }

        var scenarioId = Leader(scores) is { } leader && scores[leader] >= 1 ? leader : TriageResult.NoScenario;

        // The model reads the whole message (entities masked, secrets already cut out); when it is sure, its intent
        // decides the scenario. Keywords remain the answer only when there is no model.
        // A message of nothing but a hash or an address says where to look, not what happened: entities decide.
        var words = NetworkMentions.ModelWords(tokens, mentioned);
        var intents = model is not null && words.Any(w => !IntentFeatures.IsPlaceholder(w)) ? model.Predict(words) : [];
        var clarify = thresholds.IsUnsure(intents);
        if (intents.Count > 0 && !clarify)
        {
            scenarioId = intentScenarios.GetValueOrDefault(intents[0].Intent, TriageResult.NoScenario);
        }

        // The redaction markers are English words the user never wrote.
        var written = scan.Found ? safeText.Replace(SecretGuard.PhraseMarker, " ", StringComparison.Ordinal).Replace(SecretGuard.KeyMarker, " ", StringComparison.Ordinal) : safeText;
        var (language, confident) = DetectLanguage(written, scan.Found ? TextNormalizer.Tokenize(written) : tokens, hitsByLanguage);
        return new TriageResult
        {
            Scenario = scenarioId,
            Language = language,
            LanguageConfident = confident,
            Entities = entities,
            Networks = networks,
            AmbiguousNetworks = ambiguous,
            Secret = scan.Kinds,
            RedactedText = safeText,
            Intent = intents.Count > 0 ? intents[0].Intent : TriageResult.NoIntent,
            Confidence = intents.Count > 0 ? intents[0].Confidence : 0,
            Alternatives = [.. intents.Skip(1).Take(thresholds.ChoicesWhenUnsure)],
            Clarify = clarify,
        };
    }

    /// <summary>The global command the whole text stands for ("menu", "/start", "назад"), or null.</summary>
    public string? MatchCommand(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length is 0 or > 40)
        {
            return null;
        }

        // "/start@SupportBot" and "/start payload" are commands too; adapters pass the text as typed.
        if (trimmed[0] == '/')
        {
            trimmed = trimmed[1..].Split([' ', '@'], 2)[0];
        }

        var tokens = TextNormalizer.Tokenize(trimmed);
        foreach (var (command, phrases) in commands)
        {
            if (phrases.Any(p => p.Equals(tokens)))
            {
                return command;
            }
        }

        return null;
    }

    /// <summary>For each keyword phrase, the first token where it occurs outside a network name, or -1.</summary>
    private void FirstKeywordPlaces(List<Token> tokens, List<NetworkMention> mentioned, Span<int> firstAt)
    {
        firstAt.Fill(-1);
        var here = new List<int>();
        for (var start = 0; start < tokens.Count; start++)
        {
            keywordIndex.At(tokens, start, here);
            foreach (var index in here)
            {
                if (firstAt[index] < 0 && !WithinName(mentioned, start, intentPhrases[index].Phrase.Length))
                {
                    firstAt[index] = start;
                }
            }
        }
    }

    /// <summary>The scenario that scored highest, ahead of every other; null when none scored or the best are tied.</summary>
    private static string? Leader(Dictionary<string, double> scores)
    {
        string? best = null;
        var (bestScore, secondScore) = (double.NegativeInfinity, double.NegativeInfinity);
        foreach (var (scenario, score) in scores)
        {
            if (score > bestScore)
            {
                (best, bestScore, secondScore) = (scenario, score, bestScore);
            }
            else if (score > secondScore)
            {
                secondScore = score;
            }
        }

        return bestScore > secondScore ? best : null;
    }

    private static bool WithinName(List<NetworkMention> mentioned, int at, int length)
    {
        foreach (var m in mentioned)
        {
            if (m.Start <= at && at + length <= m.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Notes the tokens of a keyword for its scenario; false as soon as one was already counted for it.</summary>
    private static bool CountOnce(HashSet<(string Scenario, int Token)> counted, string scenario, int at, int length)
    {
        for (var i = at; i < at + length; i++)
        {
            if (!counted.Add((scenario, i)))
            {
                return false;
            }
        }

        return true;
    }

    private static (string Language, bool Confident) DetectLanguage(string text, List<Token> tokens, Dictionary<string, int> hits)
    {
        int cyrillic = 0, latin = 0;
        foreach (var token in tokens.Where(t => t.IsWord))
        {
            foreach (var c in token.Original)
            {
                if (TextNormalizer.IsCyrillic(c))
                {
                    cyrillic++;
                }
                else if (char.IsAsciiLetter(c))
                {
                    latin++;
                }
            }
        }

        if (cyrillic > 0 && cyrillic >= latin)
        {
            return ("ru", cyrillic >= 3);
        }

        // Russian written in Latin letters shows itself through Russian keywords ("ne vizhu tokeny").
        var ru = hits.GetValueOrDefault("ru");
        var en = hits.GetValueOrDefault("en");
        if (ru > en)
        {
            return ("ru", true);
        }

        var words = tokens.Count(t => t.IsWord && t.Normalized.Length > 1);
        return ("en", text.Length > 0 && latin >= 3 && words >= 3);
    }
}
