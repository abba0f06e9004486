using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Telegram.Tests.Channel;

/// <summary>
/// Secrets the way they reach a group or a private chat besides a plain new message: a reply to a leaked phrase, a
/// message edited into a phrase or a key. Through Telegram.Bot, real HTTP and the fake Bot API.
/// </summary>
public sealed class TelegramSecretTests : IAsyncLifetime
{
    private const long Alice = 1001;
    private const long Group = -100500;
    private const long Member = 3003;
    private const long Helper = 4004;
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    private const string Key = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcaf784d7bf4f2ff80"; // Hardhat's published key #0

    private readonly string database = Path.Combine(Path.GetTempPath(), $"tg-secrets-{Guid.NewGuid():N}.db");
    private FakeBotApi api = null!;

    public async Task InitializeAsync() => api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, DefaultWaitTimeout = TimeSpan.FromSeconds(20) });

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Group_ReplyToALeakedPhrase_LeakDeletedItsAuthorWarnedAndThePhraseNeverStored()
    {
        api.SetBotCanDelete(Group, false); // the phrase stays in the chat: the bot could not delete it
        await using (var bot = await TelegramBotHarness.StartAsync(api, database))
        {
            var leakId = Enqueue(api.UserMessage(Group, Member, $"is this right? {Phrase}", chatType: "supergroup", username: "victim"));
            await api.WaitForMessagesAsync(Group, 1);

            api.SetBotCanDelete(Group, true); // an admin gives the bot the right; someone answers the phrase
            var reply = api.UserMessage(Group, Helper, "delete this NOW", chatType: "supergroup", username: "helper", replyToMessageId: leakId);
            reply["message"]!["quote"] = new JsonObject { ["text"] = "legal winner thank", ["position"] = 15, ["is_manual"] = true };
            var replyId = Enqueue(reply);
            await api.WaitUntilAsync(() => api.Deletions.Any(d => d.MessageId == leakId), description: "the leaked phrase deleted");
            var warning = (await api.WaitForMessagesAsync(Group, 2))[^1];

            Assert.Contains("@victim, I deleted your message", warning.PlainText, StringComparison.Ordinal);
            Assert.DoesNotContain(api.Deletions, d => d.MessageId == replyId); // the helper's reply leaks nothing
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var stored = string.Concat(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*")
            .Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
        Assert.Contains("delete this NOW", stored, StringComparison.Ordinal); // the inbox did keep the reply…
        Assert.DoesNotContain("sausage", stored, StringComparison.Ordinal); // …without the phrase it answered
    }

    [Fact]
    public async Task Group_MessageEditedIntoAPhrase_DeletedAndAuthorWarned()
    {
        api.SetBotCanDelete(Group, true);
        await using var bot = await TelegramBotHarness.StartAsync(api);
        var messageId = Enqueue(api.UserMessage(Group, Member, "what do I need to restore my wallet?", chatType: "supergroup", username: "victim"));
        await api.WaitForUpdatesConsumedAsync();

        api.EnqueueUpdate(api.UserEdit(Group, messageId, $"what do I need to restore my wallet? {Phrase}"));
        var warning = (await api.WaitForMessagesAsync(Group, 1))[^1];
        var privately = (await api.WaitForMessagesAsync(Member, 1))[^1];

        Assert.Contains(api.Deletions, d => d.ChatId == Group && d.MessageId == messageId);
        Assert.Contains("@victim, I deleted your message", warning.PlainText, StringComparison.Ordinal);
        Assert.Contains("Recovery Phrase", privately.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_EditWithoutSecret_Ignored()
    {
        api.SetBotCanDelete(Group, true);
        await using var bot = await TelegramBotHarness.StartAsync(api);
        var messageId = Enqueue(api.UserMessage(Group, Member, "hello", chatType: "supergroup"));

        api.EnqueueUpdate(api.UserEdit(Group, messageId, "hello all, my tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 is stuck"));
        // A chat's updates are handled in order: once the command after the edit is answered, the edit was handled.
        Enqueue(api.UserMessage(Group, Member, "/help", chatType: "supergroup"));
        var sent = await api.WaitForMessagesAsync(Group, 1);

        Assert.StartsWith("I'm SupportBot", Assert.Single(sent).PlainText, StringComparison.Ordinal); // /help's answer, nothing about the edit
        Assert.Empty(api.Deletions);
    }

    [Fact]
    public async Task PrivateChat_MessageEditedIntoAKey_DeletedAndWarned()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);
        api.EnqueueUserMessage(Alice, Alice, "/start");
        await api.WaitForMessagesAsync(Alice, 1);
        var messageId = Enqueue(api.UserMessage(Alice, Alice, "hi, what should I send you?"));
        await api.WaitForMessagesAsync(Alice, 2);

        api.EnqueueUpdate(api.UserEdit(Alice, messageId, $"0x{Key} <- that is my private key"));
        var warning = (await api.WaitForMessagesAsync(Alice, 3))[^1];

        Assert.Contains(api.Deletions, d => d.ChatId == Alice && d.MessageId == messageId);
        Assert.Contains("looks like a private key", warning.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain(Key[..12], warning.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Webhook_MessageEditedIntoAPhrase_AskedForAndPutThroughTheGuard()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api, webhookSecret: "s3cret_token");
        await api.WaitUntilAsync(() => api.CallsOf("setWebhook").Count > 0, description: "the webhook set");
        var edited = (JsonObject)api.UserMessage(Group, Member, Phrase, chatType: "supergroup", username: "victim")["message"]!.DeepClone();
        edited["edit_date"] = edited["date"]!.GetValue<long>() + 60;
        var update = new JsonObject { ["update_id"] = 500, ["edited_message"] = edited };

        // Telegram posts to the webhook; the fake cannot reach this test's host, so the test posts as Telegram would.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, bot.WebhookUrl) { Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "s3cret_token");
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
        var warning = (await api.WaitForMessagesAsync(Group, 1))[^1];

        var allowed = api.CallsOf("setWebhook")[^1].Parameters["allowed_updates"]!.AsArray().Select(t => t!.GetValue<string>());
        Assert.Contains("edited_message", allowed);
        Assert.Contains(api.CallsOf("deleteMessage"), c => c.Parameters["message_id"]!.GetValue<int>() == edited["message_id"]!.GetValue<int>());
        Assert.Contains("@victim", warning.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("sausage", warning.Text, StringComparison.Ordinal);
    }

    /// <summary>Queues a user's message and returns its message id.</summary>
    private int Enqueue(JsonObject update)
    {
        api.EnqueueUpdate(update);
        return (int)update["message"]!["message_id"]!;
    }
}
