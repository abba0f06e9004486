using System.Text.RegularExpressions;

namespace SupportBot.Core.Figures;

/// <summary>
/// A not-understood message as the figures keep it: already redacted by the secret guard, then lower-cased, with
/// hashes and addresses reduced to <c>0x…</c> and whitespace collapsed, so the same question counts once however it
/// was typed, and cut to <see cref="MaxLength"/> characters.
/// </summary>
public static partial class NotUnderstoodText
{
    public const int MaxLength = 200;

    public static string Normalize(string redacted)
    {
        ArgumentNullException.ThrowIfNull(redacted);
        var text = HexValue().Replace(redacted.ToLowerInvariant(), "0x…");
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length <= MaxLength ? text : text[..MaxLength].TrimEnd() + "…";
    }

    [GeneratedRegex(@"0x[0-9a-f]{6,}")]
    private static partial Regex HexValue();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
