using SupportBot.Core.Messages;
using SupportBot.Core.Scams;

namespace SupportBot.Core.Tests.Scams;

/// <summary>The one scam filter both channels call: links, wording and names in one decision; /check; moderators' allowlist.</summary>
public sealed class ScamGuardTests
{
    private static readonly ScamCommunity Group = new("Telegram", "-100123", "BNB Help")
    {
        StaffNames = ["Alexandra Petrova", "sasha_mod"],
        StaffUsernames = ["sasha_mod"],
        BotNames = ["SupportBot", "supportbot_helper_bot"],
    };

    private static readonly ScamMember Member = new("42", "Dmitry K", "dmitry_k");

    private readonly InMemoryAllowedDomainStore store = new();
    private readonly ScamOptions options = new() { Defaults = new ScamPolicy { ModLog = "-100999" } };
    private readonly ScamGuard guard;

    public ScamGuardTests()
    {
        guard = ShippedLinkScanner.Guard(options, store);
    }

    [Theory]
    [InlineData("guys the airdrop is live: https://metamask-verify.org/claim", "metamask-verify.org")]
    [InlineData("новый сайт rnetamask.io/import, там быстрее", "rnetamask.io")]
    [InlineData("Official: https://xn--metamsk-lwa.io/ hurry", "xn--metamsk-lwa.io")]
    [InlineData("docs here [metamask.io](https://wallet-connect-sync.example/restore)", "wallet-connect-sync.example")]
    public void OnMessage_DangerousLink_DeletedWarnedLogged_HostOfferedToModerators(string text, string flaggedHost)
    {
        var decision = guard.OnMessage(Group, Member, text);

        Assert.Equal(ScamActions.Log | ScamActions.Warn | ScamActions.Delete, decision.Actions);
        Assert.Equal("-100999", decision.ModLog);
        Assert.Equal([flaggedHost], decision.FlaggedHosts);
        Assert.Contains("I removed a link from Dmitry K", decision.PublicText, StringComparison.Ordinal);
        Assert.Contains("🔗 Link flagged from Dmitry K (@dmitry_k, id 42) in BNB Help", decision.LogLine, StringComparison.Ordinal);
        Assert.NotNull(ScamGuard.NotScamPayload(flaggedHost));
    }

    [Fact]
    public void OnMessage_HostInWarning_IsCodeSoItNeverBecomesALink()
    {
        var decision = guard.OnMessage(Group, Member, "claim at metamask-io.com/x");

        Assert.Contains("`metamask-io.com` imitates `metamask.io`", decision.PublicText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://support.metamask.io/start/ and https://www.binance.com/en/support")]
    [InlineData("check bscscan.com for the tx")]
    [InlineData("no links here, just a question about BEP20 fees")]
    public void OnMessage_OfficialOrNoLinks_Nothing(string text)
    {
        Assert.Equal(ScamActions.None, guard.OnMessage(Group, Member, text).Actions);
    }

    [Fact]
    public void OnMessage_ShortenedLink_OnlyLogged()
    {
        var decision = guard.OnMessage(Group, Member, "look bit.ly/3AbCdEf");

        Assert.Equal(ScamActions.Log, decision.Actions);
        Assert.Null(decision.PublicText);
        Assert.Empty(decision.FlaggedHosts);
        Assert.Contains("link shortener", decision.LogLine, StringComparison.Ordinal);
    }

    [Fact]
    public void OnMessage_TelegramTextLink_DisplayedTextAndTargetCompared()
    {
        var decision = guard.OnMessage(Group, Member, "Official support: support.metamask.io",
            [new ShownLink("https://metamask-help-desk.example/ticket", "support.metamask.io")]);

        Assert.True(decision.Actions.HasFlag(ScamActions.Delete));
        Assert.Contains("shows `support.metamask.io` but opens `metamask-help-desk.example`", decision.LogLine, StringComparison.Ordinal);
    }

    [Fact]
    public void OnMessage_LinkAndFakeSupportAndImpersonator_OneDecisionWithEveryLogLine()
    {
        var decision = guard.OnMessage(Group, new ScamMember("77", "MetaMask Support", "mm_support_desk"),
            "DM me for support, or validate your wallet at https://metamask-verify.org/restore");

        Assert.Equal(ScamActions.Log | ScamActions.Warn | ScamActions.Delete, decision.Actions);
        Assert.Contains("🔗", decision.LogLine, StringComparison.Ordinal);
        Assert.Contains("🎣", decision.LogLine, StringComparison.Ordinal);
        Assert.Contains("🕵️", decision.LogLine, StringComparison.Ordinal);
        Assert.StartsWith("⚠️ I removed a link", decision.PublicText, StringComparison.Ordinal); // the link's warning comes first
    }

    [Fact]
    public void OnMessage_Staff_NeverChecked()
    {
        var staff = Member with { IsStaff = true };

        Assert.Equal(ScamActions.None, guard.OnMessage(Group, staff, "DM me for support at https://metamask-verify.org/").Actions);
    }

    [Fact]
    public void OnMessage_LinksOff_OrNoDelete_FollowsThePolicy()
    {
        options.Communities["Telegram"] = new() { ["-100123"] = new ScamPolicy { Links = false }, ["-100456"] = new ScamPolicy { LinkActions = ScamActions.Log | ScamActions.Warn, Language = "ru" } };

        Assert.Equal(ScamActions.None, guard.OnMessage(Group, Member, "https://metamask-verify.org/").Actions);
        var kept = guard.OnMessage(Group with { Id = "-100456" }, Member, "https://metamask-verify.org/");
        Assert.Equal(ScamActions.Log | ScamActions.Warn, kept.Actions);
        Assert.StartsWith("⚠️ Осторожно со ссылкой от Dmitry K", kept.PublicText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkNotScam_TheDomainIsNoLongerFlagged_AnywhereOrInCheck()
    {
        var flagged = guard.OnMessage(Group, Member, "https://wallet-tools.metamask-verify.org/x");
        var host = Assert.Single(flagged.FlaggedHosts);
        Assert.True(ScamGuard.TryParseNotScamPayload(ScamGuard.NotScamPayload(host), out var fromButton));

        Assert.Equal(NotScamMarking.Added, await guard.MarkNotScamAsync(fromButton, "telegram:5", Group, CancellationToken.None));
        Assert.Equal(NotScamMarking.AlreadyAllowed, await guard.MarkNotScamAsync(fromButton, "telegram:6", Group, CancellationToken.None));

        Assert.Equal(ScamActions.None, guard.OnMessage(Group with { Id = "-100777" }, Member, "https://wallet-tools.metamask-verify.org/x").Actions);
        Assert.Contains("official domain", await guard.CheckAsync("wallet-tools.metamask-verify.org", "en", CancellationToken.None), StringComparison.Ordinal);
        var stored = Assert.Single(await store.ListAsync(CancellationToken.None));
        Assert.Equal(("wallet-tools.metamask-verify.org", "telegram:5", "telegram:-100123"), (stored.Host, stored.AddedBy, stored.Community));
        // The parent stays flagged: only what the moderator marked is allowed.
        Assert.NotEqual(ScamActions.None, guard.OnMessage(Group, Member, "https://metamask-verify.org/").Actions);
    }

    [Theory]
    [InlineData("not a domain")]
    [InlineData("localhost")]
    public async Task MarkNotScam_NotAHost_Refused(string host)
    {
        Assert.Equal(NotScamMarking.NotAHost, await guard.MarkNotScamAsync(host, "discord:1", null, CancellationToken.None));
        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("is this legit? https://metamask-verify.org/restore", "en", "Don't open this link")]
    [InlineData("мне написали из поддержки, вот сайт metamásk.io", "ru", "Не открывайте эту ссылку")]
    [InlineData("support sent me tinyurl.com/2p8abcd", "en", "I can't check a shortened link")]
    public void LinkWarning_PrivateMessage_DangerousOrShortened(string text, string language, string expected)
    {
        var warning = guard.LinkWarning(text, [], language);

        Assert.NotNull(warning);
        Assert.Equal(MessageKind.Warning, warning.Kind);
        Assert.Contains(expected, warning.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I use https://metamask.io and app.uniswap.org")]
    [InlineData("my tx is 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060")]
    public void LinkWarning_OrdinaryMessage_None(string text)
    {
        Assert.Null(guard.LinkWarning(text, [], "en"));
    }

    [Theory]
    [InlineData("metamask.io", "`metamask.io` is an official domain")]
    [InlineData("https://metamask-verify.org/restore", "`metamask-verify.org` is on MetaMask's list of phishing sites")]
    [InlineData("  mеtаmаsk.io ", "uses look-alike letters to pass for `metamask.io`")]
    [InlineData("example.org", "is on no scam list I know")]
    public async Task Check_Link_Verdict(string query, string expected)
    {
        Assert.Contains(expected, await guard.CheckAsync(query, "en", CancellationToken.None), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("what is this")]
    public async Task Check_NothingToCheck_Usage(string query)
    {
        Assert.StartsWith("Send `/check` with a link", await guard.CheckAsync(query, "en", CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Address_WithoutChainLookup_SaysItCannotCheckNow()
    {
        var answer = await guard.CheckAsync("0x55d398326f99059fF775485246999027B3197955", "en", CancellationToken.None);

        Assert.Contains("can't check addresses on the blockchain right now", answer, StringComparison.Ordinal);
    }
}
