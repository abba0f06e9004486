using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Core.Fix;
using SupportBot.Host.Composition;
using SupportBot.Host.Web;
using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests.Web;

/// <summary>The fix page over real HTTP: signed links only, parameters from content, strict headers, no inline script.</summary>
public sealed partial class FixPageEndpointTests : IAsyncLifetime
{
    // 32 bytes, base64: a test key, not a secret of any deployment.
    private const string Key = "c3VwcG9ydGJvdC10ZXN0LWtleS0wMTIzNDU2Nzg5YWI=";
    private const string BscUsdt = "0x55d398326f99059ff775485246999027b3197955";

    private readonly TempDirectory temp = new();
    private readonly HttpClient http = new();
    private WebApplication app = null!;

    public async Task InitializeAsync()
    {
        var builder = ServiceSetup.CreateWebBuilder(
            [.. CliRunner.Offline, new("Storage:SqlitePath", temp.File("bot.db")), new("Scams:PhishingListUrl", ""),
             new("Web:PublicBaseUrl", "https://bot.example.org"), new("Web:LinkKey", Key)], TestClock.Instance);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapFixPage();
        await app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        http.Dispose();
        temp.Dispose();
    }

    private FixLinks Links => app.Services.GetRequiredService<FixLinks>();

    // The bot's link, pointed at this test server instead of the public address.
    private string Local(string link) => app.Urls.First().TrimEnd('/') + new Uri(link).PathAndQuery;

    [Fact]
    public async Task SignedLink_KnownToken_PageWithContentParameters_AndStrictHeaders()
    {
        var response = await http.GetAsync(Local(Links.Create(new FixTarget("bsc", BscUsdt), "en")!));
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
        var html = await http.GetStringAsync(Local(Links.Create(new FixTarget("polygon"), "ru")!));

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
        var response = await http.GetAsync(app.Urls.First().TrimEnd('/') + "/fix?" + query);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This link is not valid", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlteredLink_AnotherTokenOrNetwork_Refused()
    {
        var link = Local(Links.Create(new FixTarget("bsc", BscUsdt), "en")!);

        var otherToken = await http.GetAsync(link.Replace(BscUsdt, "0x000000000000000000000000000000000000dead", StringComparison.Ordinal));
        var otherNetwork = await http.GetAsync(link.Replace("n=bsc", "n=ethereum", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, otherToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherNetwork.StatusCode);
    }

    [Fact]
    public async Task SignedLink_InactiveNetwork_OrTokenTheChainCannotVouchFor_Refused()
    {
        var retired = await http.GetAsync(Local(Links.Create(new FixTarget("bnb-beacon"), "en")!));
        // Not on the known list, and every RPC endpoint is unreachable here: the token cannot be read, so it is not offered.
        var unread = await http.GetAsync(Local(Links.Create(new FixTarget("bsc", "0x1234567890abcdef1234567890abcdef12345678"), "en")!));

        Assert.Equal(HttpStatusCode.BadRequest, retired.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unread.StatusCode);
    }

    [Fact]
    public async Task Assets_SameOrigin_WithTheirTypes()
    {
        var script = await http.GetAsync(app.Urls.First().TrimEnd('/') + FixPage.ScriptPath);
        var style = await http.GetAsync(app.Urls.First().TrimEnd('/') + FixPage.StylePath);

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
