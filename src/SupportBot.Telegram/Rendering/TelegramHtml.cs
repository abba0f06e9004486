using System.Text;
using SupportBot.Core.Messages;
using Telegram.Bot.Types.ReplyMarkups;

namespace SupportBot.Telegram.Rendering;

/// <summary>One Telegram message to send: HTML text (parse mode HTML) and, on the last part of a reply, its keyboard.</summary>
public sealed record TelegramText(string Html, InlineKeyboardMarkup? Keyboard);

/// <summary>
/// Renders replies in Telegram's HTML parse mode: the formatting subset maps to &lt;b&gt;, &lt;code&gt; and &lt;a&gt;,
/// everything else is escaped, so text from users or tokens can never inject markup. Long replies are split at line
/// boundaries (a single over-long line at spans, then characters) so no part exceeds Telegram's 4096 characters and
/// no tag is ever cut.
/// </summary>
public static class TelegramHtml
{
    /// <summary>Telegram counts the text after entity parsing; staying under it for the raw HTML keeps a margin.</summary>
    public const int MaxLength = 4096;

    public static IReadOnlyList<TelegramText> Render(OutboundMessage message, int maxLength = MaxLength)
    {
        var parts = Split(RichText.Parse(message.Text), maxLength);
        var keyboard = Keyboard(message);
        return [.. parts.Select((html, i) => new TelegramText(html, i == parts.Count - 1 ? keyboard : null))];
    }

    /// <summary>
    /// Buttons in <see cref="OutboundMessage.Buttons"/> order: link buttons one to a row, then choices as callback
    /// buttons (short labels two to a row).
    /// </summary>
    public static InlineKeyboardMarkup? Keyboard(OutboundMessage message)
    {
        var rows = new List<List<InlineKeyboardButton>>();
        foreach (var button in message.Buttons)
        {
            if (button is LinkButton link)
            {
                rows.Add([InlineKeyboardButton.WithUrl(link.Label, link.Url)]);
                continue;
            }

            var choice = (ChoiceButton)button;
            var callback = InlineKeyboardButton.WithCallbackData(choice.Label, choice.Payload);
            if (choice.Label.Length <= 16 && rows.Count > 0 && rows[^1].Count == 1 && rows[^1][0].CallbackData is not null && rows[^1][0].Text.Length <= 16)
            {
                rows[^1].Add(callback);
            }
            else
            {
                rows.Add([callback]);
            }
        }

        return rows.Count == 0 ? null : new InlineKeyboardMarkup(rows);
    }

    /// <summary>The three characters Telegram's HTML mode needs escaped (quotes too, inside attributes).</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string Span(TextSpan span) => span.Kind switch
    {
        SpanKind.Bold => $"<b>{Escape(span.Text)}</b>",
        SpanKind.Code => $"<code>{Escape(span.Text)}</code>",
        SpanKind.Link => $"<a href=\"{Escape(span.Url!)}\">{Escape(span.Text)}</a>",
        _ => Escape(span.Text),
    };

    private static List<string> Split(IReadOnlyList<TextLine> lines, int maxLength)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        foreach (var line in lines)
        {
            var prefix = line.Kind switch
            {
                LineKind.Bullet => "• ",
                LineKind.Numbered => line.Number + ". ",
                _ => "",
            };
            var spans = line.Spans.Select(Span).ToList();
            if (prefix.Length + spans.Sum(s => s.Length) <= maxLength)
            {
                Append(prefix + string.Concat(spans), newLine: true);
                continue;
            }

            // A line longer than a message: break between spans, and inside a span only between characters,
            // re-wrapping each piece in the span's tag.
            Append(prefix, newLine: true);
            foreach (var piece in line.Spans.SelectMany(span => Pieces(span, maxLength)))
            {
                Append(piece, newLine: false);
            }
        }

        if (current.Length > 0)
        {
            parts.Add(current.ToString());
        }

        return [.. parts.Select(p => p.Trim('\n')).Where(p => p.Length > 0)];

        void Append(string html, bool newLine)
        {
            var extra = newLine && current.Length > 0 ? 1 : 0;
            if (current.Length > 0 && current.Length + extra + html.Length > maxLength)
            {
                parts.Add(current.ToString());
                current.Clear();
                extra = 0;
            }

            if (extra > 0)
            {
                current.Append('\n');
            }

            current.Append(html);
        }
    }

    private static IEnumerable<string> Pieces(TextSpan span, int maxLength)
    {
        var whole = Span(span);
        if (whole.Length <= maxLength)
        {
            yield return whole;
            yield break;
        }

        // Escaping makes a character at most 5 long ("&amp;"); tags and the URL take the rest.
        var perPiece = Math.Max(1, (maxLength - 32 - (span.Url?.Length ?? 0) * 5) / 5);
        for (var i = 0; i < span.Text.Length; i += perPiece)
        {
            yield return Span(span with { Text = span.Text.Substring(i, Math.Min(perPiece, span.Text.Length - i)) });
        }
    }
}
