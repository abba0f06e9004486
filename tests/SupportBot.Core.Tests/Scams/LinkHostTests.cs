using SupportBot.Core.Scams;

namespace SupportBot.Core.Tests.Scams;

public sealed class LinkHostTests
{
    [Theory]
    [InlineData("xn--metamsk-lwa.io", "xn--metamsk-lwa.io", "metamásk.io", "metamask.io")]
    [InlineData("metamásk.io", "xn--metamsk-lwa.io", "metamásk.io", "metamask.io")]
    [InlineData("MetaMask.IO.", "metamask.io", "metamask.io", "metamask.io")]
    [InlineData("ｍｅｔａｍａｓｋ．ｉｏ", "metamask.io", "metamask.io", "metamask.io")] // full-width forms and dot
    [InlineData("mеtаmаsk.io", "xn--mtmsk-5veb0b.io", "mеtаmаsk.io", "metamask.io")] // Cyrillic е and а
    [InlineData("bіnance.com", "xn--bnance-pvf.com", "bіnance.com", "binance.com")] // Cyrillic і
    [InlineData("xn--80ak6aa92e.com", "xn--80ak6aa92e.com", "аррӏе.com", "apple.com")]
    public void Parse_AnyFormOfAHost_GivesAsciiUnicodeAndSkeleton(string written, string ascii, string unicode, string skeleton)
    {
        var host = LinkHost.Parse(written)!;

        Assert.Equal((ascii, unicode, skeleton), (host.Ascii, host.Unicode, host.Skeleton));
    }

    [Theory]
    [InlineData("https://metamask.io@wallet-sync.example/connect", "wallet-sync.example", "metamask.io")]
    [InlineData("https://user:pw@Support.MetaMask.io:443/hc?x=1", "support.metamask.io", "user:pw")]
    [InlineData("http://evil.example\\@metamask.io/", "evil.example", null)] // a browser ends the host at the backslash
    [InlineData("metamask-io.com/x", "metamask-io.com", null)]
    [InlineData("www.binance.com.", "www.binance.com", null)]
    [InlineData("//cdn.example.org/a.js", "cdn.example.org", null)]
    public void FromUrl_UrlAsWritten_GivesTheHostABrowserWouldOpen(string url, string host, string? userInfo)
    {
        var parsed = LinkHost.FromUrl(url, out var info)!;

        Assert.Equal(host, parsed.Unicode);
        Assert.Equal(userInfo, info);
    }

    [Theory]
    [InlineData("")]
    [InlineData("...")]
    [InlineData("a..b")]
    public void Parse_NotAHost_IsNull(string written)
    {
        Assert.Null(LinkHost.Parse(written));
    }

    [Fact]
    public void Parse_PlainAsciiHost_HasNoLookalikeLetters()
    {
        Assert.False(LinkHost.Parse("bscscan.com")!.HasLookalikeLetters);
        Assert.True(LinkHost.Parse("xn--bscscn-7nf.com")!.HasLookalikeLetters);
    }
}
