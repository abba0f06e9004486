using System.Text;
using System.Text.RegularExpressions;

namespace SupportBot.Discord.Channel;

/// <summary>The user's copy of a transcript: staff's internal notes never reach the user, not even at closing.</summary>
public static partial class TicketTranscripts
{
    /// <summary>
    /// <paramref name="transcript"/> (as <c>TicketTranscript.Build</c> writes it) without its <c>note</c> lines, each
    /// dropped with the lines it runs on to, up to the next dated line.
    /// </summary>
    public static string WithoutNotes(string transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var kept = new StringBuilder(transcript.Length);
        var inNote = false;
        foreach (var line in transcript.Split('\n'))
        {
            if (DatedLine().Match(line) is { Success: true } dated)
            {
                inNote = dated.Groups["author"].Value == "note";
            }

            if (!inNote)
            {
                kept.Append(line).Append('\n');
            }
        }

        return kept.ToString(0, Math.Max(0, kept.Length - 1));
    }

    [GeneratedRegex(@"^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}\] (?<author>user|staff|note|bot|closed:)[ :]")]
    private static partial Regex DatedLine();
}
