using Microsoft.Extensions.Options;
using SupportBot.Core.Fix;

namespace SupportBot.Core.Tests.Fix;

/// <summary>Fix links name a network and a token only, signed: an altered or forged one is refused.</summary>
public sealed class FixLinksTests
{
    // 32 bytes, base64: a test key, not a secret of any deployment.
    internal const string Key = "c3VwcG9ydGJvdC10ZXN0LWtleS0wMTIzNDU2Nzg5YWI=";
    private const string Usdt = "0x55d398326f99059ff775485246999027b3197955";

    internal static FixLinks Links(string? key = Key, string? baseUrl = "https://bot.example.org/") =>
        new(Options.Create(new FixLinkOptions { LinkKey = key, PublicBaseUrl = baseUrl }));

    [Fact]
    public void Create_ThenVerify_SameTarget()
    {
        var links = Links();
        var url = new Uri(links.Create(new FixTarget("bsc", "0x55D398326f99059fF775485246999027B3197955"), "ru")!);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);

        Assert.Equal("https://bot.example.org/fix", url.GetLeftPart(UriPartial.Path));
        Assert.Equal("ru", query["l"]);
        Assert.Equal(new FixTarget("bsc", Usdt), links.Verify(query["n"], query["t"], query["s"]));
    }

    [Fact]
    public void Verify_NetworkOrTokenChanged_OrSignatureFromAnotherKey_Refused()
    {
        var links = Links();
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(links.Create(new FixTarget("bsc", Usdt), "en")!).Query);
        var otherKey = System.Web.HttpUtility.ParseQueryString(new Uri(Links("b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMtbG9uZyE=")!.Create(new FixTarget("bsc", Usdt), "en")!).Query);

        Assert.Null(links.Verify("ethereum", query["t"], query["s"]));
        Assert.Null(links.Verify("bsc", "0x0000000000000000000000000000000000000bad", query["s"]));
        Assert.Null(links.Verify("bsc", null, query["s"]));
        Assert.Null(links.Verify("bsc", query["t"], otherKey["s"]));
        Assert.Null(links.Verify("bsc", query["t"], query["s"]![..^1] + (query["s"]![^1] == 'A' ? 'B' : 'A')));
        Assert.Null(links.Verify("bsc", query["t"], null));
    }

    [Fact]
    public void NetworkOnly_SignedApartFromAnyToken()
    {
        var links = Links();
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(links.Create(new FixTarget("polygon"), "en")!).Query);

        Assert.Null(query["t"]);
        Assert.Equal(new FixTarget("polygon"), links.Verify(query["n"], null, query["s"]));
        Assert.Null(links.Verify(query["n"], Usdt, query["s"]));
    }

    [Theory]
    [InlineData(null, "https://bot.example.org")]
    [InlineData(Key, null)]
    [InlineData("dG9vLXNob3J0", "https://bot.example.org")] // 9 bytes
    [InlineData("not base64!", "https://bot.example.org")]
    public void NotConfigured_NoLinks_AndNothingVerifies(string? key, string? baseUrl)
    {
        var links = Links(key, baseUrl);

        Assert.False(links.Enabled);
        Assert.Null(links.Create(new FixTarget("bsc"), "en"));
    }
}
