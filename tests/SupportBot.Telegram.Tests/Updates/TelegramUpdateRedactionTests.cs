using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Core.Triage;
using SupportBot.Telegram.Updates;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SupportBot.Telegram.Tests.Updates;

/// <summary>
/// What reaches the inbox: updates as the Bot API documents them, with a secret in each place a text can travel.
/// Nothing of the secret may be stored, wherever it was.
/// </summary>
public sealed class TelegramUpdateRedactionTests
{
    // A BIP-39 test vector and Hardhat's published development key #0: never funded.
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    private const string Key = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcaf784d7bf4f2ff80";
    private static JsonObject Message(int id, object fields)
    {
        var message = new JsonObject
        {
            ["message_id"] = id,
            ["date"] = 1700000000,
            ["chat"] = new JsonObject { ["id"] = -100500, ["type"] = "supergroup", ["title"] = "Help" },
            ["from"] = new JsonObject { ["id"] = 42, ["is_bot"] = false, ["first_name"] = "Ann", ["language_code"] = "en" },
        };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(fields)!.AsObject())
        {
            message[name] = value?.DeepClone();
        }

        return message;
    }

    private static string Update(string field, JsonNode payload) => new JsonObject { ["update_id"] = 1, [field] = payload }.ToJsonString();

    private static JsonObject Poll(string question, params string[] options) => new()
    {
        ["id"] = "p1",
        ["question"] = question,
        ["options"] = new JsonArray([.. options.Select(o => (JsonNode)new JsonObject { ["text"] = o, ["voter_count"] = 0 })]),
        ["total_voter_count"] = 0,
        ["is_closed"] = false,
        ["is_anonymous"] = true,
        ["type"] = "regular",
        ["allows_multiple_answers"] = false,
    };

    private static readonly JsonObject Channel = new() { ["id"] = -100900, ["type"] = "channel", ["title"] = "News" };

    public static TheoryData<string, string, SecretKinds> SecretsInTheUpdatesOwnMessage => new()
    {
        { "text", Update("message", Message(5, new { text = Phrase })), SecretKinds.RecoveryPhrase },
        { "text, key named after it", Update("message", Message(5, new { text = $"0x{Key} <- my pk" })), SecretKinds.PrivateKey },
        {
            "caption",
            Update("message", Message(5, new
            {
                photo = new[] { new { file_id = "AgADBAAD", file_unique_id = "AQAD", width = 90, height = 60 } },
                caption = $"my seed: {Phrase}",
                caption_entities = new[] { new { type = "bold", offset = 0, length = 7 } },
            })),
            SecretKinds.RecoveryPhrase
        },
        {
            "quote of the replied message",
            Update("message", Message(6, new { text = "is this ok?", quote = new { text = $"pk: 0x{Key}", position = 0, is_manual = true } })),
            SecretKinds.PrivateKey
        },
        { "edited message", Update("edited_message", Message(5, new { edit_date = 1700000100, text = Phrase })), SecretKinds.RecoveryPhrase },
        {
            "channel post",
            Update("channel_post", new JsonObject { ["message_id"] = 9, ["date"] = 1700000000, ["chat"] = Channel.DeepClone(), ["text"] = Phrase }),
            SecretKinds.RecoveryPhrase
        },
        {
            "edited channel post",
            Update("edited_channel_post", new JsonObject { ["message_id"] = 9, ["date"] = 1700000000, ["edit_date"] = 1700000100, ["chat"] = Channel.DeepClone(), ["text"] = $"privkey {Key}" }),
            SecretKinds.PrivateKey
        },
        {
            "business message",
            Update("business_message", Message(3, new { business_connection_id = "bc1", text = Phrase })),
            SecretKinds.RecoveryPhrase
        },
        {
            "poll in an external reply",
            Update("message", Message(7, new
            {
                text = "see this",
                external_reply = new { origin = new { type = "hidden_user", date = 1700000000, sender_user_name = "Bob" }, poll = Poll(Phrase, "yes") },
            })),
            SecretKinds.RecoveryPhrase
        },
        { "poll option", Update("poll", Poll("which is mine?", $"0x{Key} my key", "none")), SecretKinds.PrivateKey },
        {
            "link behind a word",
            Update("message", Message(8, new
            {
                text = "click here",
                entities = new[] { new { type = "text_link", offset = 0, length = 5, url = $"https://wallet.example/import?pk=0x{Key}" } },
            })),
            SecretKinds.PrivateKey
        },
    };

    [Theory]
    [MemberData(nameof(SecretsInTheUpdatesOwnMessage))]
    public void ToStored_SecretAnywhereInTheUpdate_NothingOfItStoredAndNoted(string where, string json, SecretKinds kind)
    {
        var stored = TelegramUpdateRedaction.ToStored(Parse(json));

        AssertNoSecretIn(stored, where);
        var redacted = TelegramUpdateRedaction.FromStored(stored);
        Assert.Equal(kind, redacted.Secret);
        Assert.Equal(SecretKinds.None, redacted.RepliedToSecret);
        Assert.Equal(Parse(json).Type, redacted.Update.Type);
    }

    [Fact]
    public void ToStored_ReplyToALeakedPhrase_ReplyStoredWithoutItAndTheLeakNotedApart()
    {
        var json = Update("message", Message(6, new { text = "don't post that here!", reply_to_message = Message(5, new { text = $"my words: {Phrase}" }) }));

        var stored = TelegramUpdateRedaction.ToStored(Parse(json));

        AssertNoSecretIn(stored, "reply_to_message");
        var redacted = TelegramUpdateRedaction.FromStored(stored);
        Assert.Equal(SecretKinds.None, redacted.Secret); // the reply itself leaks nothing
        Assert.Equal(SecretKinds.RecoveryPhrase, redacted.RepliedToSecret);
        Assert.Equal(5, redacted.Update.Message!.ReplyToMessage!.MessageId);
        Assert.Equal("don't post that here!", redacted.Update.Message.Text);
    }

    [Fact]
    public void ToStored_RedactedText_EntitiesDroppedIdsAndCleanTextsKept()
    {
        var command = new[] { new { type = "bot_command", offset = 0, length = 7 } };
        var json = Update("message", Message(5, new { text = "/lookup " + Phrase, entities = command, reply_to_message = Message(4, new { text = "/lookup 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", entities = command }) }));

        var update = TelegramUpdateRedaction.FromStored(TelegramUpdateRedaction.ToStored(Parse(json))).Update;

        Assert.Equal("/lookup " + SecretGuard.PhraseMarker, update.Message!.Text);
        Assert.Null(update.Message.Entities); // their offsets pointed into the original text
        Assert.Equal(MessageEntityType.BotCommand, Assert.Single(update.Message.ReplyToMessage!.Entities!).Type);
        Assert.Equal(-100500, update.Message.Chat.Id);
        Assert.Equal(42, update.Message.From!.Id);
    }

    [Fact]
    public void ToStored_NoSecret_UpdateKeptAsReceived()
    {
        var json = Update("message", Message(5, new { text = "tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 is stuck" }));

        var redacted = TelegramUpdateRedaction.FromStored(TelegramUpdateRedaction.ToStored(Parse(json)));

        Assert.Equal(SecretKinds.None, redacted.Secret | redacted.RepliedToSecret);
        Assert.Equal(JsonSerializer.Serialize(Parse(json), JsonBotAPI.Options), JsonSerializer.Serialize(redacted.Update, JsonBotAPI.Options));
    }

    private static Update Parse(string json) => JsonSerializer.Deserialize<Update>(json, JsonBotAPI.Options)!;

    private static void AssertNoSecretIn(string stored, string where)
    {
        Assert.False(stored.Contains(Key[..12], StringComparison.OrdinalIgnoreCase), $"key stored ({where}): {stored}");
        Assert.False(stored.Contains("sausage", StringComparison.OrdinalIgnoreCase), $"phrase stored ({where}): {stored}");
    }
}
