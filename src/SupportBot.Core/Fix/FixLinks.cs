using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SupportBot.Core.Fix;

/// <summary>Where the "fix it in MetaMask" page lives and the key its links are signed with, section <c>Web</c>.</summary>
public sealed class FixLinkOptions
{
    public const string Section = "Web";

    /// <summary>The HTTPS address the bot's web host is reachable at, e.g. <c>https://bot.example.org</c>. Empty: no fix links.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The key fix links are signed with (HMAC-SHA256): at least 32 bytes, base64. Empty: no fix links.</summary>
    public string? LinkKey { get; set; }

    /// <summary>The smallest key accepted, in bytes.</summary>
    public const int MinKeyBytes = 32;
}

/// <summary>What a fix link asks the page to do: switch to (or add) a network, then show a token in the wallet.</summary>
/// <param name="Network">The network's key in <c>content/networks.yaml</c>.</param>
/// <param name="TokenContract">The ERC-20 contract a lookup saw on that network, lower-case; null for the network alone.</param>
public sealed record FixTarget(string Network, string? TokenContract = null);

/// <summary>
/// Makes and checks the links to the fix page. A link names only a network key and a token contract, and carries an
/// HMAC of both made with a key only the bot knows, so nobody can craft a link through our domain that adds another
/// network or token; the page still takes the network's parameters from content alone and re-reads the token.
/// </summary>
public sealed class FixLinks
{
    /// <summary>The page's path on the web host.</summary>
    public const string PagePath = "/fix";

    private const string Version = "v1";
    private readonly byte[]? key;
    private readonly string? baseUrl;

    /// <param name="options">The page's address and the signing key; without both, <see cref="Enabled"/> is false.</param>
    public FixLinks(IOptions<FixLinkOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        key = TryKey(value.LinkKey);
        baseUrl = string.IsNullOrWhiteSpace(value.PublicBaseUrl) ? null : value.PublicBaseUrl.TrimEnd('/');
    }

    /// <summary>True when links can be made: the public address and the key are configured.</summary>
    public bool Enabled => key is not null && baseUrl is not null;

    /// <summary>The key as configuration gives it, or null when it is missing or too short.</summary>
    public static byte[]? TryKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(base64.Trim());
            return bytes.Length >= FixLinkOptions.MinKeyBytes ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The signed link for <paramref name="target"/>, in <paramref name="language"/>; null when links are off.</summary>
    public string? Create(FixTarget target, string language)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!Enabled)
        {
            return null;
        }

        var token = target.TokenContract?.ToLowerInvariant();
        var query = $"n={Uri.EscapeDataString(target.Network)}" + (token is null ? "" : $"&t={token}") + $"&l={language}&s={Sign(target.Network, token)}";
        return $"{baseUrl}{PagePath}?{query}";
    }

    /// <summary>The target of a link whose signature is right; null for a forged or altered one.</summary>
    /// <param name="network">The <c>n</c> parameter.</param>
    /// <param name="token">The <c>t</c> parameter, if any.</param>
    /// <param name="signature">The <c>s</c> parameter.</param>
    public FixTarget? Verify(string? network, string? token, string? signature)
    {
        if (key is null || string.IsNullOrEmpty(network) || string.IsNullOrEmpty(signature) || network.Length > 64 || token is { Length: > 64 })
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(network, token));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? new FixTarget(network, token) : null;
    }

    // Version, network and token, each length-prefixed, so no two targets sign the same bytes.
    private string Sign(string network, string? token)
    {
        var message = $"{Version}|{network.Length}:{network}|{token?.Length ?? 0}:{token}";
        var mac = HMACSHA256.HashData(key!, Encoding.UTF8.GetBytes(message));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
