using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SupportBot.Core.Messages;

namespace SupportBot.Discord.Channel;

/// <summary>
/// Renders replies as Discord message payloads: the formatting subset as Discord markdown (other markdown characters
/// escaped), choices as buttons (custom_id = the engine's payload), links as link buttons, content split under 2,000
/// characters, <c>allowed_mentions</c> empty so no echoed text can ping anyone, and SUPPRESS_EMBEDS on every message
/// so explorer and network links never unfold into preview cards.
/// </summary>
public static partial class DiscordMessages
{
    public const int MaxContent = 2000;

    /// <summary>SUPPRESS_EMBEDS (1 &lt;&lt; 2): links stay links, never preview cards.</summary>
    public const int SuppressEmbeds = 1 << 2;

    /// <summary>EPHEMERAL (1 &lt;&lt; 6): only the user who started the interaction sees the message.</summary>
    public const int Ephemeral = 1 << 6;

    private const int ButtonsPerRow = 5;
    private const int MaxRows = 5;
    private const int MaxLabel = 80;

    /// <summary>Message payloads for one reply; components go on the last one.</summary>
    public static IReadOnlyList<JsonObject> Render(OutboundMessage message, bool ephemeral = false)
    {
        var parts = Split(Markdown(message.Text));
        var components = Components(message);
        return [.. parts.Select((content, i) =>
        {
            var payload = new JsonObject
            {
                ["content"] = content,
                ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
            };
            if (i == parts.Count - 1 && components.Count > 0)
            {
                payload["components"] = components;
            }

            payload["flags"] = ephemeral ? SuppressEmbeds | Ephemeral : SuppressEmbeds;
            return payload;
        })];
    }

    /// <summary>
    /// A rendered payload as an edit: an edit cannot change whether a message is ephemeral, and SUPPRESS_EMBEDS is the
    /// only flag it may set.
    /// </summary>
    public static JsonObject AsEdit(JsonObject payload)
    {
        payload["flags"] = SuppressEmbeds;
        return payload;
    }

    /// <summary>Action rows in <see cref="OutboundMessage.Buttons"/> order: link buttons, then choices (the first one primary), at most 5 × 5.</summary>
    public static JsonArray Components(OutboundMessage message)
    {
        var firstChoice = message.Choices.FirstOrDefault();
        var buttons = message.Buttons.Select(button => button switch
            {
                LinkButton l => new JsonObject { ["type"] = 2, ["style"] = 5, ["label"] = Label(l.Label), ["url"] = l.Url },
                ChoiceButton c => new JsonObject
                {
                    ["type"] = 2,
                    ["style"] = ReferenceEquals(c, firstChoice) && !c.Payload.StartsWith("g:", StringComparison.Ordinal) ? 1 : 2,
                    ["label"] = Label(c.Label),
                    ["custom_id"] = c.Payload,
                },
                _ => throw new ArgumentException($"Unknown button {button.GetType().Name}", nameof(message)),
            })
            .Take(ButtonsPerRow * MaxRows)
            .ToList();
        var rows = new JsonArray();
        for (var i = 0; i < buttons.Count; i += ButtonsPerRow)
        {
            rows.Add(new JsonObject { ["type"] = 1, ["components"] = new JsonArray([.. buttons.Skip(i).Take(ButtonsPerRow)]) });
        }

        return rows;
    }

    /// <summary>Discord markdown for the formatting subset; everything else escaped.</summary>
    public static string Markdown(string text)
    {
        var sb = new StringBuilder();
        foreach (var line in RichText.Parse(text))
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(line.Kind switch
            {
                LineKind.Bullet => "- ",
                LineKind.Numbered => line.Number + ". ",
                _ => "",
            });
            foreach (var span in line.Spans)
            {
                sb.Append(span.Kind switch
                {
                    SpanKind.Bold => $"**{Escape(span.Text)}**",
                    SpanKind.Code => $"`{span.Text.Replace("`", "'", StringComparison.Ordinal)}`",
                    // <url> keeps Discord from unfurling a preview card under every advice message.
                    SpanKind.Link => $"[{Escape(span.Text)}](<{span.Url}>)",
                    _ => Escape(span.Text),
                });
            }
        }

        return sb.ToString();
    }

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        var at = 0;
        // A channel mention (a ticket's thread, <#id>) stays one: escaped it would show as text. It pings nobody.
        foreach (Match mention in ChannelMention().Matches(text))
        {
            EscapeInto(sb, text.AsSpan(at, mention.Index - at));
            sb.Append(mention.Value);
            at = mention.Index + mention.Length;
        }

        EscapeInto(sb, text.AsSpan(at));
        return sb.ToString();
    }

    private static void EscapeInto(StringBuilder sb, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '>' or '#' or '[' or ']' or '(' or ')' or '@')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }
    }

    [GeneratedRegex(@"<#[0-9]{1,20}>")]
    private static partial Regex ChannelMention();

    private static string Label(string label) => label.Length <= MaxLabel ? label : label[..(MaxLabel - 1)] + "…";

    /// <summary>Splits at line ends under the limit; a single over-long line is cut (outside markup is all we can promise).</summary>
    private static List<string> Split(string content)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        foreach (var line in content.Split('\n'))
        {
            var rest = line;
            while (rest.Length > MaxContent)
            {
                Flush();
                parts.Add(rest[..MaxContent]);
                rest = rest[MaxContent..];
            }

            if (current.Length > 0 && current.Length + 1 + rest.Length > MaxContent)
            {
                Flush();
            }

            if (current.Length > 0)
            {
                current.Append('\n');
            }

            current.Append(rest);
        }

        Flush();
        return parts.Count == 0 ? [""] : parts;

        void Flush()
        {
            if (current.Length > 0)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
