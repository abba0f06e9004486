namespace SupportBot.Core.Triage;

/// <summary>The maximal runs of characters that satisfy a predicate: how the secret and entity scanners see words.</summary>
internal static class WordRuns
{
    public static IEnumerable<(int Start, int End)> Of(string text, Func<char, bool> isWordChar)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!isWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && isWordChar(text[i]))
            {
                i++;
            }

            yield return (start, i);
        }
    }
}
