using System.Globalization;
using System.Text;

namespace SupportBot.Core.Scams;

/// <summary>
/// A host in the three forms the checks need: as browsers send it (ASCII, punycode), as the reader sees it (Unicode),
/// and its skeleton (lookalike letters folded to the Latin letter they imitate), so <c>xn--metamsk-lwa.io</c>,
/// <c>metamásk.io</c> and <c>metamask.io</c> can be told apart and compared.
/// </summary>
/// <param name="Ascii">Lower-case, punycode for non-ASCII labels.</param>
/// <param name="Unicode">Lower-case, punycode decoded.</param>
/// <param name="Skeleton">The Unicode form with lookalike letters folded to ASCII.</param>
public sealed record LinkHost(string Ascii, string Unicode, string Skeleton)
{
    private static readonly IdnMapping Idn = new();

    /// <summary>The host shows letters that only look like Latin ones (or are not Latin at all).</summary>
    public bool HasLookalikeLetters => !string.Equals(Skeleton, Unicode, StringComparison.Ordinal);

    /// <summary>Normalises a host as written: case, trailing dot, full-width characters and dots, punycode.</summary>
    /// <returns>Null when it is not a host name at all.</returns>
    public static LinkHost? Parse(string host)
    {
        var text = NormalizeCharacters(host).Trim('.');
        if (text.Length == 0 || text.Length > 253 || text.Contains("..", StringComparison.Ordinal) || text.Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or '\\'))
        {
            return null;
        }

        var unicode = string.Join('.', text.Split('.').Select(DecodeLabel));
        var ascii = unicode.All(char.IsAscii) ? unicode : EncodeOrKeep(unicode);
        return new LinkHost(ascii, unicode, Fold(unicode));
    }

    /// <summary>
    /// The host a URL opens, with or without a scheme, the way a browser reads it: user-info (<c>metamask.io@evil.com</c>)
    /// and port dropped, a backslash ends the host like a slash.
    /// </summary>
    /// <param name="url">The link as written.</param>
    /// <param name="userInfo">The part before the last <c>@</c> in the authority, when there is one.</param>
    public static LinkHost? FromUrl(string url, out string? userInfo)
    {
        userInfo = null;
        var rest = url.AsSpan().Trim();
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && IsScheme(rest[..scheme]))
        {
            rest = rest[(scheme + 3)..];
        }
        else if (rest.StartsWith("//"))
        {
            rest = rest[2..];
        }

        var end = rest.IndexOfAny("/?#\\");
        var authority = end < 0 ? rest : rest[..end];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            userInfo = authority[..at].ToString();
            authority = authority[(at + 1)..];
        }

        if (authority.StartsWith("["))
        {
            var close = authority.IndexOf(']');
            return close > 0 ? new LinkHost(authority[..(close + 1)].ToString(), authority[..(close + 1)].ToString(), authority[..(close + 1)].ToString()) : null;
        }

        var colon = authority.LastIndexOf(':');
        if (colon >= 0)
        {
            authority = authority[..colon];
        }

        return Parse(authority.ToString());
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    // Lower-case, and the characters IDNA maps before anything else: full-width forms and the ideographic full stops.
    private static string NormalizeCharacters(string host)
    {
        var builder = new StringBuilder(host.Length);
        foreach (var c in host)
        {
            builder.Append(c switch
            {
                '\u3002' or '\uFF0E' or '\uFF61' => '.',
                >= '\uFF01' and <= '\uFF5E' => char.ToLowerInvariant((char)(c - 0xFEE0)),
                _ => char.ToLowerInvariant(c),
            });
        }

        return builder.ToString();
    }

    private static string DecodeLabel(string label)
    {
        if (!label.StartsWith("xn--", StringComparison.Ordinal))
        {
            return label;
        }

        try
        {
            return Idn.GetUnicode(label);
        }
        catch (ArgumentException)
        {
            return label; // not valid punycode: compare it as written
        }
    }

    private static string EncodeOrKeep(string unicode)
    {
        try
        {
            return Idn.GetAscii(unicode);
        }
        catch (ArgumentException)
        {
            return unicode;
        }
    }

    /// <summary>Folds lookalike letters (Cyrillic, Greek, accented Latin) to the Latin letter they imitate.</summary>
    /// <param name="text">Lower-case text.</param>
    public static string Fold(string text)
    {
        if (text.All(char.IsAscii))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\u0300' or (> '\u0300' and <= '\u036F'))
            {
                continue; // combining accents add nothing a reader would notice
            }

            builder.Append(LookAlikeLetters.TryLatin(c, out var latin) ? latin : c);
        }

        return builder.ToString();
    }
}
