using System.Text;

namespace SupportBot.Core.Messages;

/// <summary>
/// The small formatting subset every reply is written in, parsed once so each adapter can render it natively:
/// blank-line separated paragraphs, <c>- item</c> bullets, <c>1. item</c> numbered items, <c>**bold**</c>,
/// <c>`code`</c> and <c>[label](https://…)</c>. Anything else is plain text (so user-supplied text can never inject
/// formatting of the target platform).
/// </summary>
public static class RichText
{
    public static IReadOnlyList<TextLine> Parse(string text)
    {
        var lines = new List<TextLine>();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                lines.Add(new TextLine(LineKind.Blank, null, []));
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                lines.Add(new TextLine(LineKind.Bullet, null, ParseSpans(line[2..])));
            }
            else if (TryNumbered(line, out var number, out var rest))
            {
                lines.Add(new TextLine(LineKind.Numbered, number, ParseSpans(rest)));
            }
            else
            {
                lines.Add(new TextLine(LineKind.Plain, null, ParseSpans(line)));
            }
        }

        return lines;
    }

    /// <summary>The text with all markup removed; links become "label (url)".</summary>
    public static string ToPlainText(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var line in Parse(text))
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(line.Kind switch
            {
                LineKind.Bullet => "• ",
                LineKind.Numbered => line.Number + ". ",
                _ => "",
            });
            foreach (var span in line.Spans)
            {
                sb.Append(span.Kind == SpanKind.Link && span.Url != span.Text ? $"{span.Text} ({span.Url})" : span.Text);
            }
        }

        return sb.ToString();
    }

    private static bool TryNumbered(string line, out string number, out string rest)
    {
        var i = 0;
        while (i < line.Length && i < 3 && char.IsAsciiDigit(line[i]))
        {
            i++;
        }

        var ok = i > 0 && i + 1 < line.Length && line[i] == '.' && line[i + 1] == ' ';
        number = ok ? line[..i] : "";
        rest = ok ? line[(i + 2)..] : "";
        return ok;
    }

    private static List<TextSpan> ParseSpans(string line)
    {
        var spans = new List<TextSpan>();
        var plain = new StringBuilder();
        var i = 0;
        while (i < line.Length)
        {
            if (TryDelimited(line, i, "**", "**", out var inner, out var end))
            {
                Flush();
                spans.Add(new TextSpan(SpanKind.Bold, inner, null));
                i = end;
            }
            else if (TryDelimited(line, i, "`", "`", out inner, out end))
            {
                Flush();
                spans.Add(new TextSpan(SpanKind.Code, inner, null));
                i = end;
            }
            else if (TryLink(line, i, out var label, out var url, out end))
            {
                Flush();
                spans.Add(new TextSpan(SpanKind.Link, label, url));
                i = end;
            }
            else
            {
                plain.Append(line[i]);
                i++;
            }
        }

        Flush();
        return spans;

        void Flush()
        {
            if (plain.Length > 0)
            {
                spans.Add(new TextSpan(SpanKind.Plain, plain.ToString(), null));
                plain.Clear();
            }
        }
    }

    private static bool TryDelimited(string line, int start, string open, string close, out string inner, out int end)
    {
        inner = "";
        end = start;
        if (string.CompareOrdinal(line, start, open, 0, open.Length) != 0)
        {
            return false;
        }

        var closeAt = line.IndexOf(close, start + open.Length, StringComparison.Ordinal);
        if (closeAt <= start + open.Length)
        {
            return false;
        }

        inner = line[(start + open.Length)..closeAt];
        end = closeAt + close.Length;
        return true;
    }

    private static bool TryLink(string line, int start, out string label, out string url, out int end)
    {
        label = url = "";
        end = start;
        if (line[start] != '[')
        {
            return false;
        }

        var labelEnd = line.IndexOf("](", start + 1, StringComparison.Ordinal);
        var urlEnd = labelEnd < 0 ? -1 : line.IndexOf(')', labelEnd + 2);
        if (labelEnd <= start + 1 || urlEnd < 0)
        {
            return false;
        }

        url = line[(labelEnd + 2)..urlEnd];
        if (!url.StartsWith("https://", StringComparison.Ordinal) && !url.StartsWith("http://", StringComparison.Ordinal))
        {
            return false;
        }

        label = line[(start + 1)..labelEnd];
        end = urlEnd + 1;
        return true;
    }
}

public enum LineKind
{
    Plain,
    Blank,
    Bullet,
    Numbered,
}

public enum SpanKind
{
    Plain,
    Bold,
    Code,
    Link,
}

/// <summary>One line of a reply: its kind, the number of a numbered item, and its spans.</summary>
public sealed record TextLine(LineKind Kind, string? Number, IReadOnlyList<TextSpan> Spans);

/// <summary>A run of text with one format; <see cref="Url"/> is set for links.</summary>
public sealed record TextSpan(SpanKind Kind, string Text, string? Url);
