using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupportBot.Core.Fix;
using SupportBot.Host.Web;

namespace SupportBot.Host.Tests.Web;

/// <summary>The fix page over real HTTP: signed links only, parameters from content, strict headers, no inline script.</summary>
public sealed partial class FixPageEndpointTests : IAsyncLifetime
{
    private const string BscUsdt = "0x55d398326f99059ff775485246999027b3197955";

    private readonly HttpClient http = new();
    private FixPageServer server = null!;

    public async Task InitializeAsync() => server = await FixPageServer.StartAsync();

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        http.Dispose();
    }

    [Fact]
    public async Task SignedLink_KnownToken_PageWithContentParameters_AndStrictHeaders()
    {
        var response = await http.GetAsync(server.Link(new FixTarget("bsc", BscUsdt), "en"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FixPage.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("<h1>Show your funds in MetaMask</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<b>BNB Smart Chain</b>", html, StringComparison.Ordinal);

        using var data = JsonDocument.Parse(DataBlock().Match(html).Groups[1].Value);
        var chain = data.RootElement.GetProperty("chain");
        Assert.Equal("0x38", chain.GetProperty("chainId").GetString());
        Assert.Equal("https://bsc-dataseed.bnbchain.org", chain.GetProperty("rpcUrls")[0].GetString());
        Assert.Equal("BNB", chain.GetProperty("nativeCurrency").GetProperty("symbol").GetString());
        var token = data.RootElement.GetProperty("token");
        Assert.Equal(("0x55d398326f99059fF775485246999027B3197955", "USDT", 18),
            (token.GetProperty("address").GetString(), token.GetProperty("symbol").GetString(), token.GetProperty("decimals").GetInt32()));

        // Scripts: only the same-origin file; the data block is JSON, never executed.
        Assert.Equal(["/fix/fix.js"], ScriptSources().Matches(html).Select(m => m.Groups[1].Value));
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.Contains("https://link.metamask.io/dapp/bot.example.org/fix?", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedLink_Russian()
    {
        var html = await http.GetStringAsync(server.Link(new FixTarget("polygon"), "ru"));

        Assert.Contains("<html lang=\"ru\">", html, StringComparison.Ordinal);
        Assert.Contains("Показать ваши средства в MetaMask", html, StringComparison.Ordinal);
        Assert.Contains("\"chainId\":\"0x89\"", html, StringComparison.Ordinal);
        Assert.Contains("\"token\":null", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("n=bsc&t=0x55d398326f99059ff775485246999027b3197955&s=AAAA")]
    [InlineData("n=bsc")]
    [InlineData("")]
    public async Task ForgedLink_Refused_WithoutAnyScript(string query)
    {
        var response = await http.GetAsync(server.Origin + "/fix?" + query);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This link is not valid", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlteredLink_AnotherTokenOrNetwork_Refused()
    {
        var link = server.Link(new FixTarget("bsc", BscUsdt), "en");

        var otherToken = await http.GetAsync(link.Replace(BscUsdt, "0x000000000000000000000000000000000000dead", StringComparison.Ordinal));
        var otherNetwork = await http.GetAsync(link.Replace("n=bsc", "n=ethereum", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, otherToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherNetwork.StatusCode);
    }

    [Fact]
    public async Task SignedLink_InactiveNetwork_OrTokenTheChainCannotVouchFor_Refused()
    {
        var retired = await http.GetAsync(server.Link(new FixTarget("bnb-beacon"), "en"));
        // Not on the known list, and every RPC endpoint is unreachable here: the token cannot be read, so it is not offered.
        var unread = await http.GetAsync(server.Link(new FixTarget("bsc", "0x1234567890abcdef1234567890abcdef12345678"), "en"));

        Assert.Equal(HttpStatusCode.BadRequest, retired.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unread.StatusCode);
    }

    [Fact]
    public async Task Assets_SameOrigin_WithTheirTypes()
    {
        var script = await http.GetAsync(server.Origin + FixPage.ScriptPath);
        var style = await http.GetAsync(server.Origin + FixPage.StylePath);

        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("wallet_switchEthereumChain", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("eth_requestAccounts", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/css", style.Content.Headers.ContentType!.MediaType);
    }

    [GeneratedRegex("""<script type="application/json" id="fix-data">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex DataBlock();

    [GeneratedRegex("""<script src="([^"]+)"></script>""")]
    private static partial Regex ScriptSources();

    [GeneratedRegex("""<script>|<script type="(?!application/json)""")]
    private static partial Regex InlineScript();
}
