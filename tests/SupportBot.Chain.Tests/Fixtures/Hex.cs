using System.Globalization;
using System.Numerics;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>JSON-RPC hex quantities (<c>0x</c>, no leading zeros) for test setup.</summary>
public static class Hex
{
    public static string Quantity(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var digits = value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        return "0x" + (digits.Length == 0 ? "0" : digits);
    }

    public static BigInteger ParseQuantity(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        return digits.Length == 0
            ? BigInteger.Zero
            : BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }
}
