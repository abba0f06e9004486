using System.Numerics;
using System.Text;

namespace SupportBot.Chain.Evm;

/// <summary>
/// The parts of ERC-20 the lookup reads: the Transfer event and the metadata calls. Tokens in the wild are not all
/// standard — some return bytes32 for symbol/name, some have no metadata at all — so every decoder returns null
/// rather than throwing on something odd.
/// </summary>
public static class Erc20
{
    /// <summary>keccak256("Transfer(address,address,uint256)").</summary>
    public const string TransferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

    public const string SymbolCall = "0x95d89b41";
    public const string NameCall = "0x06fdde03";
    public const string DecimalsCall = "0x313ce567";

    /// <summary>balanceOf(address) with the address encoded.</summary>
    public static string BalanceOfCall(string address) => "0x70a08231" + address[2..].ToLowerInvariant().PadLeft(64, '0');

    /// <summary>Decodes an ABI <c>string</c> return, or a <c>bytes32</c> one (old tokens such as MKR).</summary>
    public static string? DecodeText(string? hex)
    {
        if (hex is null)
        {
            return null;
        }

        try
        {
            var data = Hex.Bytes(hex);
            string? text;
            if (data.Length == 32)
            {
                text = Encoding.UTF8.GetString(data.AsSpan().TrimEnd((byte)0));
            }
            else if (data.Length >= 64)
            {
                var offset = Hex.Word(data.AsSpan(0, 32));
                if (offset > data.Length - 32)
                {
                    return null;
                }

                var length = Hex.Word(data.AsSpan((int)offset, 32));
                if ((int)offset + 32 + length > data.Length)
                {
                    return null;
                }

                text = Encoding.UTF8.GetString(data, (int)offset + 32, (int)length);
            }
            else
            {
                return null;
            }

            return Clean(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>decimals(): a uint8 in a 32-byte word; anything above 77 is not a real token's (10^77 overflows uint256).</summary>
    public static int? DecodeDecimals(string? hex)
    {
        try
        {
            var data = hex is null ? [] : Hex.Bytes(hex);
            if (data.Length != 32)
            {
                return null;
            }

            var value = Hex.Word(data);
            return value <= 77 ? (int)value : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Token names are chosen by whoever deploys the contract, including scammers ("Claim at evil.site"): keep only
    /// plain characters and a short length, and never let them carry formatting into a reply.
    /// </summary>
    private static string? Clean(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            // Currency signs stay: "USD₮" must read as USDT to the fake-token check, not as "USD".
            if (char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or '+' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.CurrencySymbol)
            {
                sb.Append(c);
            }
        }

        var clean = sb.ToString().Trim();
        return clean.Length == 0 ? null : clean.Length > 32 ? clean[..32] : clean;
    }

    /// <summary>A decoded Transfer log, or null when the log is not an ERC-20 Transfer (ERC-721 has 4 topics).</summary>
    public static (string Contract, string From, string To, BigInteger Amount)? DecodeTransfer(string contract, IReadOnlyList<string> topics, string data)
    {
        if (topics.Count != 3 || !string.Equals(topics[0], TransferTopic, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var amount = Hex.Bytes(data);
            return amount.Length == 32 ? (contract, TopicAddress(topics[1]), TopicAddress(topics[2]), Hex.Word(amount)) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string TopicAddress(string topic) => "0x" + topic[^40..].ToLowerInvariant();
}
