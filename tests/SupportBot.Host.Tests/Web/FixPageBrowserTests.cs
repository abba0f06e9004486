using System.Text.Json;
using Microsoft.Playwright;
using SupportBot.Core.Fix;
using Xunit.Abstractions;

namespace SupportBot.Host.Tests.Web;

/// <summary>
/// The fix page in a real headless Chromium (Debian's package, driven by Playwright), with an EIP-1193 provider stub
/// injected before the page loads that records every request and answers as each test's wallet would. Screenshots go
/// to the test output folder (fix-page-screenshots/).
/// </summary>
public sealed class FixPageBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string BscUsdt = "0x55d398326f99059ff775485246999027b3197955";
    private const string Chromium = "/usr/bin/chromium";

    // The wallet: window.__wallet says how it answers each method (a result, or an error object to reject with);
    // window.__calls records every request in order. The page's CSP does not apply to scripts injected this way.
    private const string ProviderStub = """
        window.__calls = [];
        window.__wallet = window.__wallet || {};
        window.ethereum = {
          isMetaMask: true,
          request: function (args) {
            window.__calls.push({ method: args.method, params: args.params });
            var answer = (window.__walletConfig || {})[args.method];
            if (answer && answer.error) return Promise.reject(answer.error);
            if (answer && 'result' in answer) return Promise.resolve(answer.result);
            if (args.method === 'wallet_watchAsset') return Promise.resolve(true);
            return Promise.resolve(null);
          },
        };
        """;

    private FixPageServer server = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (.ci/run installs it)");
        server = await FixPageServer.StartAsync();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task NetworkAlreadyInTheWallet_SwitchThenToken()
    {
        var (page, calls) = await RunAsync(new FixTarget("bsc", BscUsdt), "en", wallet: "{}", name: "network-present");

        Assert.Equal(["wallet_switchEthereumChain", "wallet_watchAsset"], calls.Select(c => c.Method));
        Assert.Equal("0x38", calls[0].Params[0].GetProperty("chainId").GetString());
        var token = calls[1].Params.GetProperty("options");
        Assert.Equal("ERC20", calls[1].Params.GetProperty("type").GetString());
        Assert.Equal(("0x55d398326f99059fF775485246999027B3197955", "USDT", 18),
            (token.GetProperty("address").GetString(), token.GetProperty("symbol").GetString(), token.GetProperty("decimals").GetInt32()));
        Assert.Contains("All done", await page.InnerTextAsync("#status"), StringComparison.Ordinal);
        Assert.False(await page.IsVisibleAsync("#manual"));
    }

    [Fact]
    public async Task NetworkMissing_4902_AddedWithContentParameters()
    {
        var (page, calls) = await RunAsync(new FixTarget("bsc", BscUsdt), "en", wallet: """{ "wallet_switchEthereumChain": { "error": { "code": 4902, "message": "Unrecognized chain ID \"0x38\"." } } }""", name: "network-added");

        Assert.Equal(["wallet_switchEthereumChain", "wallet_addEthereumChain", "wallet_watchAsset"], calls.Select(c => c.Method));
        var chain = calls[1].Params[0];
        Assert.Equal("0x38", chain.GetProperty("chainId").GetString());
        Assert.Equal("BNB Smart Chain", chain.GetProperty("chainName").GetString());
        Assert.Equal(["https://bsc-dataseed.bnbchain.org"], chain.GetProperty("rpcUrls").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(["https://bscscan.com"], chain.GetProperty("blockExplorerUrls").EnumerateArray().Select(u => u.GetString()!.TrimEnd('/')));
        Assert.Equal(18, chain.GetProperty("nativeCurrency").GetProperty("decimals").GetInt32());
        Assert.Contains("added to MetaMask", await page.InnerTextAsync("#status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NestedMobile4902_AlsoAdds()
    {
        var (_, calls) = await RunAsync(new FixTarget("polygon"), "en",
            wallet: """{ "wallet_switchEthereumChain": { "error": { "code": -32603, "message": "Internal error", "data": { "originalError": { "code": 4902 } } } } }""", name: "nested-4902");

        Assert.Equal(["wallet_switchEthereumChain", "wallet_addEthereumChain"], calls.Select(c => c.Method));
        Assert.Equal("0x89", calls[1].Params[0].GetProperty("chainId").GetString());
    }

    [Fact]
    public async Task UserRejects_NothingMore_AndTheManualStepsShow()
    {
        var (page, calls) = await RunAsync(new FixTarget("bsc", BscUsdt), "en",
            wallet: """{ "wallet_switchEthereumChain": { "error": { "code": 4001, "message": "User rejected the request." } } }""", name: "rejected");

        Assert.Equal(["wallet_switchEthereumChain"], calls.Select(c => c.Method));
        Assert.Contains("You declined in MetaMask", await page.InnerTextAsync("#status"), StringComparison.Ordinal);
        Assert.True(await page.IsVisibleAsync("#manual"));
        Assert.Contains("0x55d398326f99059fF775485246999027B3197955", await page.InnerTextAsync("#manual"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalletWithoutWatchAsset_SaysSo_AndShowsTheManualSteps()
    {
        var (page, calls) = await RunAsync(new FixTarget("bsc", BscUsdt), "ru",
            wallet: """{ "wallet_watchAsset": { "error": { "code": -32601, "message": "The method \"wallet_watchAsset\" does not exist / is not available." } } }""", name: "no-watch-asset-ru");

        Assert.Equal(["wallet_switchEthereumChain", "wallet_watchAsset"], calls.Select(c => c.Method));
        Assert.Contains("Ваш кошелёк не умеет делать этот шаг сам", await page.InnerTextAsync("#status"), StringComparison.Ordinal);
        Assert.True(await page.IsVisibleAsync("#manual"));
    }

    [Fact]
    public async Task NoWallet_OpenInMetaMaskLink_NoRequest()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Link(new FixTarget("bsc", BscUsdt), "en"));
        await ScreenshotAsync(page, "no-wallet");

        Assert.False(await page.IsVisibleAsync("#start"));
        Assert.True(await page.IsVisibleAsync("#no-wallet"));
        Assert.StartsWith("https://link.metamask.io/dapp/bot.example.org/fix?n=bsc&", await page.GetAttributeAsync("#open-in-metamask", "href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedOrAlteredLink_Refused_TheWalletNeverAsked()
    {
        var page = await NewPageWithWalletAsync("{}");
        var altered = server.Link(new FixTarget("bsc", BscUsdt), "en").Replace(BscUsdt, "0x000000000000000000000000000000000000dead", StringComparison.Ordinal);

        var response = await page.GotoAsync(altered);
        await ScreenshotAsync(page, "refused");

        Assert.Equal(400, response!.Status);
        Assert.Contains("This link is not valid", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        Assert.Equal(0, await page.EvaluateAsync<int>("window.__calls.length"));
        Assert.Equal(0, await page.Locator("#start").CountAsync());
    }

    private async Task<IPage> NewPageWithWalletAsync(string walletJson)
    {
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync($"window.__walletConfig = {walletJson};\n{ProviderStub}");
        return page;
    }

    private async Task<(IPage Page, List<(string Method, JsonElement Params)> Calls)> RunAsync(FixTarget target, string language, string wallet, string name)
    {
        var page = await NewPageWithWalletAsync(wallet);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        var response = await page.GotoAsync(server.Link(target, language));
        Assert.Equal(200, response!.Status);

        await page.ClickAsync("#start");
        // Done when the button is enabled again after the run.
        await page.WaitForFunctionAsync("document.querySelector('#status li') && !document.querySelector('#start').disabled");
        await ScreenshotAsync(page, name);

        Assert.True(errors.Count == 0, string.Join("\n", errors)); // no CSP violation, no script error
        var json = await page.EvaluateAsync<string>("JSON.stringify(window.__calls)");
        using var document = JsonDocument.Parse(json);
        var calls = document.RootElement.EnumerateArray()
            .Select(c => (c.GetProperty("method").GetString()!, c.TryGetProperty("params", out var p) ? p.Clone() : default))
            .ToList();
        Assert.DoesNotContain(calls, c => c.Item1 is "eth_requestAccounts" or "eth_sendTransaction" or "personal_sign" or "eth_signTypedData_v4");
        return (page, calls);
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "fix-page-screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
