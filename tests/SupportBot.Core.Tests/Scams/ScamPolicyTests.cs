using SupportBot.Core.Scams;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Scams;

/// <summary>
/// One decision for both channels: a community's policy and a finding give the actions, the public reminder and the
/// moderators' log line (redacted); checks that are off and exempt members get nothing.
/// </summary>
public sealed class ScamPolicyTests
{
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    private static readonly ImpersonationCheck Names = new(TestContent.Catalog.ScamPeople);
    private static readonly FakeSupportDetector Wording = new(TestContent.Catalog.ScamPeople);

    private static ScamFinding FakeSupportFinding(string text) =>
        ScamFinding.ForMessage(Wording.Detect(text)!, "Mallory (@mallory, 42)", text, "BNB Help Chat");

    [Fact]
    public void Decide_FakeSupportByDefault_RemindsAndLogs()
    {
        var decision = ScamPolicyDecision.Decide(new ScamPolicy { ModLog = "-1009" }, FakeSupportFinding("DM me for support"), authorExempt: false, TestContent.Catalog);

        Assert.Equal(ScamActions.Log | ScamActions.Warn, decision.Actions);
        Assert.Equal("-1009", decision.ModLog);
        Assert.Equal(TestContent.Catalog.Texts.Get("en", "scams-people.reminder"), decision.PublicText);
        Assert.Contains("Mallory (@mallory, 42)", decision.LogLine, StringComparison.Ordinal);
        Assert.Contains("BNB Help Chat", decision.LogLine, StringComparison.Ordinal);
        Assert.Contains("> DM me for support", decision.LogLine, StringComparison.Ordinal);
        Assert.Contains(TestContent.Catalog.Texts.Get("en", "scams-people.action.warn"), decision.LogLine, StringComparison.Ordinal);
        Assert.Null(decision.RestrictFor);
    }

    [Fact]
    public void Decide_MessageWithPhrase_LogLineRedacted()
    {
        var text = $"DM me for support and send {Phrase}";

        var decision = ScamPolicyDecision.Decide(new ScamPolicy(), FakeSupportFinding(text), authorExempt: false, TestContent.Catalog);

        Assert.NotNull(decision.LogLine);
        Assert.DoesNotContain("sausage", decision.LogLine, StringComparison.Ordinal);
        Assert.DoesNotContain("sausage", decision.Reason, StringComparison.Ordinal);
        Assert.Contains(SupportBot.Core.Triage.SecretGuard.PhraseMarker, decision.LogLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ExemptAuthor_Nothing()
    {
        var decision = ScamPolicyDecision.Decide(new ScamPolicy(), FakeSupportFinding("DM me for support"), authorExempt: true, TestContent.Catalog);

        Assert.Equal(ScamActions.None, decision.Actions);
        Assert.Null(decision.LogLine);
        Assert.Null(decision.PublicText);
    }

    [Fact]
    public void Decide_CheckOff_Nothing()
    {
        var decision = ScamPolicyDecision.Decide(new ScamPolicy { FakeSupport = false }, FakeSupportFinding("DM me for support"), authorExempt: false, TestContent.Catalog);

        Assert.Equal(ScamActions.None, decision.Actions);
    }

    [Fact]
    public void Decide_RestrictAndDelete_DurationInLog()
    {
        var policy = new ScamPolicy { FakeSupportActions = ScamActions.Log | ScamActions.Delete | ScamActions.Restrict, RestrictFor = TimeSpan.FromMinutes(90) };

        var decision = ScamPolicyDecision.Decide(policy, FakeSupportFinding("validate your wallet here"), authorExempt: false, TestContent.Catalog);

        Assert.Equal(ScamActions.Log | ScamActions.Delete | ScamActions.Restrict, decision.Actions);
        Assert.Equal(TimeSpan.FromMinutes(90), decision.RestrictFor);
        Assert.Contains("1h 30m", decision.LogLine, StringComparison.Ordinal);
        Assert.Contains(TestContent.Catalog.Texts.Get("en", "scams-people.action.delete"), decision.LogLine, StringComparison.Ordinal);
        Assert.Null(decision.PublicText);
        Assert.Null(decision.ModLog);
    }

    [Fact]
    public void Decide_ImpersonatorAtJoin_NeverDeletes()
    {
        var match = Names.Check("MetaMask Support", "mm_support_team", [])!;
        var policy = new ScamPolicy { ImpersonatorActions = ScamActions.Log | ScamActions.Warn | ScamActions.Delete | ScamActions.Restrict };

        var decision = ScamPolicyDecision.Decide(policy, ScamFinding.ForName(match, "MetaMask Support (@mm_support_team)"), authorExempt: false, TestContent.Catalog);

        Assert.Equal(ScamActions.Log | ScamActions.Warn | ScamActions.Restrict, decision.Actions);
        Assert.Contains("MetaMask Support (@mm_support_team)", decision.PublicText, StringComparison.Ordinal);
        Assert.StartsWith("🕵️", decision.LogLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_LowSeverityName_OnlyLogged()
    {
        var match = Names.Check("Binance fan", null, [])!;
        var policy = new ScamPolicy { ImpersonatorActions = ScamActions.Log | ScamActions.Warn | ScamActions.Restrict, LogLanguage = "ru" };

        var decision = ScamPolicyDecision.Decide(policy, ScamFinding.ForName(match, "Binance fan"), authorExempt: false, TestContent.Catalog);

        Assert.Equal(ScamActions.Log, decision.Actions);
        Assert.Null(decision.PublicText);
        Assert.Contains(TestContent.Catalog.Texts.Get("ru", "scams-people.action.log"), decision.LogLine, StringComparison.Ordinal);
        Assert.StartsWith("👀", decision.LogLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WarnWithoutLog_StillLogged()
    {
        var decision = ScamPolicyDecision.Decide(new ScamPolicy { FakeSupportActions = ScamActions.Warn }, FakeSupportFinding("DM me for support"), false, TestContent.Catalog);

        Assert.Equal(ScamActions.Log | ScamActions.Warn, decision.Actions);
        Assert.NotNull(decision.LogLine);
        Assert.NotNull(decision.PublicText);
    }

    [Fact]
    public void Decide_LowSeverityName_NoLogAction_Nothing()
    {
        var match = Names.Check("Binance fan", null, [])!;

        var decision = ScamPolicyDecision.Decide(new ScamPolicy { ImpersonatorActions = ScamActions.Warn }, ScamFinding.ForName(match, "Binance fan"), false, TestContent.Catalog);

        Assert.Equal(ScamActions.None, decision.Actions);
    }

    [Fact]
    public void Decide_RussianCommunity_RussianReminder()
    {
        var decision = ScamPolicyDecision.Decide(new ScamPolicy { Language = "ru" }, FakeSupportFinding("пиши в лс"), false, TestContent.Catalog);

        Assert.Equal(TestContent.Catalog.Texts.Get("ru", "scams-people.reminder"), decision.PublicText);
    }

    [Fact]
    public void Decide_LinkFinding_UsesGivenReasonAndWarning()
    {
        var finding = new ScamFinding(ScamCheck.Links, "Mallory", "Chat", "claim at evil.example") { Reason = "look-alike domain", WarningTextKey = "scams-people.reminder" };

        var decision = ScamPolicyDecision.Decide(new ScamPolicy(), finding, false, TestContent.Catalog);

        Assert.Equal(ScamActions.Log | ScamActions.Warn | ScamActions.Delete, decision.Actions);
        Assert.Contains("look-alike domain", decision.LogLine, StringComparison.Ordinal);
        Assert.Equal("look-alike domain", decision.Reason);
    }

    [Fact]
    public void IsExempt_ByUserOrRole()
    {
        var policy = new ScamPolicy { ExemptUserIds = ["42"], ExemptRoleIds = ["777"] };

        Assert.True(policy.IsExempt("42"));
        Assert.True(policy.IsExempt("43", ["1", "777"]));
        Assert.False(policy.IsExempt("43", ["1"]));
    }

    [Fact]
    public void For_ListedCommunity_OwnPolicy_ElseDefaults()
    {
        var own = new ScamPolicy { ModLog = "-100200" };
        var options = new ScamOptions { Communities = new(StringComparer.OrdinalIgnoreCase) { ["Telegram"] = new() { ["-100100"] = own } } };

        Assert.Same(own, options.For("telegram", "-100100"));
        Assert.Same(options.Defaults, options.For("Telegram", "-100999"));
        Assert.Same(options.Defaults, options.For("Discord", "-100100"));
    }

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new ScamOptionsValidator().Validate(null, new ScamOptions()).Succeeded);
    }

    [Theory]
    [InlineData("Matrix", "1", "Scams:Communities:Matrix is not a platform")]
    [InlineData("Telegram", "my-group", "Scams:Communities:Telegram:my-group: 'my-group' is not a Telegram chat id")]
    [InlineData("Discord", "-5", "Scams:Communities:Discord:-5: '-5' is not a Discord server id")]
    public void Validate_BadCommunityKey_NamesIt(string platform, string id, string expected)
    {
        var options = new ScamOptions { Communities = new(StringComparer.OrdinalIgnoreCase) { [platform] = new() { [id] = new ScamPolicy() } } };

        var result = new ScamOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadSettings_EachNamesItsKey()
    {
        var policy = new ScamPolicy
        {
            RestrictFor = TimeSpan.FromDays(40),
            Language = "de",
            ModLog = "mods",
            ExemptUserIds = ["alice"],
            ExemptRoleIds = ["1"],
            ImpersonatorActions = ScamActions.Delete,
        };
        var options = new ScamOptions { Communities = new(StringComparer.OrdinalIgnoreCase) { ["Telegram"] = new() { ["-100123"] = policy } } };

        var failures = new ScamOptionsValidator().Validate(null, options).Failures!.ToList();

        const string key = "Scams:Communities:Telegram:-100123";
        Assert.Contains(failures, f => f.StartsWith($"{key}:RestrictFor ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith($"{key}:Language ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith($"{key}:ModLog ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith($"{key}:ExemptUserIds:0 ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith($"{key}:ExemptRoleIds:0 ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith($"{key}:ImpersonatorActions ", StringComparison.Ordinal));
        Assert.Equal(6, failures.Count);
    }

    [Fact]
    public void Validate_DiscordCommunity_RolesAndChannelAccepted()
    {
        var policy = new ScamPolicy { ModLog = "1234567890123", ExemptRoleIds = ["99887766"], ExemptUserIds = ["112233"] };
        var options = new ScamOptions { Communities = new(StringComparer.OrdinalIgnoreCase) { ["Discord"] = new() { ["81384788765712384"] = policy } } };

        Assert.True(new ScamOptionsValidator().Validate(null, options).Succeeded);
    }
}
