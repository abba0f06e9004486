using SupportBot.Core.Triage;

namespace SupportBot.Core.Content;

/// <summary>Reads and checks <c>content/answers.yaml</c>: the replies that mean yes, no or "not sure".</summary>
internal static class AnswerKindsLoader
{
    private const string File = "answers.yaml";

    public static IReadOnlyDictionary<string, AnswerKind> Load(string root, List<ContentError> errors)
    {
        var kinds = new Dictionary<string, AnswerKind>(StringComparer.Ordinal);
        var r = new YamlReader($"content/{File}", errors);
        var path = Path.Combine(root, File);
        if (!System.IO.File.Exists(path))
        {
            errors.Add(new ContentError(r.DisplayPath, 0, "file not found"));
            return kinds;
        }

        if (YamlReader.Open(path, r.DisplayPath, errors) is not { } map)
        {
            return kinds;
        }

        r.OnlyKeys(map, [.. AnswerKind.Ids]);
        foreach (var id in AnswerKind.Ids)
        {
            if (r.Mapping(r.Node(map, id), $"'{id}'") is not { } kind)
            {
                r.Error(map, $"answer '{id}' is missing");
                continue;
            }

            r.OnlyKeys(kind, ["label-words", .. AnswerKind.Languages]);
            var labelWords = r.Strings(kind, "label-words");
            if (labelWords.Count == 0)
            {
                r.Error(kind, $"answer '{id}' needs 'label-words': how a button's label says it");
            }

            var replies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var language in AnswerKind.Languages)
            {
                replies[language] = r.Strings(kind, language);
                if (replies[language].Count == 0 && AnswerKind.RequiredLanguages.Contains(language))
                {
                    r.Error(kind, $"answer '{id}' has no '{language}' replies");
                }
            }

            kinds[id] = new AnswerKind(id, labelWords, replies, r.At(kind));
        }

        CheckOneMeaning(kinds.Values, errors);
        return kinds;
    }

    /// <summary>A reply that means two answers, give or take a typo, would press either button: an error.</summary>
    private static void CheckOneMeaning(IEnumerable<AnswerKind> kinds, List<ContentError> errors)
    {
        var replies = kinds.SelectMany(k => k.AllReplies.Select(text => (Kind: k, Text: text, Phrase: new Phrase(text), Tokens: TextNormalizer.Tokenize(text)))).ToList();
        foreach (var reply in replies.Where(r => r.Phrase.IsEmpty))
        {
            errors.Add(new ContentError(reply.Kind.Source.File, reply.Kind.Source.Line, $"reply '{reply.Text}' of answer '{reply.Kind.Id}' has no words"));
        }

        for (var i = 0; i < replies.Count; i++)
        {
            for (var j = i + 1; j < replies.Count; j++)
            {
                var (a, b) = (replies[i], replies[j]);
                if (a.Kind != b.Kind && !a.Phrase.IsEmpty && (a.Phrase.Equals(b.Tokens) || b.Phrase.Equals(a.Tokens)))
                {
                    errors.Add(new ContentError(b.Kind.Source.File, b.Kind.Source.Line,
                        $"'{a.Text}' of answer '{a.Kind.Id}' and '{b.Text}' of answer '{b.Kind.Id}' read alike: a reply must mean one answer"));
                }
            }
        }
    }
}
