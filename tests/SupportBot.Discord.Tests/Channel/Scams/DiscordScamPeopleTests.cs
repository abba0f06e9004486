using System.Globalization;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel.Scams;

/// <summary>
/// Impersonators and fake support on a server, through the fake gateway and REST: a newcomer wearing a moderator's
/// name is logged and timed out as the server's policy says, and fake-support wording gets the public reminder.
/// </summary>
public sealed class DiscordScamPeopleTests
{
    private static readonly KeyValuePair<string, string?>[] TimeoutImpersonators =
    [
        new($"Scams:Communities:Discord:{ScamRig.Guild}:ImpersonatorActions", "Log, Warn, Restrict"),
        new($"Scams:Communities:Discord:{ScamRig.Guild}:RestrictFor", "02:30:00"),
        // A server's own policy replaces the defaults as a whole: its log channel is repeated.
        new($"Scams:Communities:Discord:{ScamRig.Guild}:ModLog", "420"),
    ];

    // Alexandra Petrova is the moderator's server nickname; the copy has Cyrillic А, е, х, а.
    private static readonly Person Impersonator = new("4242", "alexandra_help", "Аlехаndrа Petrova");

    [Fact]
    public async Task ImpersonatorJoins_LoggedWarnedAndTimedOutForThePolicysDuration()
    {
        await using var rig = await ScamRig.StartAsync(TimeoutImpersonators);

        rig.Join(Impersonator);
        await rig.Fake.WaitForAsync(_ => rig.BotMessagesIn(ScamRig.ModLog).Count > 0, TimeSpan.FromSeconds(20));

        var timeout = Assert.Single(rig.Fake.RequestsTo(FakeRoute.ModifyGuildMember));
        Assert.Equal($"{FakeDiscordRest.BasePath}/guilds/{ScamRig.Guild}/members/{Impersonator.Id}", timeout.Path);
        var until = DateTimeOffset.Parse((string)timeout.Json!["communication_disabled_until"]!, CultureInfo.InvariantCulture);
        Assert.Equal(rig.Clock.GetUtcNow() + TimeSpan.FromMinutes(150), until);
        Assert.Single(timeout.Json!.AsObject());
        Assert.Equal(200, timeout.Status);
        Assert.Contains("Alexandra%20Petrova", timeout.Header("X-Audit-Log-Reason"), StringComparison.Ordinal);
        Assert.NotNull(rig.Fake.TimeoutOf(900, 4242));

        var log = TicketRig.Plain((string?)rig.BotMessagesIn(ScamRig.ModLog).Single()["content"]);
        Assert.Contains("Possible impersonator: Аlехаndrа Petrova (@alexandra_help, id 4242)", log, StringComparison.Ordinal);
        Assert.Contains("Alexandra Petrova", log, StringComparison.Ordinal);
        Assert.Contains("restricted for 2h 30m", log, StringComparison.Ordinal);
        Assert.Contains("has a name that looks like the team's", rig.TextsIn(ScamRig.Welcome).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImpersonatorJoins_DefaultPolicy_OnlyLogged()
    {
        await using var rig = await ScamRig.StartAsync();

        rig.Join(Impersonator);
        await rig.Fake.WaitForAsync(_ => rig.BotMessagesIn(ScamRig.ModLog).Count > 0, TimeSpan.FromSeconds(20));
        await rig.SettleAsync();

        Assert.Empty(rig.Fake.RequestsTo(FakeRoute.ModifyGuildMember));
        Assert.Empty(rig.BotMessagesIn(ScamRig.Welcome));
        Assert.Contains("logged only", TicketRig.Plain((string?)rig.BotMessagesIn(ScamRig.ModLog).Single()["content"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutTheMembersIntent_JoinUnseen_NameCheckedOnTheFirstMessageOnly()
    {
        await using var rig = await ScamRig.StartAsync(TimeoutImpersonators, guildMembersIntent: false);

        rig.Join(Impersonator);
        await rig.SettleAsync();
        Assert.Empty(rig.BotMessagesIn(ScamRig.ModLog));

        rig.Write(Impersonator, "hello everyone, glad to be here 👋");
        rig.Write(Impersonator, "how is everyone doing?");
        await rig.SettleAsync();

        Assert.Single(rig.BotMessagesIn(ScamRig.ModLog));
        Assert.Single(rig.Fake.RequestsTo(FakeRoute.ModifyGuildMember));
    }

    [Fact]
    public async Task NicknameChangedToTheBots_CheckedOnTheUpdate()
    {
        await using var rig = await ScamRig.StartAsync(TimeoutImpersonators);
        var member = new Person("4343", "crypto_dave", "Dave");
        rig.Join(member);
        await rig.SettleAsync();
        Assert.Empty(rig.BotMessagesIn(ScamRig.ModLog));

        var update = (member with { Nick = "SupportBot" }).Member();
        update["user"] = member.User();
        update["guild_id"] = ScamRig.Guild;
        rig.Gateway.SendDispatch("GUILD_MEMBER_UPDATE", update);
        await rig.Fake.WaitForAsync(_ => rig.BotMessagesIn(ScamRig.ModLog).Count > 0, TimeSpan.FromSeconds(20));

        Assert.Contains("SupportBot", TicketRig.Plain((string?)rig.BotMessagesIn(ScamRig.ModLog).Single()["content"]), StringComparison.Ordinal);
        Assert.Single(rig.Fake.RequestsTo(FakeRoute.ModifyGuildMember));
    }

    [Theory]
    [InlineData("Having issues with your withdrawal? DM me, I'm from the support team 🙂", "en")]
    [InlineData("у кого не пришли токены, пиши в лс 🙏 помогу", "ru")]
    [InlineData("your wallet needs to be validated, connect your wallet to fix the sync error", "en")]
    public async Task FakeSupportMessage_PublicReminderAndLog(string text, string language)
    {
        await using var rig = await ScamRig.StartAsync(language == "ru"
            ? [
                new($"Scams:Communities:Discord:{ScamRig.Guild}:Language", "ru"), new($"Scams:Communities:Discord:{ScamRig.Guild}:LogLanguage", "ru"),
                new($"Scams:Communities:Discord:{ScamRig.Guild}:ModLog", "420"),
            ]
            : null);

        var id = rig.Write(ScamRig.Olya, text);
        await rig.Fake.WaitForAsync(_ => rig.BotMessagesIn(ScamRig.ModLog).Count > 0, TimeSpan.FromSeconds(20));

        Assert.False(rig.Deleted(id));
        var reminder = rig.TextsIn(ScamRig.General).Single();
        Assert.Contains(language == "ru" ? "никогда не пишет в личку первой" : "never DMs you first", reminder, StringComparison.OrdinalIgnoreCase);
        var log = TicketRig.Plain((string?)rig.BotMessagesIn(ScamRig.ModLog).Single()["content"]);
        Assert.Contains("Оля 🌸 (@olya.crypto, id 556)", log, StringComparison.Ordinal);
        Assert.Contains(text[..20], log, StringComparison.Ordinal);
        Assert.Empty(ScamRig.Buttons(rig.BotMessagesIn(ScamRig.ModLog).Single()));
    }

    [Fact]
    public async Task ContactingTheRealModerator_NotFakeSupport()
    {
        await using var rig = await ScamRig.StartAsync();

        rig.Write(ScamRig.Dmitry, "contact @sasha_mod for help, she sorted mine out");
        await rig.SettleAsync();

        Assert.Empty(rig.BotMessagesIn(ScamRig.General));
        Assert.Empty(rig.BotMessagesIn(ScamRig.ModLog));
    }
}
