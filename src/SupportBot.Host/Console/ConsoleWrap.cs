using System.Text;
using System.Text.RegularExpressions;

namespace SupportBot.Host.Console;

/// <summary>
/// Word wrapping for the terminal. Lines break only at spaces, so a URL (or any word longer than the line) stays in
/// one piece and can still be clicked or copied; continuation lines are indented under the text of a list item.
/// ANSI escapes take no room.
/// </summary>
public static partial class ConsoleWrap
{
    /// <summary>Narrower than this, indenting continuation lines would leave too little room for text.</summary>
    private const int MinTextWidth = 20;

    /// <summary>
    /// <paramref name="prefix"/> + <paramref name="text"/> as lines of at most <paramref name="width"/> columns
    /// (null: one line); continuation lines start with as many spaces as the prefix is wide.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string prefix, string text, int? width)
    {
        if (width is not { } columns || VisibleLength(prefix) + VisibleLength(text) <= columns)
        {
            return [prefix + text];
        }

        var indent = VisibleLength(prefix);
        if (columns - indent < MinTextWidth)
        {
            indent = 0;
        }

        var lines = new List<string>();
        var line = new StringBuilder(prefix);
        var lineLength = VisibleLength(prefix);
        var empty = true;
        foreach (var word in text.Split(' '))
        {
            var length = VisibleLength(word);
            if (!empty && lineLength + 1 + length > columns)
            {
                lines.Add(line.ToString());
                line.Clear().Append(' ', indent);
                lineLength = indent;
                empty = true;
            }

            if (!empty)
            {
                line.Append(' ');
                lineLength++;
            }

            line.Append(word);
            lineLength += length;
            empty = false;
        }

        lines.Add(line.ToString());
        return lines;
    }

    /// <summary>Columns a string takes on the terminal, not counting ANSI escapes.</summary>
    public static int VisibleLength(string text) => Escape().Replace(text, "").Length;

    [GeneratedRegex(@"\u001b\[[0-9;]*m")]
    private static partial Regex Escape();
}
