using System.Diagnostics.CodeAnalysis;

namespace SupportBot.Core.Triage.Encodings;

/// <summary>Which checksum constant a bech32 string uses.</summary>
internal enum Bech32Variant
{
    /// <summary>BIP-173 (segwit v0, BNB Beacon Chain).</summary>
    Bech32,

    /// <summary>BIP-350 (segwit v1+, e.g. taproot <c>bc1p…</c>).</summary>
    Bech32m,
}

/// <summary>Bech32 / bech32m encoding and verification (BIP-173, BIP-350).</summary>
internal static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const int MaxLength = 90;
    private const uint Bech32mConst = 0x2bc830a3;

    // Charset index per ASCII code, -1 for characters outside the charset (both cases map).
    private static readonly sbyte[] CharsetRev = BuildReverse();

    /// <summary>
    /// Decodes and verifies a bech32 or bech32m string. <paramref name="hrp"/> is returned lowercase and
    /// <paramref name="data"/> holds the 5-bit values without the checksum. Mixed case is rejected.
    /// </summary>
    public static bool TryDecode(
        ReadOnlySpan<char> text,
        [NotNullWhen(true)] out string? hrp,
        [NotNullWhen(true)] out byte[]? data,
        out Bech32Variant variant)
    {
        hrp = null;
        data = null;
        variant = default;
        if (text.Length is < 8 or > MaxLength)
            return false;

        bool lower = false, upper = false;
        foreach (var c in text)
        {
            if (c is < (char)33 or > (char)126)
                return false;
            lower |= c is >= 'a' and <= 'z';
            upper |= c is >= 'A' and <= 'Z';
        }
        if (lower && upper)
            return false;

        var sep = text.LastIndexOf('1');
        if (sep < 1 || sep + 7 > text.Length)
            return false; // empty hrp or fewer than 6 checksum characters

        var values = new byte[text.Length - sep - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var v = CharsetRev[text[sep + 1 + i]];
            if (v < 0)
                return false;
            values[i] = (byte)v;
        }

        var hrpText = text[..sep].ToString().ToLowerInvariant();
        var check = PolyMod(hrpText, values);
        if (check == 1)
            variant = Bech32Variant.Bech32;
        else if (check == Bech32mConst)
            variant = Bech32Variant.Bech32m;
        else
            return false;

        hrp = hrpText;
        data = values[..^6];
        return true;
    }

    /// <summary>Encodes 5-bit <paramref name="data"/> under <paramref name="hrp"/> (lowercase output).</summary>
    public static string Encode(string hrp, ReadOnlySpan<byte> data, Bech32Variant variant = Bech32Variant.Bech32)
    {
        ArgumentException.ThrowIfNullOrEmpty(hrp);
        hrp = hrp.ToLowerInvariant();
        var values = new byte[data.Length + 6];
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] > 31)
                throw new ArgumentException("Data values must be 5-bit.", nameof(data));
            values[i] = data[i];
        }
        var mod = PolyMod(hrp, values) ^ (variant == Bech32Variant.Bech32 ? 1u : Bech32mConst);
        for (var i = 0; i < 6; i++)
            values[data.Length + i] = (byte)((mod >> (5 * (5 - i))) & 31);

        var chars = new char[hrp.Length + 1 + values.Length];
        hrp.CopyTo(chars);
        chars[hrp.Length] = '1';
        for (var i = 0; i < values.Length; i++)
            chars[hrp.Length + 1 + i] = Charset[values[i]];
        return new string(chars);
    }

    /// <summary>
    /// Regroups bits (8→5 to encode, 5→8 to decode). Null when the input has values wider than
    /// <paramref name="fromBits"/> or, without <paramref name="pad"/>, leftover bits that are not zero padding.
    /// </summary>
    public static byte[]? ConvertBits(ReadOnlySpan<byte> data, int fromBits, int toBits, bool pad)
    {
        var acc = 0;
        var bits = 0;
        var maxValue = (1 << toBits) - 1;
        var maxAcc = (1 << (fromBits + toBits - 1)) - 1; // keeps the accumulator from overflowing
        var result = new List<byte>(data.Length * fromBits / toBits + 1);
        foreach (var value in data)
        {
            if (value >> fromBits != 0)
                return null;
            acc = ((acc << fromBits) | value) & maxAcc;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                result.Add((byte)((acc >> bits) & maxValue));
            }
        }
        if (pad)
        {
            if (bits > 0)
                result.Add((byte)((acc << (toBits - bits)) & maxValue));
        }
        else if (bits >= fromBits || ((acc << (toBits - bits)) & maxValue) != 0)
        {
            return null;
        }
        return [.. result];
    }

    /// <summary>
    /// Decodes a segwit address (BIP-173/BIP-350) for <paramref name="expectedHrp"/>: version 0 needs bech32 and a
    /// 20- or 32-byte program, versions 1–16 need bech32m and a 2–40-byte program.
    /// </summary>
    public static bool TryDecodeSegwit(
        string expectedHrp, ReadOnlySpan<char> address, out int version, [NotNullWhen(true)] out byte[]? program)
    {
        version = -1;
        program = null;
        if (!TryDecode(address, out var hrp, out var data, out var variant) || hrp != expectedHrp || data.Length == 0)
            return false;
        if (data[0] > 16)
            return false;
        var prog = ConvertBits(data.AsSpan(1), 5, 8, pad: false);
        if (prog is null || prog.Length is < 2 or > 40)
            return false;
        if (data[0] == 0 ? variant != Bech32Variant.Bech32 || prog.Length is not (20 or 32) : variant != Bech32Variant.Bech32m)
            return false;
        version = data[0];
        program = prog;
        return true;
    }

    private static uint PolyMod(string hrp, ReadOnlySpan<byte> values)
    {
        uint chk = 1;
        foreach (var c in hrp)
            chk = Step(chk) ^ (uint)(c >> 5);
        chk = Step(chk);
        foreach (var c in hrp)
            chk = Step(chk) ^ (uint)(c & 31);
        foreach (var v in values)
            chk = Step(chk) ^ v;
        return chk;
    }

    // One round of the BCH generator over GF(32), as defined in BIP-173.
    private static uint Step(uint chk)
    {
        var top = chk >> 25;
        chk = (chk & 0x1ffffff) << 5;
        if ((top & 1) != 0) chk ^= 0x3b6a57b2;
        if ((top & 2) != 0) chk ^= 0x26508e6d;
        if ((top & 4) != 0) chk ^= 0x1ea119fa;
        if ((top & 8) != 0) chk ^= 0x3d4233dd;
        if ((top & 16) != 0) chk ^= 0x2a1462b3;
        return chk;
    }

    private static sbyte[] BuildReverse()
    {
        var rev = new sbyte[128];
        Array.Fill(rev, (sbyte)-1);
        for (var i = 0; i < Charset.Length; i++)
        {
            rev[Charset[i]] = (sbyte)i;
            rev[char.ToUpperInvariant(Charset[i])] = (sbyte)i;
        }
        return rev;
    }
}
