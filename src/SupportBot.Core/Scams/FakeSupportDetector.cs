using SupportBot.Core.Content;

namespace SupportBot.Core.Scams;

/// <summary>Why a message reads like fake support.</summary>
/// <param name="Kind">The kind of wording (<see cref="ScamPeopleContent.FakeSupportKinds"/>): private-contact, contact-handle or wallet-fix.</param>
/// <param name="Language">The language of the pattern that matched: en, ru or ru-latn.</param>
/// <param name="Pattern">The pattern as written in <c>content/scams-people.yaml</c>.</param>
/// <param name="Excerpt">The words of the message it matched, redacted by the secret guard.</param>
public sealed record FakeSupportMatch(string Kind, string Language, string Pattern, string Excerpt)
{
    /// <summary>The reason in English, for application logs and tests; moderators read <see cref="FakeSupportDetector.Reason"/>.</summary>
    public string Describe() => $"{Kind} ({Language}): '{Excerpt}' matches '{Pattern}'";
}

/// <summary>
/// Finds the wording of fake support ("DM me for support", "пиши в лс", "validate your wallet", "contact @…") with the
/// patterns of <c>content/scams-people.yaml</c>, through the same folding as names (look-alike letters, leetspeak,
/// "D M" spelled out, transliteration). A message pointing to the community's own staff is not fake support.
/// </summary>
public sealed class FakeSupportDetector(ScamPeopleContent content, ImpersonationCheck names)
{
    /// <summary>Texts used by <see cref="Reason"/>.</summary>
    public static readonly IReadOnlyList<string> TextKeys = [.. ScamPeopleContent.FakeSupportKinds.Select(k => $"scams-people.reason.{k}")];

    /// <summary>A detector over the content's patterns and protected words.</summary>
    public FakeSupportDetector(ScamPeopleContent content)
        : this(content, new ImpersonationCheck(content))
    {
    }

    /// <summary>The first fake-support wording in <paramref name="text"/>, or null.</summary>
    /// <param name="text">The message as written.</param>
    /// <param name="ownStaffUsernames">The community's staff usernames (with or without <c>@</c>): sending people to them is fine.</param>
    public FakeSupportMatch? Detect(string text, IEnumerable<string>? ownStaffUsernames = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var staff = new HashSet<string>((ownStaffUsernames ?? []).Select(u => u.TrimStart('@')), StringComparer.OrdinalIgnoreCase);
        foreach (var sentence in Sentences(text))
        {
            var words = ImpersonationFolding.Words(sentence, joinSpelledOut: true);
            foreach (var pattern in content.Patterns.Where(p => !p.Clears))
            {
                if (pattern.Match(words, staff.Contains, names.LooksLikeSupport) is not var (first, last)
                    || content.Patterns.Any(p => p.Clears && p.Kind == pattern.Kind && p.Match(words, staff.Contains, names.LooksLikeSupport) is not null))
                {
                    continue;
                }

                var excerpt = string.Join(' ', words.Skip(first).Take(last - first + 1).Select(w => w.IsHandle ? "@" + w.Original : w.Original));
                return new FakeSupportMatch(pattern.Kind, pattern.Language, pattern.Text, Triage.SecretGuard.Scan(excerpt).RedactedText);
            }
        }

        return null;
    }

    /// <summary>
    /// The message's sentences: "How can I help you? DM me" is a question and an offer. A dot ends a sentence only
    /// before a space, so "d.m" and "wallet-connect.org" stay whole.
    /// </summary>
    private static IEnumerable<string> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var end = text[i] is '?' or '!' or '\n' or '…' || (text[i] == '.' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));
            if (end)
            {
                if (i > start)
                {
                    yield return text[start..i];
                }

                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    /// <summary>The reason for the moderators' log, in <paramref name="language"/>.</summary>
    public static string Reason(ContentCatalog content, string language, FakeSupportMatch match) =>
        ScamTexts.Fill(content, language, $"scams-people.reason.{match.Kind}", new Dictionary<string, string> { ["what"] = match.Excerpt });
}
