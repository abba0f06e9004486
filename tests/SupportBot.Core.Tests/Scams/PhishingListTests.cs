using System.Text;
using SupportBot.Core.Scams;

namespace SupportBot.Core.Tests.Scams;

public sealed class PhishingListTests
{
    private static PhishingList List(string json) => PhishingList.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Load_ShippedSnapshot_HoldsMetaMasksListWithItsTolerance()
    {
        var list = ShippedLinkScanner.Snapshot;

        Assert.True(list.BlocklistCount > 10_000, $"blocklist {list.BlocklistCount}");
        Assert.True(list.AllowlistCount > 500, $"allowlist {list.AllowlistCount}");
        Assert.Contains("metamask.io", list.Fuzzylist);
        Assert.Equal(2, list.Tolerance);
    }

    [Theory]
    [InlineData("metamask-verify.org", "metamask-verify.org")]
    [InlineData("login.secure.metamask-verify.org", "metamask-verify.org")]
    [InlineData("notmetamask-verify.org", null)]
    [InlineData("metamask-verify.org.de", null)]
    public void BlocklistMatch_DomainOrSubdomainOfEntry_MatchesOnLabelBoundariesOnly(string host, string? expected)
    {
        var list = List("""{ "blacklist": ["metamask-verify.org"], "whitelist": [], "fuzzylist": [], "tolerance": 2 }""");

        Assert.Equal(expected, list.BlocklistMatch(host));
    }

    [Fact]
    public void Check_DomainOnBothLists_AllowlistWinsAsInTheDetector()
    {
        var list = List("""{ "blacklist": ["shared-host.app"], "whitelist": ["good.shared-host.app"], "fuzzylist": [], "tolerance": 2 }""");

        Assert.Equal(LinkRisk.Allowlisted, list.Check("good.shared-host.app").Risk);
        Assert.Equal(LinkRisk.Blocklisted, list.Check("evil.shared-host.app").Risk);
    }

    [Theory]
    [InlineData("metarnask.io", "metamask.io")] // rn for m: two edits
    [InlineData("metamask.com", "metamask.io")] // the TLD is dropped before comparing
    [InlineData("www.metamsk.io", "metamask.io")] // www. is stripped
    [InlineData("mettaamask.net", "metamask.io")]
    [InlineData("metamaskwallet.io", null)] // six letters more: beyond the tolerance
    [InlineData("wallet.metamask.io.evil", null)] // the whole name minus the TLD is compared, as in the original
    public void FuzzyMatch_NearAFuzzylistEntry_NamesTheOfficialDomain(string host, string? expected)
    {
        var list = List("""{ "blacklist": [], "whitelist": [], "fuzzylist": ["metamask.io", "opensea.io"], "tolerance": 2 }""");

        Assert.Equal(expected, list.FuzzyMatch(host));
    }

    [Fact]
    public void FuzzyMatch_ToleranceZero_ChecksNothing()
    {
        var list = List("""{ "blacklist": [], "whitelist": [], "fuzzylist": ["metamask.io"], "tolerance": 0 }""");

        Assert.Null(list.FuzzyMatch("metamask.xyz"));
    }

    [Fact]
    public void Parse_NewKeysWrappedInData_ReadsThemLikeTheLegacyOnes()
    {
        var list = List("""{ "data": { "allowlist": ["Good.example."], "blocklist": ["bad.example"], "fuzzylist": [], "tolerance": 1, "version": 7 } }""");

        Assert.Equal("good.example", list.AllowlistMatch("www.good.example"));
        Assert.Equal("bad.example", list.BlocklistMatch("bad.example"));
        Assert.Equal(1, list.Tolerance);
        Assert.Equal("7", list.Version);
    }

    [Fact]
    public void Parse_NoToleranceGiven_UsesTheDetectorsDefault()
    {
        Assert.Equal(PhishingList.DefaultTolerance, List("""{ "blacklist": ["a.example"] }""").Tolerance);
    }

    [Theory]
    [InlineData("""{ "blacklist": ["a.example", "b.exa""")] // cut short
    [InlineData("""{ "whitelist": ["a.example"] }""")] // no blocklist
    [InlineData("""{ "blacklist": [1, 2] }""")]
    [InlineData("""["a.example"]""")]
    [InlineData("<html>502 Bad Gateway</html>")]
    public void Parse_NotAPhishingList_ThrowsFormatException(string json)
    {
        Assert.Throws<FormatException>(() => List(json));
    }

    [Fact]
    public void Decompress_GzipBomb_StopsAtTheLimit()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(new byte[2 << 20]);
        }

        Assert.Throws<FormatException>(() => PhishingList.Decompress(buffer.ToArray(), limit: 1 << 20));
        Assert.Equal(2 << 20, PhishingList.Decompress(buffer.ToArray(), limit: 4 << 20).Length);
    }

    [Theory]
    [InlineData("metamask", "metamask")]
    [InlineData("metamask", "metamsak")]
    [InlineData("kitten", "sitting")]
    [InlineData("", "abc")]
    [InlineData("opensea", "0pen5ea")]
    [InlineData("binance", "balance")]
    public void IsWithin_AgreesWithTheFullEditDistance(string a, string b)
    {
        var distance = FullDistance(a, b);
        for (var limit = 0; limit <= 4; limit++)
        {
            Assert.Equal(distance <= limit, Levenshtein.IsWithin(a, b, limit));
        }
    }

    private static int FullDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}
