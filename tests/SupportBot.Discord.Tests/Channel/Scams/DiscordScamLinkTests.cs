using System.Text.Json.Nodes;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel.Scams;

/// <summary>
/// Scam links in server messages, through the fake gateway and REST: deleted, warned about in the channel and logged
/// to the moderators with a "not a scam" button; official links, staff and the bot's own channels left alone.
/// </summary>
public sealed class DiscordScamLinkTests : IAsyncLifetime
{
    private ScamRig rig = null!;

    public async Task InitializeAsync() => rig = await ScamRig.StartAsync();

    public async Task DisposeAsync() => await rig.DisposeAsync();

    [Theory]
    [InlineData("gm fam 🚀 the airdrop is live, claim before it ends: https://metamask-verify.org/claim", "metamask-verify.org", "on MetaMask's list of phishing sites")]
    [InlineData("ребят, вот тут норм обменник rnetamask.io/swap 👍 комиссия ниже", "rnetamask.io", "imitates `metamask.io`")]
    [InlineData("Official link!! https://xn--metamsk-lwa.io/ hurry up pls", "xn--metamsk-lwa.io", "uses look-alike letters to pass for `metamask.io`")]
    [InlineData("offical docs are here [metamask.io](https://wallet-connect-sync.example/restore) 🙏", "wallet-connect-sync.example", "the link shows `metamask.io` but opens")]
    public async Task ScamLink_DeletedWarnedAndLoggedWithANotAScamButton(string text, string host, string reason)
    {
        var id = rig.Write(ScamRig.Dmitry, text);
        await rig.Fake.WaitForAsync(_ => rig.BotMessagesIn(ScamRig.ModLog).Count > 0, TimeSpan.FromSeconds(20));

        Assert.True(rig.Deleted(id));
        var warning = Assert.Single(rig.BotMessagesIn(ScamRig.General));
        Assert.Contains("I removed a link from Dmitry K", TicketRig.Plain((string?)warning["content"]), StringComparison.Ordinal);
        Assert.Contains(reason, (string?)warning["content"], StringComparison.Ordinal);
        var warningRequest = rig.Fake.RequestsTo(FakeRoute.CreateMessage).First(r => r.Path.EndsWith($"/channels/{ScamRig.General}/messages", StringComparison.Ordinal));
        Assert.Equal("""{"parse":[]}""", warningRequest.Json!["allowed_mentions"]!.ToJsonString());

        var log = Assert.Single(rig.BotMessagesIn(ScamRig.ModLog));
        var logText = TicketRig.Plain((string?)log["content"]);
        Assert.Contains("Link flagged from Dmitry K (@dmitry_k, id 555) in <#410> (BNB Chain Help)", logText, StringComparison.Ordinal);
        Assert.Contains("message deleted", logText, StringComparison.Ordinal);
        // The quoted message's link cannot be clicked from the log.
        Assert.DoesNotContain("https://", logText, StringComparison.Ordinal);
        var button = Assert.Single(ScamRig.Buttons(log));
        Assert.Equal(("scam:ok:" + host, "✅ Not a scam: " + host, 2), button);
        Assert.Empty(rig.Fake.RequestsTo(FakeRoute.ModifyGuildMember));
    }

    [Fact]
    public async Task CyrillicLettersInTheDomain_FlaggedAsHomograph()
    {
        var id = rig.Write(ScamRig.Olya, "мне написали из поддержки, вот их сайт mеtаmаsk.io 😳 это правда они?");
        await rig.Fake.WaitForAsync(_ => rig.BotMessagesIn(ScamRig.ModLog).Count > 0, TimeSpan.FromSeconds(20));

        Assert.True(rig.Deleted(id));
        Assert.Contains("look-alike letters", rig.TextsIn(ScamRig.General).Single(), StringComparison.Ordinal);
        Assert.StartsWith("scam:ok:xn--", ScamRig.Buttons(rig.BotMessagesIn(ScamRig.ModLog).Single()).Single().CustomId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("see https://support.metamask.io/start/ and https://www.binance.com/en/support")]
    [InlineData("check bscscan.com for the tx pls, it says success")]
    [InlineData("the guide: [MetaMask support](https://support.metamask.io/configure/networks/)")]
    [InlineData("no links here, just a question about BEP20 fees 🤔")]
    public async Task OfficialDomainsAndPlainQuestions_NeverFlagged(string text)
    {
        var id = rig.Write(ScamRig.Dmitry, text);
        await rig.SettleAsync();

        Assert.False(rig.Deleted(id));
        Assert.Empty(rig.BotMessagesIn(ScamRig.General));
        Assert.Empty(rig.BotMessagesIn(ScamRig.ModLog));
    }

    [Fact]
    public async Task Staff_NeverChecked_ModeratorRoleOwnerTimeoutRightsAndTheConfiguredTeamRole()
    {
        foreach (var staff in new[] { ScamRig.Staff, ScamRig.Owner, ScamRig.TimeoutMod, ScamRig.TeamMember })
        {
            rig.Write(staff, "phishing example for the FAQ: https://metamask-verify.org/claim — DM me if you see it");
        }

        await rig.SettleAsync();

        Assert.Empty(rig.Fake.RequestsTo(FakeRoute.DeleteMessage));
        Assert.Empty(rig.BotMessagesIn(ScamRig.General));
        Assert.Empty(rig.BotMessagesIn(ScamRig.ModLog));
    }

    [Fact]
    public async Task RoleGrantedManageMessagesLater_ItsMembersBecomeStaff()
    {
        var before = rig.Write(ScamRig.Helper, "try this one metamask-verify.org");
        await rig.SettleAsync();
        rig.Gateway.SendDispatch("GUILD_ROLE_UPDATE", new JsonObject { ["guild_id"] = ScamRig.Guild, ["role"] = ScamRig.Role(ScamRig.HelpersRole, "Helpers", "11264") });
        var after = rig.Write(ScamRig.Helper, "(for the FAQ) metamask-verify.org is a scam");
        await rig.SettleAsync();

        Assert.True(rig.Deleted(before));
        Assert.False(rig.Deleted(after));
        Assert.Single(rig.BotMessagesIn(ScamRig.ModLog));
    }

    [Fact]
    public async Task MissingManageMessages_DeleteRefused_StillWarnedAndLogged()
    {
        rig.Fake.Inject(FakeRoute.DeleteMessage, FakeFault.MissingPermissions());

        var id = rig.Write(ScamRig.Dmitry, "URGENT: wallet update required https://metamask-verify.org/update !!!");
        await rig.Fake.WaitForAsync(_ => rig.BotMessagesIn(ScamRig.ModLog).Count > 0, TimeSpan.FromSeconds(20));

        var delete = Assert.Single(rig.Fake.RequestsTo(FakeRoute.DeleteMessage));
        Assert.Equal(403, delete.Status);
        Assert.Contains(rig.Fake.MessagesIn(ScamRig.General), m => (string?)m["id"] == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var warning = (string)Assert.Single(rig.BotMessagesIn(ScamRig.General))["content"]!;
        Assert.StartsWith("⚠️ Careful with the link from", warning, StringComparison.Ordinal); // never "I removed" while it is there
        Assert.Single(rig.BotMessagesIn(ScamRig.ModLog));

        // The message stayed: its link preview unfolding arrives as an update with the same text, not a new finding.
        var unfurled = ScamRig.Message(ScamRig.Dmitry, "URGENT: wallet update required https://metamask-verify.org/update !!!", id);
        unfurled["embeds"] = new JsonArray(new JsonObject { ["type"] = "link", ["url"] = "https://metamask-verify.org/update", ["title"] = "MetaMask" });
        rig.Gateway.SendDispatch("MESSAGE_UPDATE", unfurled);
        await rig.SettleAsync();
        Assert.Single(rig.BotMessagesIn(ScamRig.General));
        Assert.Single(rig.BotMessagesIn(ScamRig.ModLog));
    }

    [Fact]
    public async Task MessageEditedToAddAScamLink_Deleted()
    {
        var id = rig.Write(ScamRig.Dmitry, "anyone know where to claim the BNB airdrop?");
        await rig.SettleAsync();
        Assert.False(rig.Deleted(id));

        var edited = ScamRig.Message(ScamRig.Dmitry, "anyone know where to claim the BNB airdrop? nvm found it: https://metamask-verify.org/claim", id);
        edited["edited_timestamp"] = "2030-01-15T12:01:00.000000+00:00";
        rig.Gateway.SendDispatch("MESSAGE_UPDATE", edited);
        await rig.Fake.WaitForAsync(_ => rig.BotMessagesIn(ScamRig.ModLog).Count > 0, TimeSpan.FromSeconds(20));

        Assert.True(rig.Deleted(id));
        Assert.Single(rig.BotMessagesIn(ScamRig.General));
    }

    [Fact]
    public async Task TicketThreadAndModLog_NotChecked()
    {
        var inThread = rig.Write(ScamRig.Dmitry, "they sent me this: https://metamask-verify.org/claim", ScamRig.TicketThread);
        var inLog = rig.Write(ScamRig.Dmitry, "https://metamask-verify.org/claim", ScamRig.ModLog);
        await rig.SettleAsync();

        Assert.False(rig.Deleted(inThread));
        Assert.False(rig.Deleted(inLog));
        Assert.Empty(rig.BotMessagesIn(ScamRig.TicketThread));
        Assert.Empty(rig.BotMessagesIn(ScamRig.ModLog));
    }

    [Fact]
    public async Task PolicyPerServer_OtherServerOnlyLogsToItsOwnChannel()
    {
        var id = rig.Write(ScamRig.Dmitry, "братишки, раздача тут https://metamask-verify.org/claim 🎁", ScamRig.OtherGeneral, ScamRig.OtherGuild);
        await rig.Fake.WaitForAsync(_ => rig.BotMessagesIn(ScamRig.OtherModLog).Count > 0, TimeSpan.FromSeconds(20));
        await rig.SettleAsync();

        Assert.False(rig.Deleted(id));
        Assert.Empty(rig.BotMessagesIn(ScamRig.OtherGeneral));
        Assert.Empty(rig.BotMessagesIn(ScamRig.ModLog));
        var log = Assert.Single(rig.BotMessagesIn(ScamRig.OtherModLog));
        Assert.Contains("logged only", TicketRig.Plain((string?)log["content"]), StringComparison.Ordinal);
        Assert.Equal("scam:ok:metamask-verify.org", ScamRig.Buttons(log).Single().CustomId);
    }

    [Fact]
    public async Task PrivateMessageWithAScamLink_WarnedByTheConversation()
    {
        rig.Gateway.SendDispatch("MESSAGE_CREATE", Gateway.FakeDiscordGateway.DmMessage("is this legit? someone from support sent me https://metamask-verify.org/restore", "80001"));

        await rig.Fake.WaitForAsync(_ => rig.TextsIn(ScamRig.DmChannel).Any(t => t.Contains("Don't open this link", StringComparison.Ordinal)), TimeSpan.FromSeconds(20));

        Assert.Contains(rig.TextsIn(ScamRig.DmChannel), t => t.Contains("Don't open this link", StringComparison.Ordinal) && t.Contains("metamask-verify.org", StringComparison.Ordinal));
    }
}
