using System.Buffers;
using Org.BouncyCastle.Crypto.Digests;

namespace SupportBot.Core.Triage.Encodings;

/// <summary>EIP-55 mixed-case checksum for EVM addresses (Keccak-256 of the lowercase hex).</summary>
internal static class Eip55
{
    /// <summary>Returns <c>0x</c> + the EIP-55 form of 40 hex characters (a <c>0x</c> prefix is optional).</summary>
    /// <exception cref="ArgumentException">Not exactly 40 hex characters.</exception>
    public static string ToChecksumAddress(string hex40)
    {
        ArgumentNullException.ThrowIfNull(hex40);
        var hex = StripPrefix(hex40);
        if (hex.Length != 40 || !Hex.IsHex(hex))
            throw new ArgumentException("Expected 40 hexadecimal characters.", nameof(hex40));

        Span<byte> ascii = stackalloc byte[40];
        for (var i = 0; i < 40; i++)
            ascii[i] = (byte)(hex[i] | 0x20); // ASCII lowercase; digits are unaffected

        var keccak = new KeccakDigest(256);
        keccak.BlockUpdate(ascii);
        Span<byte> hash = stackalloc byte[32];
        keccak.DoFinal(hash);

        Span<char> result = stackalloc char[42];
        result[0] = '0';
        result[1] = 'x';
        for (var i = 0; i < 40; i++)
        {
            var c = (char)ascii[i];
            var nibble = (i & 1) == 0 ? hash[i >> 1] >> 4 : hash[i >> 1] & 0x0F;
            result[i + 2] = c >= 'a' && nibble >= 8 ? (char)(c - 0x20) : c;
        }
        return new string(result);
    }

    /// <summary>
    /// True for <c>0x</c> + 40 hex that is all-lowercase or all-uppercase (no checksum to check) or mixed case
    /// matching EIP-55 exactly. The <c>0x</c> prefix is optional.
    /// </summary>
    public static bool IsValid(string address)
    {
        if (address is null)
            return false;
        var hex = StripPrefix(address);
        if (hex.Length != 40 || !Hex.IsHex(hex))
            return false;
        if (!Hex.HasLower(hex) || !Hex.HasUpper(hex))
            return true;
        return ToChecksumAddress(address).AsSpan(2).SequenceEqual(hex);
    }

    private static ReadOnlySpan<char> StripPrefix(string s) =>
        s.Length >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x' ? s.AsSpan(2) : s.AsSpan();
}

/// <summary>Small ASCII hex helpers shared by the triage scanners.</summary>
internal static class Hex
{
    private static readonly SearchValues<char> Chars = SearchValues.Create("0123456789abcdefABCDEF");

    public static bool IsHex(ReadOnlySpan<char> s) => !s.ContainsAnyExcept(Chars);

    public static bool HasLower(ReadOnlySpan<char> s) => s.ContainsAnyInRange('a', 'f');

    public static bool HasUpper(ReadOnlySpan<char> s) => s.ContainsAnyInRange('A', 'F');
}
