using System.Text;
using SupportBot.Core.Messages;

namespace SupportBot.Host.Console;

/// <summary>
/// Renders replies for a terminal: links spelled out, then numbered choices; bold as ANSI and warnings in yellow when
/// the terminal shows colours; lines wrapped at <paramref name="width"/> columns when it returns one (null: unwrapped,
/// as for output into a file or a pipe, whose reader wraps for itself).
/// </summary>
/// <param name="ansi">Use ANSI colours and bold.</param>
/// <param name="width">The terminal's width now, asked for each reply (the window may have been resized); null for none.</param>
public sealed class ConsoleRenderer(bool ansi, Func<int?>? width = null)
{
    private const string Bold = "\u001b[1m";

    /// <summary>Normal intensity: ends bold without ending the colour around it (a full reset would).</summary>
    private const string BoldOff = "\u001b[22m";

    private const string Yellow = "\u001b[33m";
    private const string Reset = "\u001b[0m";

    public string Render(OutboundMessage message)
    {
        var columns = width?.Invoke();
        var lines = new List<string>();
        foreach (var line in RichText.Parse(message.Text))
        {
            var prefix = line.Kind switch
            {
                LineKind.Bullet => "  • ",
                LineKind.Numbered => $"  {line.Number}. ",
                _ => "",
            };
            var text = new StringBuilder();
            foreach (var span in line.Spans)
            {
                text.Append(span.Kind switch
                {
                    SpanKind.Bold when ansi => Bold + span.Text + BoldOff,
                    SpanKind.Code => span.Text,
                    SpanKind.Link when span.Url != span.Text => $"{span.Text} ({span.Url})",
                    _ => span.Text,
                });
            }

            lines.AddRange(ConsoleWrap.Wrap(prefix, text.ToString(), columns));
        }

        foreach (var link in message.Links)
        {
            lines.AddRange(ConsoleWrap.Wrap("  🔗 ", link.Label + ": " + link.Url, columns));
        }

        for (var i = 0; i < message.Choices.Count; i++)
        {
            lines.AddRange(ConsoleWrap.Wrap($"  [{i + 1}] ", message.Choices[i].Label, columns));
        }

        var sb = new StringBuilder();
        var warning = message.Kind == MessageKind.Warning && ansi;
        var boldOpen = false;
        foreach (var line in lines)
        {
            // Each line carries its own styles and ends them, so a wrapped warning is yellow from its first line to its
            // last, and nothing leaks past it (into the prompt, or into a pager that shows lines on their own).
            sb.Append(warning ? Yellow : "").Append(boldOpen ? Bold : "").Append(line);
            boldOpen = line.LastIndexOf(Bold, StringComparison.Ordinal) > line.LastIndexOf(BoldOff, StringComparison.Ordinal)
                || boldOpen && !line.Contains(BoldOff, StringComparison.Ordinal);
            sb.Append(warning || boldOpen ? Reset : "").Append('\n');
        }

        return sb.ToString();
    }
}
