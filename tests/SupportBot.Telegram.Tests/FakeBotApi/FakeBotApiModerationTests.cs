using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SupportBot.Telegram.Tests.Fakes;

/// <summary>restrictChatMember, administrators and group updates of the fake, driven by the real Telegram.Bot client.</summary>
public sealed class FakeBotApiModerationTests : IAsyncLifetime
{
    private const long Supergroup = -1001234567890;
    private const long BasicGroup = -4001;
    private const long Member = 77;
    private const long Admin = 88;

    private FakeBotApi fake = null!;
    private TelegramBotClient bot = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeBotApi.StartAsync();
        bot = new TelegramBotClient(new TelegramBotClientOptions(fake.Token, fake.Url.ToString()) { RetryCount = 1 });
        fake.SetChat(Supergroup, "supergroup", "Help");
        fake.SetChat(BasicGroup, "group", "Small");
        fake.SetChatMember(Supergroup, Admin, "administrator", isAnonymous: true);
        fake.SetUser(Admin, "Anna", null, "anna_mod");
    }

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Restrict_WithTheRight_MemberRestrictedUntilTheDate()
    {
        fake.SetChatMember(Supergroup, fake.BotId, "administrator", canRestrictMembers: true);
        var until = TestClock.Instance.GetUtcNow().AddHours(1);

        await bot.RestrictChatMember(Supergroup, Member, new ChatPermissions(false), useIndependentChatPermissions: true, untilDate: until.UtcDateTime);
        var member = await bot.GetChatMember(Supergroup, Member);

        var restricted = Assert.IsType<ChatMemberRestricted>(member);
        Assert.False(restricted.CanSendMessages);
        Assert.True(restricted.IsMember);
        Assert.Equal(until.ToUnixTimeSeconds(), new DateTimeOffset(restricted.UntilDate!.Value).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Restrict_Refusals_AsDocumented()
    {
        fake.SetChatMember(Supergroup, fake.BotId, "administrator", canDeleteMessages: true);
        fake.SetChatMember(BasicGroup, fake.BotId, "administrator", canRestrictMembers: true);

        var noRight = await Assert.ThrowsAsync<ApiRequestException>(() => bot.RestrictChatMember(Supergroup, Member, new ChatPermissions(false)));
        var basic = await Assert.ThrowsAsync<ApiRequestException>(() => bot.RestrictChatMember(BasicGroup, Member, new ChatPermissions(false)));
        fake.SetChatMember(Supergroup, fake.BotId, "administrator", canRestrictMembers: true);
        var admin = await Assert.ThrowsAsync<ApiRequestException>(() => bot.RestrictChatMember(Supergroup, Admin, new ChatPermissions(false)));

        Assert.Equal("Bad Request: not enough rights to restrict/unrestrict chat member", noRight.Message);
        Assert.Equal("Bad Request: method is available only for supergroups", basic.Message);
        Assert.Equal("Bad Request: user is an administrator of the chat", admin.Message);
        Assert.Empty(fake.Restrictions);
    }

    [Fact]
    public async Task Administrators_AnonymousFlagAndNames()
    {
        var admins = await bot.GetChatAdministrators(Supergroup);

        var anna = Assert.IsType<ChatMemberAdministrator>(Assert.Single(admins));
        Assert.True(anna.IsAnonymous);
        Assert.Equal("anna_mod", anna.User.Username);
    }

    [Fact]
    public async Task ChatMemberUpdate_DeliveredOnlyToAnAdministratorThatAsked()
    {
        fake.SetUser(Member, "New", "Member");
        fake.EnqueueUpdate(fake.MemberStatusChange(Supergroup, Member, "left", "member"));
        var notAdmin = await bot.GetUpdates(allowedUpdates: [UpdateType.Message, UpdateType.ChatMember], timeout: 0);

        fake.SetChatMember(Supergroup, fake.BotId, "administrator");
        var id = fake.EnqueueUpdate(fake.MemberStatusChange(Supergroup, Member, "left", "member"));
        var notAsked = await bot.GetUpdates(allowedUpdates: [UpdateType.Message], timeout: 0);
        fake.EnqueueUpdate(fake.MemberStatusChange(Supergroup, Member, "left", "member"));
        var asked = await bot.GetUpdates(allowedUpdates: [UpdateType.Message, UpdateType.ChatMember], timeout: 0);

        Assert.Empty(notAdmin);
        Assert.Empty(notAsked);
        var update = Assert.Single(asked);
        Assert.True(update.Id > id);
        Assert.Equal(ChatMemberStatus.Left, update.ChatMember!.OldChatMember.Status);
        Assert.Equal(ChatMemberStatus.Member, update.ChatMember.NewChatMember.Status);
    }

    [Fact]
    public async Task GroupMessages_ChannelAnonymousAdminJoinsAndTextLinks_ParsedByTheLibrary()
    {
        fake.SetUser(Member, "New", "Member", "new_member");
        const string text = "read 👉 docs here";
        fake.EnqueueUpdate(FakeBotApi.WithEntities(fake.UserMessage(Supergroup, Member, text, chatType: "supergroup", firstName: "New", lastName: "Member", username: "new_member"), FakeBotApi.TextLink(text, "docs", "https://example.org/d")));
        fake.EnqueueUpdate(fake.ChannelMessage(Supergroup, -1009, "Some Channel", "hello", "somechannel"));
        fake.EnqueueUpdate(fake.AnonymousAdminMessage(Supergroup, "admins here"));
        fake.EnqueueUpdate(fake.MembersJoined(Supergroup, Member, Member));

        var updates = await bot.GetUpdates(timeout: 0);

        var link = Assert.Single(updates[0].Message!.Entities!, e => e.Type == MessageEntityType.TextLink);
        Assert.Equal("docs", text.Substring(link.Offset, link.Length)); // UTF-16 offsets: the emoji counts two
        Assert.Equal(("Some Channel", FakeBotApi.ChannelBotId), (updates[1].Message!.SenderChat!.Title, updates[1].Message!.From!.Id));
        Assert.Equal(Supergroup, updates[2].Message!.SenderChat!.Id);
        Assert.Equal("new_member", Assert.Single(updates[3].Message!.NewChatMembers!).Username);
    }
}
