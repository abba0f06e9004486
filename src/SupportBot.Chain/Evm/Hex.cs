using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace SupportBot.Chain.Evm;

/// <summary>JSON-RPC's hex encodings: quantities (<c>0x1a</c>) and data (<c>0x…</c> bytes).</summary>
public static class Hex
{
    public static BigInteger Quantity(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? Quantity(value.GetString()!) : throw new FormatException($"Expected a hex quantity, got {value.ValueKind}");

    public static BigInteger Quantity(string text)
    {
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : throw new FormatException($"'{text}' is not a hex quantity");
        return digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public static long Long(JsonElement value) => (long)Quantity(value);

    /// <summary>A hex quantity for a request.</summary>
    public static string FromLong(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static byte[] Bytes(string text)
    {
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return digits.Length % 2 == 0 ? Convert.FromHexString(digits) : throw new FormatException("Odd number of hex digits");
    }

    public static string FromBytes(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>An unsigned 256-bit big-endian word.</summary>
    public static BigInteger Word(ReadOnlySpan<byte> word) => new(word, isUnsigned: true, isBigEndian: true);
}
