using System.Text;
using SupportBot.Core.Scams;

namespace SupportBot.Core.Tests.Scams;

public sealed class LinkScannerTests
{
    private static readonly LinkScanner Scanner = ShippedLinkScanner.Instance;

    private static LinkFinding Single(string text) => Assert.Single(Scanner.Scan(text).Links);

    [Theory]
    [InlineData("Зайдите на https://metamask-verify.org/restore и введите фразу, чтобы разблокировать кошелёк")]
    [InlineData("support said go to WWW.METAMASK-VERIFY.ORG now")]
    [InlineData("login at wallet.metamask-verify.org:8443/login?id=7.")]
    public void Scan_BlocklistedDomainAnyForm_IsBlocklisted(string text)
    {
        var link = Single(text);

        Assert.Equal(LinkRisk.Blocklisted, link.Verdict.Risk);
        Assert.True(link.Verdict.IsDangerous);
        Assert.Equal("eth-phishing-detect", link.Verdict.ListName);
    }

    [Theory]
    [InlineData("https://rnetamask.io/import", "metamask.io")]
    [InlineData("открой metamaks.app/sync пожалуйста", "metamask.io")]
    [InlineData("https://www.etherscamn.io/tx/0xabc", "etherscan.io")]
    [InlineData("binanse.com/en/login", "binance.com")] // ours: the downloaded list has no Binance fuzzy entry
    [InlineData("https://bnbchaln.org/claim", "bnbchain.org")]
    public void Scan_FuzzyLookalike_NamesTheOfficialDomain(string text, string official)
    {
        var link = Single(text);

        Assert.True(link.Verdict.IsDangerous, link.Verdict.Reason);
        Assert.Equal(official, link.Verdict.Resembles);
    }

    [Theory]
    [InlineData("https://metamask.io.wallet-restore.example/", "metamask.io")]
    [InlineData("go to metamask-io.com/x to verify", "metamask.io")]
    [InlineData("https://bscscan-com.tx-lookup.example/0x1", "bscscan.com")]
    public void Scan_OfficialNameInsideAnotherDomain_IsALookalike(string text, string official)
    {
        var link = Single(text);

        Assert.True(link.Verdict.IsDangerous, link.Verdict.Reason);
        Assert.Equal(official, link.Verdict.Resembles);
    }

    [Theory]
    [InlineData("https://xn--metamsk-lwa.io/", "metamask.io")]
    [InlineData("Официальный сайт: metamásk.io", "metamask.io")]
    [InlineData("https://mеtаmаsk.io/download", "metamask.io")] // Cyrillic е, а
    [InlineData("https://bіnance.com/ru/support", "binance.com")] // Cyrillic і
    [InlineData("https://xn--bscscn-7nf.com/address/0x1", "bscscan.com")]
    public void Scan_IdnHomograph_IsCaughtAndNamesWhatItImitates(string text, string official)
    {
        var link = Single(text);

        Assert.Equal(LinkRisk.Homograph, link.Verdict.Risk);
        Assert.Equal(official, link.Verdict.Resembles);
    }

    [Theory]
    [InlineData("[metamask.io](https://wallet-connect-sync.example/restore)", "metamask.io", "wallet-connect-sync.example")]
    [InlineData("Official help: [https://support.metamask.io](http://support-desk.example/ticket)", "support.metamask.io", "support-desk.example")]
    [InlineData("https://metamask.io@wallet-connect-sync.example/login", "metamask.io", "wallet-connect-sync.example")]
    public void Scan_TextNamesAnotherDomainThanTheTarget_IsDisguised(string text, string shown, string opened)
    {
        var link = Single(text);

        Assert.Equal(LinkRisk.Disguised, link.Verdict.Risk);
        Assert.Equal((shown, opened), (link.DisplayedHost, link.Host));
    }

    [Fact]
    public void Scan_MarkdownTextAndTargetOnTheSameSite_IsNotDisguised()
    {
        var result = Scanner.Scan("See [metamask.io](https://support.metamask.io/start/) and [the guide](https://www.binance.com/en/support/faq/115003670492).");

        Assert.Equal(2, result.Links.Count);
        Assert.All(result.Links, l => Assert.Equal(LinkRisk.Allowlisted, l.Verdict.Risk));
        Assert.False(result.HasDanger);
    }

    [Fact]
    public void Scan_MarkdownToABlocklistedTarget_KeepsTheWorseVerdictAndTheShownDomain()
    {
        var link = Single("[bscscan.com](https://metamask-verify.org/x)");

        Assert.Equal(LinkRisk.Blocklisted, link.Verdict.Risk);
        Assert.Equal("bscscan.com", link.DisplayedHost);
    }

    [Theory]
    [InlineData("https://support.metamask.io/privacy-and-security/staying-safe-in-web3/")]
    [InlineData("METAMASK.IO")]
    [InlineData("metamask.io.")]
    [InlineData("https://www.binance.com/en/support")]
    [InlineData("BscScan.com/tx/0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060")]
    [InlineData("https://docs.bnbchain.org/bnb-smart-chain/")]
    [InlineData("https://etherscan.io/tokenapprovalchecker")]
    [InlineData("binance.us")]
    public void Scan_OfficialDomain_IsAllowlistedNeverFlagged(string text)
    {
        var link = Single(text);

        Assert.Equal(LinkRisk.Allowlisted, link.Verdict.Risk);
        Assert.False(link.Verdict.IsDangerous);
    }

    [Fact]
    public void Check_EveryOfficialDomainWeList_IsAllowlistedWithItsSubdomains()
    {
        var rules = ShippedLinkScanner.Rules;
        var officials = rules.Own.Fuzzylist.Concat(ShippedLinkScanner.Snapshot.Fuzzylist.Where(d => ShippedLinkScanner.Snapshot.AllowlistMatch(d) is not null));

        Assert.All(officials, domain =>
        {
            Assert.Equal(LinkRisk.Allowlisted, Scanner.CheckHost(domain).Risk);
            Assert.Equal(LinkRisk.Allowlisted, Scanner.CheckHost("www." + domain).Risk);
        });
    }

    [Theory]
    [InlineData("bit.ly/3AbCdEf")]
    [InlineData("https://t.co/xYz123")]
    [InlineData("http://TinyURL.com/metamask-help")]
    [InlineData("https://clck.ru/34abc")]
    public void Scan_Shortener_IsUnknownNotFollowed(string text)
    {
        var result = Scanner.Scan(text);

        Assert.Equal(LinkRisk.Shortened, Assert.Single(result.Links).Verdict.Risk);
        Assert.True(result.HasShortened);
        Assert.False(result.HasDanger);
    }

    [Fact]
    public void Scan_TelegramMessageWithSeveralLinks_JudgesEachInOrder()
    {
        const string text = """
            Привет! Админ написал мне в личку: "для синхронизации зайди на https://metamask-verify.org/sync,
            или вот зеркало: bit.ly/mm-sync". Я проверил на bscscan.com — транзакция есть.
            А ещё он прислал [Binance Support](https://binanse.com/ru/appeal). Это нормально?
            """;

        var links = Scanner.Scan(text).Links;

        Assert.Equal(
            [("metamask-verify.org", LinkRisk.Blocklisted), ("bit.ly", LinkRisk.Shortened), ("bscscan.com", LinkRisk.Allowlisted), ("binanse.com", LinkRisk.Lookalike)],
            links.Select(l => (l.Host, l.Verdict.Risk)).ToArray());
        Assert.Equal("https://metamask-verify.org/sync", links[0].Url);
        Assert.Equal(text.IndexOf("https://metamask-verify.org", StringComparison.Ordinal), links[0].Start);
    }

    [Theory]
    [InlineData("I sent 0.5 BNB to my wallet yesterday, e.g. at 10.30 — where is it?")]
    [InlineData("Я отправил 0,25 ETH, и т.д. и т.п.")]
    [InlineData("my email is someone@ — no wait")]
    [InlineData("")]
    public void Scan_TextWithoutLinks_FindsNone(string text)
    {
        Assert.Empty(Scanner.Scan(text).Links);
    }

    [Fact]
    public void Scan_UnknownDomain_IsNotListedAndNotDangerous()
    {
        var link = Single("my node runs at https://rpc.my-own-node.example:8545");

        Assert.Equal((LinkRisk.NotListed, "rpc.my-own-node.example"), (link.Verdict.Risk, link.Host));
        Assert.False(link.Verdict.IsDangerous);
    }

    [Fact]
    public void Scan_SentenceAroundTheLink_IsNotPartOfIt()
    {
        var link = Single("(see https://support.metamask.io/start/).");

        Assert.Equal("https://support.metamask.io/start/", link.Url);
    }

    [Fact]
    public void Check_OurAllowlist_OverridesTheDownloadedBlocklist()
    {
        var downloaded = PhishingList.Parse(Encoding.UTF8.GetBytes("""{ "blacklist": ["shared-docs.example"], "whitelist": [], "fuzzylist": [] }"""));
        var rules = new LinkRules(PhishingList.Create(LinkRules.ListName, ["shared-docs.example"], [], [], 0), new HashSet<string>());
        var scanner = new LinkScanner(new PhishingListHolder(downloaded), rules);

        Assert.Equal(LinkRisk.Allowlisted, scanner.CheckHost("shared-docs.example").Risk);
        Assert.Equal(LinkRisk.Blocklisted, new LinkScanner(new PhishingListHolder(downloaded), rules with { Own = PhishingList.Create(LinkRules.ListName, [], [], [], 0) })
            .CheckHost("shared-docs.example").Risk);
    }

    [Fact]
    public void Check_ListReplaced_NextCheckUsesTheNewList()
    {
        var holder = new PhishingListHolder(PhishingList.Parse("""{ "blacklist": [] }"""u8));
        var scanner = new LinkScanner(holder, ShippedLinkScanner.Rules);
        Assert.Equal(LinkRisk.NotListed, scanner.CheckHost("fresh-drainer.example").Risk);

        holder.Replace(PhishingList.Parse("""{ "blacklist": ["fresh-drainer.example"] }"""u8));

        Assert.Equal(LinkRisk.Blocklisted, scanner.CheckHost("fresh-drainer.example").Risk);
    }

    [Fact]
    public void CheckLink_TelegramTextLinkEntity_ComparesTheShownTextWithTheTarget()
    {
        var finding = Scanner.CheckLink("https://wallet-connect-sync.example/", "https://metamask.io")!;

        Assert.Equal(LinkRisk.Disguised, finding.Verdict.Risk);
        Assert.Equal("metamask.io", finding.Verdict.Resembles);
    }
}
