using SupportBot.Core.Scams;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Scams;

/// <summary>What a channel calls: a member is checked on join and again only when their name changes; staff never.</summary>
public sealed class ScamPeopleChecksTests
{
    private const string Community = "telegram:-100123";
    private static readonly string[] Staff = ["Alexandra Petrova", "sasha_mod"];
    private static readonly string[] Bot = ["SupportBot", "supportbot_helper_bot"];

    private readonly ScamPeopleChecks checks = new(TestContent.Catalog);
    private readonly ScamPolicy policy = new() { ModLog = "-100999", ImpersonatorActions = ScamActions.Log | ScamActions.Restrict };

    [Fact]
    public void CheckMember_CopyOfStaff_LoggedAndRestricted()
    {
        var decision = checks.CheckMember(policy, Community, new ScamMember("42", "Аlехаndrа Petrova", "alexandra_help"), Staff, Bot, "BNB Help");

        Assert.Equal(ScamActions.Log | ScamActions.Restrict, decision.Actions);
        Assert.Equal(TimeSpan.FromHours(1), decision.RestrictFor);
        Assert.Contains("Alexandra Petrova", decision.LogLine, StringComparison.Ordinal);
        Assert.Contains("@alexandra_help, id 42", decision.LogLine, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckMember_SameNameTwice_ReportedOnce_RenameReportedAgain()
    {
        var member = new ScamMember("42", "MetaMask Support", null);

        Assert.NotNull(checks.CheckMember(policy, Community, member, Staff, Bot).LogLine);
        Assert.Null(checks.CheckMember(policy, Community, member, Staff, Bot).LogLine);
        Assert.NotNull(checks.CheckMember(policy, "telegram:-100456", member, Staff, Bot).LogLine);
        Assert.NotNull(checks.CheckMember(policy, Community, member with { DisplayName = "Binance Admin" }, Staff, Bot).LogLine);
    }

    [Fact]
    public void CheckMember_StaffOrExempt_NotChecked()
    {
        var exempt = new ScamPolicy { ExemptUserIds = ["7"], ExemptRoleIds = ["555"] };

        Assert.Equal(ScamActions.None, checks.CheckMember(policy, Community, new ScamMember("1", "Support", null, IsStaff: true), Staff, Bot).Actions);
        Assert.Equal(ScamActions.None, checks.CheckMember(exempt, Community, new ScamMember("7", "Support", null), Staff, Bot).Actions);
        Assert.Equal(ScamActions.None, checks.CheckMember(exempt, Community, new ScamMember("8", "Support", null, RoleIds: ["555"]), Staff, Bot).Actions);
        Assert.NotEqual(ScamActions.None, checks.CheckMember(exempt, Community, new ScamMember("9", "Support", null, RoleIds: ["1"]), Staff, Bot).Actions);
    }

    [Fact]
    public void CheckMember_ConfiguredProtectedName_Protected()
    {
        var withName = new ScamPolicy { ProtectedNames = ["Dmitry Volkov"] };

        var decision = checks.CheckMember(withName, Community, new ScamMember("42", "Dmitry Vo1kov", null), Staff, Bot);

        Assert.Equal(ScamActions.Log, decision.Actions);
        Assert.Contains("Dmitry Volkov", decision.LogLine, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckMember_OrdinaryName_Nothing()
    {
        Assert.Equal(ScamDecision.Nothing, checks.CheckMember(policy, Community, new ScamMember("42", "Adam", "adam_k"), Staff, Bot));
    }

    [Fact]
    public void CheckMessage_FakeSupport_ReminderAndLog_StaffMayPointToThemselves()
    {
        var member = new ScamMember("42", "Mallory", "mallory");

        var scam = checks.CheckMessage(policy, member, "DM me for support", ["sasha_mod"], "BNB Help");
        var fine = checks.CheckMessage(policy, member, "contact @sasha_mod for help", ["sasha_mod"], "BNB Help");
        var staff = checks.CheckMessage(policy, member with { IsStaff = true }, "DM me for support", ["sasha_mod"]);

        Assert.Equal(ScamActions.Log | ScamActions.Warn, scam.Actions);
        Assert.NotNull(scam.PublicText);
        Assert.Equal(ScamActions.None, fine.Actions);
        Assert.Equal(ScamActions.None, staff.Actions);
    }
}
