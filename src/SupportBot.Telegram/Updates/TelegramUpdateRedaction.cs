using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Core.Triage;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SupportBot.Telegram.Updates;

/// <summary>An update as stored: every text in it redacted, and a note of what was cut and where.</summary>
/// <param name="Update">The update, every text in it already redacted.</param>
/// <param name="Secret">Secrets in the update's own message: its text, caption, quote, poll…</param>
/// <param name="RepliedToSecret">
/// Secrets in the message it replies to (or pins): leaked by that message's author, and still in the chat.
/// </param>
public sealed record RedactedUpdate(Update Update, SecretKinds Secret, SecretKinds RepliedToSecret);

/// <summary>
/// The form an update is stored in: every text it carries with any recovery phrase or private key cut out, and a
/// note of what was cut — so the secret never reaches the inbox, the logs or the engine, yet the user is still warned.
/// </summary>
/// <remarks>
/// The whole update is walked rather than a list of fields, so a reply, a quote, an external reply, a caption, an
/// edited message, a business message or a poll option added to the Bot API later is redacted too.
/// </remarks>
public static class TelegramUpdateRedaction
{
    // A message quoted whole inside another: its secret belongs to its own author, and its id lets the bot delete it.
    private static readonly HashSet<string> ReferencedMessages = new(StringComparer.Ordinal) { "reply_to_message", "pinned_message" };

    public static string ToStored(Update update)
    {
        var node = JsonSerializer.SerializeToNode(update, JsonBotAPI.Options)
                   ?? throw new JsonException("Update serialized to null");
        var found = new Found();
        Redact(node, referenced: false, found);
        var envelope = new JsonObject
        {
            ["secret"] = (int)found.Own,
            ["replied_to_secret"] = (int)found.Referenced,
            ["update"] = node,
        };
        return envelope.ToJsonString();
    }

    public static RedactedUpdate FromStored(string stored)
    {
        var envelope = JsonNode.Parse(stored)!.AsObject();
        var update = envelope["update"].Deserialize<Update>(JsonBotAPI.Options)
                     ?? throw new JsonException("Stored update is empty");
        return new RedactedUpdate(update, Kinds(envelope["secret"]), Kinds(envelope["replied_to_secret"]));

        static SecretKinds Kinds(JsonNode? node) => (SecretKinds)(node?.GetValue<int>() ?? 0);
    }

    private static void Redact(JsonNode? node, bool referenced, Found found)
    {
        switch (node)
        {
            case JsonObject json:
                var changed = false;
                foreach (var (name, child) in json.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue(out string? text))
                    {
                        if (!IsIdentifier(name) && Scan(text, referenced, found) is { } redacted)
                        {
                            json[name] = redacted;
                            changed = true;
                        }
                    }
                    else
                    {
                        Redact(child, referenced || ReferencedMessages.Contains(name), found);
                    }
                }

                if (changed)
                {
                    // Entity offsets (entities, caption_entities, quote and poll entities) pointed into the original text.
                    foreach (var name in json.Select(p => p.Key).Where(k => k.EndsWith("entities", StringComparison.Ordinal)).ToList())
                    {
                        json.Remove(name);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue item && item.TryGetValue(out string? text))
                    {
                        if (Scan(text, referenced, found) is { } redacted)
                        {
                            array[i] = redacted;
                        }
                    }
                    else
                    {
                        Redact(array[i], referenced, found);
                    }
                }

                break;
        }
    }

    private static string? Scan(string text, bool referenced, Found found)
    {
        var scan = SecretGuard.Scan(text);
        if (!scan.Found)
        {
            return null;
        }

        if (referenced)
        {
            found.Referenced |= scan.Kinds;
        }
        else
        {
            found.Own |= scan.Kinds;
        }

        return scan.RedactedText;
    }

    // Ids, file ids and type names are the platform's, not the user's words; redacting one would break the update.
    private static bool IsIdentifier(string name) => name is "id" or "type" || name.EndsWith("_id", StringComparison.Ordinal);

    private sealed class Found
    {
        public SecretKinds Own { get; set; }

        public SecretKinds Referenced { get; set; }
    }
}
