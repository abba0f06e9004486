using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Telegram.Tests.Fakes;

/// <summary>Message text after entity parsing: what the user sees, with entities (offsets in UTF-16 code units).</summary>
internal sealed record FormattedText(string Text, JsonArray Entities);

/// <summary>
/// Telegram's formatting options (HTML, MarkdownV2, legacy Markdown) as the Bot API documents them: the text is parsed
/// into plain text plus entities, malformed markup is rejected with "can't parse entities: …", and the result is
/// trimmed of leading and trailing white space before the 1–4096 character check.
/// </summary>
internal static class TelegramText
{
    public const int MaxMessageLength = 4096;

    private const string MarkdownV2Reserved = "_*[]()~`>#+-=|{}.!";

    private static readonly HashSet<string> HtmlTags = new(StringComparer.Ordinal)
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
        "blockquote", "tg-emoji",
    };

    /// <summary>Parses <paramref name="text"/> for <paramref name="parseMode"/> (matched case-insensitively, as Telegram does).</summary>
    public static FormattedText Parse(string text, string? parseMode, JsonArray? explicitEntities)
    {
        var parsed = parseMode?.Trim().ToUpperInvariant() switch
        {
            null or "" => new FormattedText(text, explicitEntities ?? []),
            "HTML" => ParseHtml(text),
            "MARKDOWNV2" => ParseMarkdownV2(text),
            "MARKDOWN" => ParseMarkdown(text),
            _ => throw BotApiException.BadRequest("unsupported parse_mode"),
        };
        return Trim(parsed);
    }

    /// <summary>Parses and applies the sendMessage / editMessageText length rules.</summary>
    public static FormattedText ParseMessageText(string? text, string? parseMode, JsonArray? explicitEntities)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw BotApiException.BadRequest("message text is empty");
        }

        var parsed = Parse(text, parseMode, explicitEntities);
        if (parsed.Text.Length == 0)
        {
            throw BotApiException.BadRequest("message text is empty");
        }

        if (Length(parsed.Text) > MaxMessageLength)
        {
            throw BotApiException.BadRequest("message is too long");
        }

        return parsed;
    }

    /// <summary>Characters as Telegram counts them for length limits (Unicode code points).</summary>
    public static int Length(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    public static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>bot_command entities the Telegram clients attach to a user's "/command" text.</summary>
    public static JsonArray DetectCommands(string text)
    {
        var entities = new JsonArray();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '/' && (i == 0 || char.IsWhiteSpace(text[i - 1])))
            {
                var end = i + 1;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '@'))
                {
                    end++;
                }

                if (end > i + 1)
                {
                    entities.Add(Entity("bot_command", i, end - i));
                }

                i = end;
            }
            else
            {
                i++;
            }
        }

        return entities;
    }

    private static JsonObject Entity(string type, int offset, int length) =>
        new() { ["type"] = type, ["offset"] = offset, ["length"] = length };

    private static BotApiException CantParse(string detail) => BotApiException.BadRequest("can't parse entities: " + detail);

    private static int ByteOffset(string text, int index) => Encoding.UTF8.GetByteCount(text.AsSpan(0, index));

    private static FormattedText Trim(FormattedText parsed)
    {
        var text = parsed.Text;
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (start == 0 && end == text.Length)
        {
            return parsed;
        }

        var trimmed = text[start..end];
        var entities = new JsonArray();
        foreach (var node in parsed.Entities)
        {
            if (node is not JsonObject entity)
            {
                continue;
            }

            var offset = (int?)entity["offset"] ?? 0;
            var length = (int?)entity["length"] ?? 0;
            var from = Math.Max(0, offset - start);
            var to = Math.Min(trimmed.Length, offset + length - start);
            if (to <= from)
            {
                continue;
            }

            var copy = (JsonObject)entity.DeepClone();
            copy["offset"] = from;
            copy["length"] = to - from;
            entities.Add(copy);
        }

        return new FormattedText(trimmed, entities);
    }

    private static JsonArray Sorted(List<JsonObject> entities)
    {
        var array = new JsonArray();
        foreach (var entity in entities
                     .OrderBy(e => (int)e["offset"]!)
                     .ThenByDescending(e => (int)e["length"]!))
        {
            array.Add(entity);
        }

        return array;
    }

    // ---------------------------------------------------------------- HTML

    private sealed record OpenTag(string Name, int Start, Dictionary<string, string> Attributes);

    private static FormattedText ParseHtml(string text)
    {
        var output = new StringBuilder(text.Length);
        var entities = new List<JsonObject>();
        var open = new List<OpenTag>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '&')
            {
                if (!TryDecodeHtmlEntity(text, ref i, output))
                {
                    output.Append('&');
                    i++;
                }

                continue;
            }

            if (c != '<')
            {
                output.Append(c);
                i++;
                continue;
            }

            var tagStart = i;
            if (i + 1 < text.Length && text[i + 1] == '/')
            {
                i += 2;
                if (open.Count == 0)
                {
                    throw CantParse($"Unexpected end tag at byte offset {ByteOffset(text, tagStart)}");
                }

                var name = ReadHtmlName(text, ref i);
                SkipSpaces(text, ref i);
                var top = open[^1];
                if (name.Length > 0 && name != top.Name)
                {
                    throw CantParse($"Unmatched end tag at byte offset {ByteOffset(text, tagStart)}, "
                        + $"expected \"</{top.Name}>\", found \"</{name}>\"");
                }

                if (i >= text.Length || text[i] != '>')
                {
                    throw CantParse($"Unclosed end tag at byte offset {ByteOffset(text, tagStart)}");
                }

                i++;
                open.RemoveAt(open.Count - 1);
                CloseHtmlTag(top, output.Length, entities, open);
                continue;
            }

            i++;
            var tag = ReadHtmlName(text, ref i);
            if (!HtmlTags.Contains(tag))
            {
                throw CantParse($"Unsupported start tag \"{tag}\" at byte offset {ByteOffset(text, tagStart)}");
            }

            var attributes = ReadHtmlAttributes(text, ref i, tag, tagStart);
            if (tag == "span" && attributes.GetValueOrDefault("class") != "tg-spoiler")
            {
                throw CantParse($"Tag \"span\" must have class \"tg-spoiler\" at byte offset {ByteOffset(text, tagStart)}");
            }

            if (tag == "tg-emoji" && string.IsNullOrEmpty(attributes.GetValueOrDefault("emoji-id")))
            {
                throw CantParse($"Tag \"tg-emoji\" must have attribute \"emoji-id\" at byte offset {ByteOffset(text, tagStart)}");
            }

            open.Add(new OpenTag(tag, output.Length, attributes));
        }

        if (open.Count > 0)
        {
            throw CantParse($"Can't find end tag corresponding to start tag \"{open[^1].Name}\"");
        }

        return new FormattedText(output.ToString(), Sorted(entities));
    }

    private static Dictionary<string, string> ReadHtmlAttributes(string text, ref int i, string tag, int tagStart)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpaces(text, ref i);
            if (i >= text.Length)
            {
                throw CantParse($"Unclosed start tag at byte offset {ByteOffset(text, tagStart)}");
            }

            if (text[i] == '>')
            {
                i++;
                return attributes;
            }

            var attributeStart = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '_'))
            {
                i++;
            }

            if (i == attributeStart)
            {
                throw CantParse($"Empty attribute name in the tag \"{tag}\" at byte offset {ByteOffset(text, attributeStart)}");
            }

            var attribute = text[attributeStart..i].ToLowerInvariant();
            SkipSpaces(text, ref i);
            var value = string.Empty;
            if (i < text.Length && text[i] == '=')
            {
                i++;
                SkipSpaces(text, ref i);
                if (i >= text.Length)
                {
                    throw CantParse($"Unclosed start tag at byte offset {ByteOffset(text, tagStart)}");
                }

                if (text[i] is '"' or '\'')
                {
                    var end = text.IndexOf(text[i], i + 1);
                    if (end < 0)
                    {
                        throw CantParse($"Unclosed start tag at byte offset {ByteOffset(text, tagStart)}");
                    }

                    value = DecodeHtmlEntities(text[(i + 1)..end]);
                    i = end + 1;
                }
                else
                {
                    var start = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '>')
                    {
                        i++;
                    }

                    value = DecodeHtmlEntities(text[start..i]);
                }
            }

            attributes[attribute] = value;
        }
    }

    private static void CloseHtmlTag(OpenTag tag, int end, List<JsonObject> entities, List<OpenTag> stillOpen)
    {
        var length = end - tag.Start;
        if (tag.Name == "code" && stillOpen.Count > 0 && stillOpen[^1].Name == "pre"
            && tag.Attributes.GetValueOrDefault("class") is { } codeClass
            && codeClass.StartsWith("language-", StringComparison.Ordinal))
        {
            // <pre><code class="language-x"> is one pre entity with a language.
            stillOpen[^1].Attributes["language"] = codeClass["language-".Length..];
            return;
        }

        if (length <= 0)
        {
            return;
        }

        JsonObject? entity = tag.Name switch
        {
            "b" or "strong" => Entity("bold", tag.Start, length),
            "i" or "em" => Entity("italic", tag.Start, length),
            "u" or "ins" => Entity("underline", tag.Start, length),
            "s" or "strike" or "del" => Entity("strikethrough", tag.Start, length),
            "span" or "tg-spoiler" => Entity("spoiler", tag.Start, length),
            "code" => Entity("code", tag.Start, length),
            "pre" => Entity("pre", tag.Start, length),
            "blockquote" => Entity(tag.Attributes.ContainsKey("expandable") ? "expandable_blockquote" : "blockquote", tag.Start, length),
            "tg-emoji" => Entity("custom_emoji", tag.Start, length),
            "a" => LinkEntity(tag.Attributes.GetValueOrDefault("href"), tag.Start, length),
            _ => null,
        };
        if (entity is null)
        {
            return;
        }

        if (tag.Name == "pre" && tag.Attributes.TryGetValue("language", out var language) && language.Length > 0)
        {
            entity["language"] = language;
        }

        if (tag.Name == "tg-emoji")
        {
            entity["custom_emoji_id"] = tag.Attributes["emoji-id"];
        }

        entities.Add(entity);
    }

    private static JsonObject? LinkEntity(string? href, int offset, int length)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        const string mention = "tg://user?id=";
        if (href.StartsWith(mention, StringComparison.OrdinalIgnoreCase)
            && long.TryParse(href.AsSpan(mention.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            var entity = Entity("text_mention", offset, length);
            entity["user"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "User" };
            return entity;
        }

        var link = Entity("text_link", offset, length);
        link["url"] = href;
        return link;
    }

    private static string ReadHtmlName(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '-'))
        {
            i++;
        }

        return text[start..i].ToLowerInvariant();
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }

    private static string DecodeHtmlEntities(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '&' && TryDecodeHtmlEntity(text, ref i, output))
            {
                continue;
            }

            output.Append(text[i]);
            i++;
        }

        return output.ToString();
    }

    /// <summary>The four named entities Telegram supports (lt, gt, amp, quot) and numeric ones; anything else stays literal.</summary>
    private static bool TryDecodeHtmlEntity(string text, ref int i, StringBuilder output)
    {
        var semicolon = text.IndexOf(';', i + 1);
        if (semicolon < 0 || semicolon - i > 12)
        {
            return false;
        }

        var name = text.AsSpan(i + 1, semicolon - i - 1);
        string? decoded = name switch
        {
            "lt" => "<",
            "gt" => ">",
            "amp" => "&",
            "quot" => "\"",
            _ => null,
        };
        if (decoded is null && name.Length > 1 && name[0] == '#')
        {
            var isHex = name[1] is 'x' or 'X';
            var digits = isHex ? name[2..] : name[1..];
            if (digits.Length > 0
                && int.TryParse(digits, isHex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var codePoint)
                && Rune.IsValid(codePoint) && codePoint != 0)
            {
                decoded = char.ConvertFromUtf32(codePoint);
            }
        }

        if (decoded is null)
        {
            return false;
        }

        output.Append(decoded);
        i = semicolon + 1;
        return true;
    }

    // ---------------------------------------------------------------- MarkdownV2

    private sealed class MarkdownEntity(string kind, int start, int byteOffset)
    {
        public string Kind { get; } = kind;

        public int Start { get; } = start;

        public int ByteOffset { get; } = byteOffset;

        public string? Language { get; set; }
    }

    private static FormattedText ParseMarkdownV2(string text)
    {
        var output = new StringBuilder(text.Length);
        var entities = new List<JsonObject>();
        var open = new List<MarkdownEntity>();
        int? quoteStart = null;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var top = open.Count > 0 ? open[^1] : null;
            if (top is { Kind: "Code" or "Pre" })
            {
                if (c == '\\' && i + 1 < text.Length && text[i + 1] is '`' or '\\')
                {
                    output.Append(text[i + 1]);
                    i += 2;
                }
                else if (top.Kind == "Pre" && text.AsSpan(i).StartsWith("```"))
                {
                    CloseMarkdown(open, output.Length, entities, null);
                    i += 3;
                }
                else if (top.Kind == "Code" && c == '`')
                {
                    CloseMarkdown(open, output.Length, entities, null);
                    i++;
                }
                else
                {
                    output.Append(c);
                    i++;
                }

                continue;
            }

            if (c == '\\' && i + 1 < text.Length && text[i + 1] is > '\0' and <= '~')
            {
                output.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == '\n' && quoteStart is not null && (i + 1 >= text.Length || text[i + 1] != '>'))
            {
                AddQuote(entities, quoteStart.Value, output.Length);
                quoteStart = null;
            }

            switch (c)
            {
                case '*':
                    ToggleMarkdown(open, "Bold", output.Length, ByteOffset(text, i), entities);
                    i++;
                    break;
                case '_' when i + 1 < text.Length && text[i + 1] == '_':
                    ToggleMarkdown(open, "Underline", output.Length, ByteOffset(text, i), entities);
                    i += 2;
                    break;
                case '_':
                    ToggleMarkdown(open, "Italic", output.Length, ByteOffset(text, i), entities);
                    i++;
                    break;
                case '~':
                    ToggleMarkdown(open, "Strikethrough", output.Length, ByteOffset(text, i), entities);
                    i++;
                    break;
                case '|' when i + 1 < text.Length && text[i + 1] == '|':
                    ToggleMarkdown(open, "Spoiler", output.Length, ByteOffset(text, i), entities);
                    i += 2;
                    break;
                case '`' when text.AsSpan(i).StartsWith("```"):
                {
                    var fenceOffset = ByteOffset(text, i);
                    i += 3;
                    string? language = null;
                    var newline = text.IndexOf('\n', i);
                    var fence = text.IndexOf("```", i, StringComparison.Ordinal);
                    if (newline >= 0 && (fence < 0 || newline < fence))
                    {
                        var candidate = text[i..newline].Trim();
                        if (candidate.Length > 0 && !candidate.Contains(' ', StringComparison.Ordinal))
                        {
                            language = candidate;
                            i = newline + 1;
                        }
                    }

                    open.Add(new MarkdownEntity("Pre", output.Length, fenceOffset) { Language = language });
                    break;
                }

                case '`':
                    open.Add(new MarkdownEntity("Code", output.Length, ByteOffset(text, i)));
                    i++;
                    break;
                case '[':
                    open.Add(new MarkdownEntity("TextUrl", output.Length, ByteOffset(text, i)));
                    i++;
                    break;
                case '!' when i + 1 < text.Length && text[i + 1] == '[':
                    open.Add(new MarkdownEntity("CustomEmoji", output.Length, ByteOffset(text, i)));
                    i += 2;
                    break;
                case ']' when top is { Kind: "TextUrl" or "CustomEmoji" }:
                {
                    i++;
                    string url;
                    if (i < text.Length && text[i] == '(')
                    {
                        var urlStart = i;
                        i++;
                        var builder = new StringBuilder();
                        while (i < text.Length && text[i] != ')')
                        {
                            if (text[i] == '\\' && i + 1 < text.Length)
                            {
                                i++;
                            }

                            builder.Append(text[i]);
                            i++;
                        }

                        if (i >= text.Length)
                        {
                            throw CantParse($"Can't find end of a URL at byte offset {ByteOffset(text, urlStart)}");
                        }

                        i++;
                        url = builder.ToString();
                    }
                    else
                    {
                        url = output.ToString(top.Start, output.Length - top.Start);
                    }

                    CloseMarkdown(open, output.Length, entities, url);
                    break;
                }

                case '>' when i == 0 || text[i - 1] == '\n':
                    quoteStart ??= output.Length;
                    i++;
                    break;
                default:
                    if (MarkdownV2Reserved.Contains(c, StringComparison.Ordinal))
                    {
                        throw CantParse($"Character '{c}' is reserved and must be escaped with the preceding '\\'");
                    }

                    output.Append(c);
                    i++;
                    break;
            }
        }

        if (open.Count > 0)
        {
            var unclosed = open[^1];
            throw CantParse($"Can't find end of {unclosed.Kind} entity at byte offset {unclosed.ByteOffset}");
        }

        if (quoteStart is not null)
        {
            AddQuote(entities, quoteStart.Value, output.Length);
        }

        return new FormattedText(output.ToString(), Sorted(entities));
    }

    private static void AddQuote(List<JsonObject> entities, int start, int end)
    {
        if (end > start)
        {
            entities.Add(Entity("blockquote", start, end - start));
        }
    }

    private static void ToggleMarkdown(List<MarkdownEntity> open, string kind, int position, int byteOffset, List<JsonObject> entities)
    {
        if (open.Count > 0 && open[^1].Kind == kind)
        {
            CloseMarkdown(open, position, entities, null);
        }
        else
        {
            open.Add(new MarkdownEntity(kind, position, byteOffset));
        }
    }

    private static void CloseMarkdown(List<MarkdownEntity> open, int end, List<JsonObject> entities, string? url)
    {
        var entity = open[^1];
        open.RemoveAt(open.Count - 1);
        var length = end - entity.Start;
        if (length <= 0)
        {
            return;
        }

        var json = entity.Kind switch
        {
            "Bold" => Entity("bold", entity.Start, length),
            "Italic" => Entity("italic", entity.Start, length),
            "Underline" => Entity("underline", entity.Start, length),
            "Strikethrough" => Entity("strikethrough", entity.Start, length),
            "Spoiler" => Entity("spoiler", entity.Start, length),
            "Code" => Entity("code", entity.Start, length),
            "Pre" => Entity("pre", entity.Start, length),
            "CustomEmoji" => Entity("custom_emoji", entity.Start, length),
            _ => LinkEntity(url, entity.Start, length),
        };
        if (json is null)
        {
            return;
        }

        if (entity.Language is not null)
        {
            json["language"] = entity.Language;
        }

        if (entity.Kind == "CustomEmoji")
        {
            var id = url ?? string.Empty;
            var marker = id.IndexOf("id=", StringComparison.Ordinal);
            json["custom_emoji_id"] = marker >= 0 ? id[(marker + 3)..] : id;
        }

        entities.Add(json);
    }

    // ---------------------------------------------------------------- legacy Markdown

    private static FormattedText ParseMarkdown(string text)
    {
        var output = new StringBuilder(text.Length);
        var entities = new List<JsonObject>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '_' or '*' or '`' or '[')
            {
                output.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c is not ('_' or '*' or '`' or '['))
            {
                output.Append(c);
                i++;
                continue;
            }

            var startError = $"Can't find end of the entity starting at byte offset {ByteOffset(text, i)}";
            if (c == '`' && text.AsSpan(i).StartsWith("```"))
            {
                var end = text.IndexOf("```", i + 3, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw CantParse(startError);
                }

                var content = text[(i + 3)..end];
                string? language = null;
                var newline = content.IndexOf('\n', StringComparison.Ordinal);
                if (newline > 0 && !content[..newline].Contains(' ', StringComparison.Ordinal))
                {
                    language = content[..newline];
                    content = content[(newline + 1)..];
                }

                if (content.Length > 0)
                {
                    var pre = Entity("pre", output.Length, content.Length);
                    if (language is not null)
                    {
                        pre["language"] = language;
                    }

                    entities.Add(pre);
                }

                output.Append(content);
                i = end + 3;
                continue;
            }

            if (c == '[')
            {
                var close = text.IndexOf(']', i + 1);
                if (close < 0 || close + 1 >= text.Length || text[close + 1] != '(')
                {
                    throw CantParse(startError);
                }

                var urlEnd = text.IndexOf(')', close + 2);
                if (urlEnd < 0)
                {
                    throw CantParse(startError);
                }

                var label = text[(i + 1)..close];
                var link = LinkEntity(text[(close + 2)..urlEnd], output.Length, label.Length);
                if (link is not null && label.Length > 0)
                {
                    entities.Add(link);
                }

                output.Append(label);
                i = urlEnd + 1;
                continue;
            }

            var closing = text.IndexOf(c, i + 1);
            if (closing < 0)
            {
                throw CantParse(startError);
            }

            var inner = text[(i + 1)..closing];
            if (inner.Length > 0)
            {
                entities.Add(Entity(c switch { '*' => "bold", '_' => "italic", _ => "code" }, output.Length, inner.Length));
            }

            output.Append(inner);
            i = closing + 1;
        }

        return new FormattedText(output.ToString(), Sorted(entities));
    }
}
