using System.Text;

namespace SupportBot.Core.Scams;

/// <summary>The well-known token a fake one poses as: its symbol and its real contract on that network.</summary>
public sealed record ImitatedToken(string Symbol, string Contract);

/// <summary>
/// Spots tokens that copy a well-known token's symbol or name from another contract: scammers airdrop "USDT" whose
/// contract is not Tether's, so that the victim tries to sell it and approves a drainer. Names are compared folded
/// (case, spacing, zero-width characters, Cyrillic and Greek look-alikes, "₮", decorations such as ".e" or "BEP20"),
/// so "UЅDT", "USD₮", "Tether USD" and "usdt.e" all read as USDT. A contract on the known list is never fake.
/// </summary>
public static class FakeTokenDetector
{
    /// <summary>
    /// The known token <paramref name="contract"/> pretends to be, or null when it is a known token itself or its
    /// symbol and name resemble none. <paramref name="known"/> is the network's list: contract and symbol.
    /// </summary>
    public static ImitatedToken? Imitated(IReadOnlyCollection<(string Contract, string Symbol)> known, string contract, string? symbol, string? name)
    {
        ArgumentNullException.ThrowIfNull(known);
        if (known.Any(k => string.Equals(k.Contract, contract, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var claims = new[] { symbol, name }.Where(c => c is not null).Select(c => Fold(c!)).Where(c => c.Length > 0).ToList();
        if (claims.Count == 0)
        {
            return null;
        }

        // The symbol first, in list order: on Polygon "USDC.e" folds like "USDC", and Circle's USDC is the one to name.
        return known.Where(k => claims.Contains(Fold(k.Symbol)))
            .Concat(known.Where(k => NamesOf(k.Symbol).Any(claims.Contains)))
            .Select(k => new ImitatedToken(k.Symbol, k.Contract))
            .FirstOrDefault();
    }

    /// <summary>
    /// A token name reduced to what a reader sees: upper-case Latin letters and digits, look-alikes mapped to Latin,
    /// invisible characters dropped, and decoration words ("USDT.e", "USDT (BEP20)", "Bridged USDC") left off.
    /// </summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<StringBuilder> { new() };
        foreach (var c in text)
        {
            if (char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue; // zero-width spaces and joiners, combining marks: invisible, so they split nothing
            }

            var latin = LookAlike(c);
            if (char.IsAsciiLetterOrDigit(latin))
            {
                words[^1].Append(char.ToUpperInvariant(latin));
            }
            else if (words[^1].Length > 0)
            {
                words.Add(new StringBuilder());
            }
        }

        var parts = words.Select(w => w.ToString()).Where(w => w.Length > 0).ToList();
        if (parts.Count > 1)
        {
            DropDecorations(parts);
        }

        return string.Concat(parts);
    }

    /// <summary>Words around a token's name that do not change which token it claims to be.</summary>
    private static readonly HashSet<string> Suffixes = new(StringComparer.Ordinal)
    {
        "E", "B", "BEP20", "ERC20", "TRC20", "BEP2", "BSC", "POS", "PEG", "TOKEN", "OLD", "NEW", "V2", "OFFICIAL",
    };

    private static readonly HashSet<string> Prefixes = new(StringComparer.Ordinal) { "BRIDGED", "OFFICIAL", "THE" };

    private static void DropDecorations(List<string> parts)
    {
        while (parts.Count > 1)
        {
            if (Suffixes.Contains(parts[^1]))
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (parts.Count > 2 && Suffixes.Contains(parts[^2] + parts[^1]))
            {
                parts.RemoveRange(parts.Count - 2, 2); // "BEP-20", "ERC 20"
            }
            else if (Prefixes.Contains(parts[0]))
            {
                parts.RemoveAt(0);
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>What a known token is called, folded: its symbol and the names its issuer gave it.</summary>
    private static IEnumerable<string> NamesOf(string symbol)
    {
        var folded = Fold(symbol);
        yield return folded;
        foreach (var name in IssuerNames.GetValueOrDefault(folded) ?? [])
        {
            yield return Fold(name);
        }
    }

    /// <summary>The names (name()) the well-known tokens carry, which fakes copy as often as the symbol.</summary>
    private static readonly Dictionary<string, string[]> IssuerNames = new(StringComparer.Ordinal)
    {
        ["USDT"] = ["Tether USD", "Tether", "TetherUS", "Tether USDt"],
        ["USDC"] = ["USD Coin", "USD//C", "Circle USD"],
        ["DAI"] = ["Dai Stablecoin"],
        ["WETH"] = ["Wrapped Ether", "Wrapped ETH"],
        ["WBTC"] = ["Wrapped BTC", "Wrapped Bitcoin"],
        ["WBNB"] = ["Wrapped BNB"],
        ["BUSD"] = ["Binance USD", "BUSD Token"],
        ["FDUSD"] = ["First Digital USD"],
        ["BTCB"] = ["BTCB Token", "Binance-Peg BTC"],
        ["ETH"] = ["Ethereum", "Ether", "Ethereum Token"],
        ["CAKE"] = ["PancakeSwap Token", "PancakeSwap"],
    };

    /// <summary>Letters from other scripts that look like Latin ones (Cyrillic, Greek, full-width), and the tugrik sign of "USD₮".</summary>
    private static char LookAlike(char c) => c switch
    {
        // Full-width forms ("ＵＳＤＴ"); the app runs with invariant globalization, so no Unicode normalisation does this.
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '₮' => 'T',
        _ => LookAlikeLetters.TryLatin(c, out var latin) ? latin : c,
    };
}
