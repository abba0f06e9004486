using System.Text;
using SupportBot.Core.Messages;

namespace SupportBot.Host.Console;

/// <summary>Renders replies for a terminal: numbered choices, links spelled out, bold as ANSI when the terminal shows it.</summary>
public sealed class ConsoleRenderer(bool ansi)
{
    private const string Bold = "\u001b[1m";
    private const string Yellow = "\u001b[33m";
    private const string Reset = "\u001b[0m";

    public string Render(OutboundMessage message)
    {
        var sb = new StringBuilder();
        foreach (var line in RichText.Parse(message.Text))
        {
            sb.Append(line.Kind switch
            {
                LineKind.Bullet => "  • ",
                LineKind.Numbered => $"  {line.Number}. ",
                _ => "",
            });
            foreach (var span in line.Spans)
            {
                sb.Append(span.Kind switch
                {
                    SpanKind.Bold when ansi => Bold + span.Text + Reset,
                    SpanKind.Code => span.Text,
                    SpanKind.Link when span.Url != span.Text => $"{span.Text} ({span.Url})",
                    _ => span.Text,
                });
            }

            sb.Append('\n');
        }

        foreach (var link in message.Links)
        {
            sb.Append("  🔗 ").Append(link.Label).Append(": ").Append(link.Url).Append('\n');
        }

        for (var i = 0; i < message.Choices.Count; i++)
        {
            sb.Append("  [").Append(i + 1).Append("] ").Append(message.Choices[i].Label).Append('\n');
        }

        var text = sb.ToString();
        return message.Kind == MessageKind.Warning && ansi ? Yellow + text + Reset : text;
    }
}
