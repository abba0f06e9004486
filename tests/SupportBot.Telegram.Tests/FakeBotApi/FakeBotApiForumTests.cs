using System.Text;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SupportBot.Telegram.Tests.Fakes;

/// <summary>The fake's forum topics, getChat, copyMessage and sendDocument, driven by the real Telegram.Bot client.</summary>
public sealed class FakeBotApiForumTests : IAsyncLifetime
{
    private const long Forum = -1001234567890;
    private const long Plain = -1002222222222;
    private const long UserChat = 42;

    private FakeBotApi fake = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeBotApi.StartAsync();
        fake.SetForum(Forum);
        fake.SetChat(Plain, "supergroup", "Plain");
    }

    public Task DisposeAsync() => fake.DisposeAsync().AsTask();

    [Fact]
    public async Task GetChatAndMember_ShowTheForumAndTheBotsTopicRight()
    {
        fake.SetBotAdmin(Forum, canManageTopics: true);
        var bot = Bot();

        var chat = await bot.GetChat(Forum);
        var member = Assert.IsType<ChatMemberAdministrator>(await bot.GetChatMember(Forum, fake.BotId));

        Assert.Equal((ChatType.Supergroup, true), (chat.Type, chat.IsForum));
        Assert.False((await bot.GetChat(Plain)).IsForum);
        Assert.True(member.CanManageTopics);
        var unknown = await Assert.ThrowsAsync<ApiRequestException>(() => bot.GetChat(-1009999999999));
        Assert.Equal((400, "Bad Request: chat not found"), (unknown.ErrorCode, unknown.Message));
    }

    [Fact]
    public async Task Topics_NeedAForumAndTheRight_AClosedTopicTakesMessagesOnlyFromThoseWhoManageTopics()
    {
        var bot = Bot();
        Assert.Equal("Bad Request: not enough rights to create a topic", (await Assert.ThrowsAsync<ApiRequestException>(() => bot.CreateForumTopic(Forum, "#1"))).Message);
        fake.SetBotAdmin(Plain, canManageTopics: true);
        Assert.Equal("Bad Request: the chat is not a forum", (await Assert.ThrowsAsync<ApiRequestException>(() => bot.CreateForumTopic(Plain, "#1"))).Message);

        fake.SetBotAdmin(Forum, canManageTopics: true);
        var topic = await bot.CreateForumTopic(Forum, "#1 · bsc");
        var inTopic = await bot.SendMessage(Forum, "hello", messageThreadId: topic.MessageThreadId);
        Assert.Equal((topic.MessageThreadId, true), (inTopic.MessageThreadId, inTopic.IsTopicMessage));
        Assert.Equal("Bad Request: message thread not found",
            (await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(Forum, "lost", messageThreadId: 999))).Message);

        await bot.CloseForumTopic(Forum, topic.MessageThreadId);
        Assert.Equal("Bad Request: TOPIC_NOT_MODIFIED", (await Assert.ThrowsAsync<ApiRequestException>(() => bot.CloseForumTopic(Forum, topic.MessageThreadId))).Message);
        await bot.SendMessage(Forum, "still allowed: the bot manages topics", messageThreadId: topic.MessageThreadId);
        fake.SetBotAdmin(Forum, canManageTopics: false);
        Assert.Equal("Bad Request: TOPIC_CLOSED",
            (await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(Forum, "refused", messageThreadId: topic.MessageThreadId))).Message);
        await bot.ReopenForumTopic(Forum, topic.MessageThreadId); // the bot created it: no right needed

        Assert.False(fake.Topic(Forum, topic.MessageThreadId)!.Closed);
        Assert.Equal(["forum_topic_created", "hello", "forum_topic_closed", "still allowed: the bot manages topics", "forum_topic_reopened"],
            fake.TopicMessages(Forum, topic.MessageThreadId).Select(m => m.Text.Length > 0 ? m.Text : m.Json.Select(p => p.Key).Single(k => k.StartsWith("forum_topic", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task CopyMessage_ReplacesTheCaption_ServiceMessagesAndUnknownOnesCannotBeCopied()
    {
        fake.SetBotAdmin(Forum, canManageTopics: true);
        var bot = Bot();
        var topic = await bot.CreateForumTopic(Forum, "#2");
        var update = fake.UserPhoto(UserChat, UserChat, "the original caption");
        fake.EnqueueUpdate(update); // the fake knows the photo once it is sent to the bot
        var photo = (int)update["message"]!["message_id"]!;

        var copied = await bot.CopyMessage(Forum, UserChat, photo, caption: "<b>User:</b> [photo]", parseMode: ParseMode.Html, messageThreadId: topic.MessageThreadId);

        var copy = fake.Copies.Single();
        Assert.Equal((copied.Id, topic.MessageThreadId, "User: [photo]"), (copy.MessageId, copy.ThreadId, copy.Caption));
        Assert.NotNull(fake.GetMessage(Forum, copied.Id)!.Json["photo"]);
        Assert.Equal("Bad Request: message to copy not found", (await Assert.ThrowsAsync<ApiRequestException>(() => bot.CopyMessage(Forum, UserChat, 77))).Message);
        Assert.Equal("Bad Request: message can't be copied",
            (await Assert.ThrowsAsync<ApiRequestException>(() => bot.CopyMessage(UserChat, Forum, topic.MessageThreadId))).Message);
    }

    [Fact]
    public async Task SendDocument_TheUploadedFileIsKept_AnEmptyOneIsRefused()
    {
        var bot = Bot();
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("[2030-01-15 12:00] user Dana: hello"));

        var sent = await bot.SendDocument(UserChat, InputFile.FromStream(content, "ticket-1.txt"), caption: "Ticket <b>#1</b>", parseMode: ParseMode.Html);

        var document = fake.Documents.Single();
        Assert.Equal(("ticket-1.txt", "[2030-01-15 12:00] user Dana: hello", "Ticket #1"), (document.FileName, document.Text, document.Caption));
        Assert.Equal("ticket-1.txt", sent.Document!.FileName);
        using var empty = new MemoryStream();
        Assert.Equal("Bad Request: file must be non-empty",
            (await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendDocument(UserChat, InputFile.FromStream(empty, "empty.txt")))).Message);
    }

    private TelegramBotClient Bot() =>
        new(new TelegramBotClientOptions(fake.Token, fake.Url.ToString()) { RetryCount = 1 }, new HttpClient(new SocketsHttpHandler { UseProxy = false }));
}
