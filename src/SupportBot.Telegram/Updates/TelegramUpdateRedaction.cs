using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Core.Triage;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// The form an update is stored in: its text and caption with any recovery phrase or private key cut out, and a
/// note of what was cut — so the secret never reaches the inbox, the logs or the engine, yet the user is still warned.
/// </summary>
public static class TelegramUpdateRedaction
{
    public static string ToStored(Update update)
    {
        var secret = SecretKinds.None;
        foreach (var message in new[] { update.Message, update.EditedMessage, update.ChannelPost })
        {
            if (message is null)
            {
                continue;
            }

            if (message.Text is { } text && SecretGuard.Scan(text) is { Found: true } inText)
            {
                message.Text = inText.RedactedText;
                message.Entities = null; // entity offsets pointed into the original text
                secret |= inText.Kinds;
            }

            if (message.Caption is { } caption && SecretGuard.Scan(caption) is { Found: true } inCaption)
            {
                message.Caption = inCaption.RedactedText;
                message.CaptionEntities = null;
                secret |= inCaption.Kinds;
            }
        }

        var envelope = new JsonObject
        {
            ["secret"] = (int)secret,
            ["update"] = JsonSerializer.SerializeToNode(update, JsonBotAPI.Options),
        };
        return envelope.ToJsonString();
    }

    public static (Update Update, SecretKinds Secret) FromStored(string stored)
    {
        var envelope = JsonNode.Parse(stored)!.AsObject();
        var update = envelope["update"].Deserialize<Update>(JsonBotAPI.Options)
                     ?? throw new JsonException("Stored update is empty");
        return (update, (SecretKinds)(envelope["secret"]?.GetValue<int>() ?? 0));
    }
}
