using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Fix;
using SupportBot.Core.Lookup;

namespace SupportBot.Host.Web;

/// <summary>
/// The "fix it in MetaMask" page at <see cref="FixLinks.PagePath"/>: for a signed link, a page that asks the wallet to
/// switch to (or add) the network and show the token, with the network's parameters from content only and the token
/// re-read on-chain (a fake never offered). No third-party script, font or request: a strict Content-Security-Policy.
/// </summary>
public static partial class FixPage
{
    /// <summary>The page's script and style, served from the same origin (the policy allows nothing else).</summary>
    public const string ScriptPath = FixLinks.PagePath + "/fix.js";

    /// <summary>The page's style sheet.</summary>
    public const string StylePath = FixLinks.PagePath + "/fix.css";

    /// <summary>The page's icon, so the browser's automatic request for one finds it on the same origin.</summary>
    public const string IconPath = FixLinks.PagePath + "/icon.svg";

    private const string Icon = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><circle cx=\"8\" cy=\"8\" r=\"7\" fill=\"#f6851b\"/></svg>";

    /// <summary>No inline script, no other origin, no framing, no forms, no outgoing requests from the page itself.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Registers the links' signer and checks its settings at start-up.</summary>
    public static IServiceCollection AddFixPage(this IServiceCollection services)
    {
        services.AddOptions<FixLinkOptions>().BindConfiguration(FixLinkOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicBaseUrl) == string.IsNullOrWhiteSpace(o.LinkKey),
                "Web:PublicBaseUrl and Web:LinkKey go together: set both for the fix page, or neither")
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicBaseUrl) || (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && url.Query.Length == 0),
                "Web:PublicBaseUrl must be an https:// address without a query, e.g. https://bot.example.org")
            .Validate(o => string.IsNullOrWhiteSpace(o.LinkKey) || FixLinks.TryKey(o.LinkKey) is not null,
                $"Web:LinkKey must be at least {FixLinkOptions.MinKeyBytes} random bytes in base64 (openssl rand -base64 32)")
            .ValidateOnStart();
        services.AddSingleton<FixLinks>();
        return services;
    }

    /// <summary>Maps the page, its script and its style.</summary>
    public static IEndpointRouteBuilder MapFixPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(FixLinks.PagePath, ServeAsync);
        endpoints.MapGet(ScriptPath, (HttpContext context) => Asset(context, "fix.js", "text/javascript; charset=utf-8"));
        endpoints.MapGet(StylePath, (HttpContext context) => Asset(context, "fix.css", "text/css; charset=utf-8"));
        endpoints.MapGet(IconPath, (HttpContext context) =>
        {
            Secure(context.Response);
            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Text(Icon, "image/svg+xml");
        });
        return endpoints;
    }

    private static async Task ServeAsync(HttpContext context, FixLinks links, ContentCatalog content, IOptions<FixLinkOptions> options, IServiceProvider services)
    {
        var query = context.Request.Query;
        var language = TextCatalog.LanguageFromLocale(query["l"].FirstOrDefault() ?? context.Request.Headers.AcceptLanguage.FirstOrDefault());
        Secure(context.Response);
        var target = links.Verify(query["n"].FirstOrDefault(), query["t"].FirstOrDefault(), query["s"].FirstOrDefault());
        if (target is null || !content.Networks.TryGetValue(target.Network, out var network) || !network.Active || network.ChainId is null)
        {
            await RefuseAsync(context, content, language).ConfigureAwait(false);
            return;
        }

        var token = target.TokenContract is null ? null
            : await TokenAsync(network, target.TokenContract, services.GetService<IChainLookup>(), context.RequestAborted).ConfigureAwait(false);
        if (target.TokenContract is not null && token is null)
        {
            // Not a token any more, a fake, or the chain could not say: never offer what the lookup cannot vouch for.
            await RefuseAsync(context, content, language).ConfigureAwait(false);
            return;
        }

        var values = new Dictionary<string, string>
        {
            ["network_name"] = network.Name,
            ["chain_id"] = network.ChainId.Value.ToString(CultureInfo.InvariantCulture),
            ["token_symbol"] = token?.Symbol ?? network.NativeSymbol ?? "",
            ["token_contract"] = token?.Address ?? "",
        };
        string Text(string key) => Placeholders.Fill(content.Texts.Get(language, key), content, language, new Dictionary<string, string>(), values);

        var data = new
        {
            chain = new
            {
                chainId = "0x" + network.ChainId.Value.ToString("x", CultureInfo.InvariantCulture),
                chainName = network.Name,
                nativeCurrency = new { name = network.NativeSymbol, symbol = network.NativeSymbol, decimals = network.NativeDecimals },
                rpcUrls = network.ManualRpc is { } rpc ? new[] { rpc } : network.Rpc.Take(1).ToArray(),
                blockExplorerUrls = network.Explorer is { } explorer ? new[] { explorer } : Array.Empty<string>(),
            },
            token = token is null ? null : new { address = token.Address, symbol = token.Symbol, decimals = token.Decimals },
            texts = new Dictionary<string, string>
            {
                ["stepSwitch"] = Plain(Text("fix-page.step.switch")),
                ["stepAdd"] = Plain(Text("fix-page.step.add")),
                ["stepToken"] = Plain(Text("fix-page.step.token")),
                ["doneSwitch"] = Plain(Text("fix-page.done.switch")),
                ["doneAdd"] = Plain(Text("fix-page.done.add")),
                ["doneToken"] = Plain(Text("fix-page.done.token")),
                ["doneAll"] = Plain(Text("fix-page.done.all")),
                ["rejected"] = Plain(Text("fix-page.rejected")),
                ["unsupported"] = Plain(Text("fix-page.unsupported")),
                ["failed"] = Plain(Text("fix-page.failed")),
            },
        };

        // The MetaMask app opens this very page in its own browser: its documented dapp link takes the address without scheme.
        var publicBase = new Uri(options.Value.PublicBaseUrl!);
        var deepLink = "https://link.metamask.io/dapp/" + publicBase.Authority + publicBase.AbsolutePath.TrimEnd('/') + FixLinks.PagePath + context.Request.QueryString.Value;
        var manual = Text(token is null ? "fix-page.manual-network" : "fix-page.manual");
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"").Append(language).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>").Append(Encode(Text("fix-page.title"))).Append("</title><link rel=\"icon\" href=\"").Append(IconPath).Append("\"><link rel=\"stylesheet\" href=\"").Append(StylePath).Append("\"></head><body>")
            .Append("<h1>").Append(Encode(Text("fix-page.title"))).Append("</h1>")
            .Append("<p id=\"intro\">").Append(Rich(Text(token is null ? "fix-page.intro-network" : "fix-page.intro"))).Append("</p>")
            .Append("<p><button id=\"start\" type=\"button\">").Append(Encode(Text("fix-page.start"))).Append("</button></p>")
            .Append("<div id=\"no-wallet\" hidden><p>").Append(Rich(Text("fix-page.no-wallet"))).Append("</p><p><a class=\"button\" id=\"open-in-metamask\" href=\"")
            .Append(Encode(deepLink)).Append("\">").Append(Encode(Text("fix-page.open-in-metamask"))).Append("</a></p></div>")
            .Append("<ul id=\"status\" aria-live=\"polite\"></ul>")
            .Append("<p id=\"manual\" hidden>").Append(Rich(manual)).Append("</p>")
            .Append("<p class=\"safety\">").Append(Rich(Text("fix-page.safety"))).Append("</p>")
            .Append("<script type=\"application/json\" id=\"fix-data\">").Append(JsonSerializer.Serialize(data)).Append("</script>")
            .Append("<script src=\"").Append(ScriptPath).Append("\"></script></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html.ToString(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The token to show: from the network's known list, else as the chain says now; null for a fake or a non-token.</summary>
    private static async Task<PageToken?> TokenAsync(Core.Content.NetworkDefinition network, string contract, IChainLookup? chain, CancellationToken cancellationToken)
    {
        if (!AddressPattern().IsMatch(contract))
        {
            return null;
        }

        if (network.Tokens.FirstOrDefault(t => string.Equals(t.Contract, contract, StringComparison.OrdinalIgnoreCase)) is { } known)
        {
            return new PageToken(known.Contract, known.Symbol, known.Decimals);
        }

        if (chain is null)
        {
            return null;
        }

        var lookup = await chain.FindAddressAsync(contract, null, cancellationToken).ConfigureAwait(false);
        var read = lookup.Networks.FirstOrDefault(n => n.Network == network.Key)?.ContractToken;
        return read is { Imitates: null, Symbol: { Length: > 0 and <= 11 } symbol, Decimals: { } decimals } && decimals is >= 0 and <= 36
            ? new PageToken(contract, symbol, decimals)
            : null;
    }

    private static async Task RefuseAsync(HttpContext context, ContentCatalog content, string language)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/html; charset=utf-8";
        var html = $"<!doctype html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                   + $"<title>{Encode(content.Texts.Get(language, "fix-page.title"))}</title><link rel=\"icon\" href=\"{IconPath}\"><link rel=\"stylesheet\" href=\"{StylePath}\"></head><body>"
                   + $"<p id=\"refused\">{Rich(content.Texts.Get(language, "fix-page.refused"))}</p><p class=\"safety\">{Rich(content.Texts.Get(language, "fix-page.safety"))}</p></body></html>";
        await context.Response.WriteAsync(html, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task Asset(HttpContext context, string name, string contentType)
    {
        Secure(context.Response);
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "public, max-age=300";
        await using var stream = typeof(FixPage).Assembly.GetManifestResourceStream($"SupportBot.Host.Web.{name}")!;
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.CacheControl = "no-store";
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    // The texts' subset: **bold** and `code`, after encoding.
    private static string Rich(string text) => CodePattern().Replace(BoldPattern().Replace(Encode(text), "<b>$1</b>"), "<code>$1</code>");

    private static string Plain(string text) => text.Replace("**", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex BoldPattern();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex AddressPattern();

    /// <summary>The token the page offers to <c>wallet_watchAsset</c>.</summary>
    private sealed record PageToken(string Address, string Symbol, int Decimals);
}
