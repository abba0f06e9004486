using SupportBot.Core.Triage;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Core.Content;

/// <summary>Reads and checks <c>content/intents/*.yaml</c>: one file per intent, examples per language.</summary>
internal static class IntentExamplesLoader
{
    public static IReadOnlyDictionary<string, IntentExamples> Load(string root, List<ContentError> errors)
    {
        var intents = new Dictionary<string, IntentExamples>(StringComparer.Ordinal);
        var folder = Path.Combine(root, "intents");
        if (!Directory.Exists(folder))
        {
            return intents;
        }

        // The same message under two intents teaches the model nothing but doubt; under one intent it is only noise.
        var seen = new Dictionary<string, (string Intent, SourceRef At)>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var r = new YamlReader($"content/intents/{Path.GetFileName(file)}", errors);
            if (YamlReader.Open(file, r.DisplayPath, errors) is not { } map)
            {
                continue;
            }

            r.OnlyKeys(map, "intent", "route", "interrupts", "links", "handoff", "examples");
            var id = r.String(map, "intent", required: true) ?? Path.GetFileNameWithoutExtension(file);
            if (id != Path.GetFileNameWithoutExtension(file))
            {
                r.Error(map, $"intent '{id}' must match its file name");
            }

            var byLanguage = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (r.Mapping(r.Node(map, "examples"), "'examples'") is { } examples)
            {
                r.OnlyKeys(examples, [.. IntentExamples.Languages]);
                foreach (var language in IntentExamples.Languages)
                {
                    var list = ReadExamples(r, examples, language, id, seen);
                    if (list.Count == 0)
                    {
                        r.Error(examples, $"intent '{id}' has no '{language}' examples");
                    }

                    byLanguage[language] = list;
                }
            }

            intents[id] = new IntentExamples(id, byLanguage, r.At(map)) { Route = ReadRoute(r, map), Interrupts = r.Boolean(map, "interrupts") ?? true, Links = r.Strings(map, "links"),
                Handoff = r.Boolean(map, "handoff") ?? false };
        }

        return intents;
    }

    // "scenario", "scenario/step", or "none" for an intent answered outside the scenarios.
    private static StepAddress? ReadRoute(YamlReader r, YamlMappingNode map)
    {
        var route = r.String(map, "route", required: true);
        if (route is null or "none" || r.Node(map, "route") is not { } node)
        {
            return null;
        }

        var parts = route.Split('/', 2);
        return new StepAddress(parts[0], parts.Length > 1 ? parts[1] : null, r.At(node));
    }

    private static List<string> ReadExamples(YamlReader r, YamlMappingNode examples, string language, string intent,
        Dictionary<string, (string Intent, SourceRef At)> seen)
    {
        var list = new List<string>();
        foreach (var node in r.Sequence(examples, language, required: false))
        {
            if (node is not YamlScalarNode { Value: { } text } || string.IsNullOrWhiteSpace(text))
            {
                r.Error(node, "an example is a non-empty string");
                continue;
            }

            if (SecretGuard.Scan(text).Found)
            {
                r.Error(node, "an example must not look like a recovery phrase or a private key");
                continue;
            }

            var key = string.Join(' ', TextNormalizer.Tokenize(text).Select(t => t.Normalized));
            if (seen.TryGetValue(key, out var first))
            {
                r.Error(node, first.Intent == intent
                    ? $"duplicate example (first at line {first.At.Line})"
                    : $"the same example is labelled '{first.Intent}' in {first.At.File}:{first.At.Line}");
                continue;
            }

            seen[key] = (intent, r.At(node));
            list.Add(text);
        }

        return list;
    }
}
