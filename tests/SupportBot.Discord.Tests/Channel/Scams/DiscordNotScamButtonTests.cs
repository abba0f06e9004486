using System.Text.Json.Nodes;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel.Scams;

/// <summary>
/// A moderator presses "not a scam" under a log line: the domain joins the allowlist and the log says so without
/// the button; a member without moderator rights is refused privately and nothing changes.
/// </summary>
public sealed class DiscordNotScamButtonTests : IAsyncLifetime
{
    private ScamRig rig = null!;

    public async Task InitializeAsync() => rig = await ScamRig.StartAsync();

    public async Task DisposeAsync() => await rig.DisposeAsync();

    /// <summary>Two lookalikes in one message: the log line gets a button for each.</summary>
    private async Task<JsonObject> FlagAsync()
    {
        rig.Write(ScamRig.Dmitry, "new swap site rnetamask.io/swap and the airdrop at https://metamask-verify.org/claim 🔥");
        await rig.Fake.WaitForAsync(_ => rig.BotMessagesIn(ScamRig.ModLog).Count > 0, TimeSpan.FromSeconds(20));
        var log = rig.BotMessagesIn(ScamRig.ModLog).Single();
        Assert.Equal(["scam:ok:rnetamask.io", "scam:ok:metamask-verify.org"], ScamRig.Buttons(log).Select(b => b.CustomId));
        return log;
    }

    private static JsonObject Press(JsonObject log, string customId, Person who, string permissions, string locale = "en-US") =>
        ScamRig.Interaction(3, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 }, who, permissions, locale, message: (JsonObject)log.DeepClone());

    [Theory]
    [InlineData("8192")] // Manage Messages
    [InlineData("8")] // Administrator
    [InlineData("1099511627776")] // Moderate Members
    public async Task ModeratorMarksAFalsePositive_LogUpdatedWithoutThatButton_DomainPassesAfterwards(string permissions)
    {
        var log = await FlagAsync();

        var response = await rig.InteractAsync(Press(log, "scam:ok:rnetamask.io", ScamRig.Staff, permissions));

        Assert.Equal(7, (int)response["type"]!);
        var content = TicketRig.Plain((string?)response["data"]!["content"]);
        Assert.StartsWith(TicketRig.Plain((string?)log["content"]), content, StringComparison.Ordinal);
        Assert.EndsWith("`rnetamask.io` marked as not a scam by Alexandra Petrova: links to it are no longer flagged.", content, StringComparison.Ordinal);
        var left = response["data"]!["components"]!.AsArray().SelectMany(r => r!["components"]!.AsArray()).Select(b => (string)b!["custom_id"]!);
        Assert.Equal(["scam:ok:metamask-verify.org"], left);

        var again = rig.Write(ScamRig.Olya, "rnetamask.io/swap works fine for me");
        await rig.SettleAsync();
        Assert.False(rig.Deleted(again));
        Assert.Single(rig.BotMessagesIn(ScamRig.ModLog));
    }

    [Fact]
    public async Task MemberWithoutModeratorRights_RefusedPrivately_NothingChanges()
    {
        var log = await FlagAsync();

        var response = await rig.InteractAsync(Press(log, "scam:ok:rnetamask.io", ScamRig.Helper, "3072", "ru"));

        Assert.Equal(4, (int)response["type"]!);
        Assert.Equal(64, (int)response["data"]!["flags"]! & 64);
        Assert.Contains("только модераторы", (string?)response["data"]!["content"], StringComparison.Ordinal);
        Assert.Empty(rig.Fake.RequestsTo(FakeRoute.EditMessage));

        var again = rig.Write(ScamRig.Olya, "rnetamask.io/swap ??");
        await rig.Fake.WaitForAsync(_ => rig.BotMessagesIn(ScamRig.ModLog).Count > 1, TimeSpan.FromSeconds(20));
        Assert.True(rig.Deleted(again));
    }

    [Fact]
    public async Task TeamRoleWithoutPermissions_MayMark()
    {
        var log = await FlagAsync();

        var response = await rig.InteractAsync(Press(log, "scam:ok:metamask-verify.org", ScamRig.TeamMember, "3072"));

        Assert.Equal(7, (int)response["type"]!);
        Assert.Contains("marked as not a scam by Ivan", TicketRig.Plain((string?)response["data"]!["content"]), StringComparison.Ordinal);
    }
}
