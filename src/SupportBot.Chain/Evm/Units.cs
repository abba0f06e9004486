using System.Globalization;
using System.Numerics;

namespace SupportBot.Chain.Evm;

/// <summary>Smallest units to amounts people read: 1500000 with 6 decimals is "1.5".</summary>
public static class Units
{
    public static string Format(BigInteger raw, int decimals)
    {
        if (decimals <= 0)
        {
            return raw.ToString(CultureInfo.InvariantCulture);
        }

        var scale = BigInteger.Pow(10, decimals);
        var whole = BigInteger.DivRem(BigInteger.Abs(raw), scale, out var fraction);
        var sign = raw.Sign < 0 ? "-" : "";
        if (fraction.IsZero)
        {
            return sign + whole.ToString(CultureInfo.InvariantCulture);
        }

        var digits = fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0').TrimEnd('0');
        return $"{sign}{whole.ToString(CultureInfo.InvariantCulture)}.{digits}";
    }
}
