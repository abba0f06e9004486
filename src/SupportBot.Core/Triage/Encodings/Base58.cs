using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace SupportBot.Core.Triage.Encodings;

/// <summary>Base58 (Bitcoin alphabet) decoding and base58check verification.</summary>
internal static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    // Alphabet index per ASCII code, -1 for characters outside the alphabet (0, O, I, l and non-ASCII).
    private static readonly sbyte[] Index = BuildIndex();

    /// <summary>True when every character is in the base58 alphabet (and the text is not empty).</summary>
    public static bool IsBase58(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return false;
        foreach (var c in text)
        {
            if (c >= 128 || Index[c] < 0)
                return false;
        }
        return true;
    }

    /// <summary>Decodes base58 text; each leading '1' is a leading zero byte.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (!IsBase58(text))
            return false;

        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
            zeros++;

        // Big-endian base-256 number built digit by digit; log(58)/log(256) < 0.733 bytes per character.
        var buffer = new byte[(text.Length - zeros) * 733 / 1000 + 1];
        var used = 0; // bytes in use at the end of buffer
        foreach (var c in text[zeros..])
        {
            var carry = (int)Index[c];
            var i = 0;
            for (var k = buffer.Length - 1; k >= 0 && (carry != 0 || i < used); k--, i++)
            {
                carry += 58 * buffer[k];
                buffer[k] = (byte)carry;
                carry >>= 8;
            }
            used = i;
        }

        bytes = new byte[zeros + used];
        buffer.AsSpan(buffer.Length - used).CopyTo(bytes.AsSpan(zeros));
        return true;
    }

    /// <summary>
    /// Decodes base58check text and verifies its 4-byte checksum (first bytes of double SHA-256 of the payload);
    /// <paramref name="payload"/> excludes the checksum.
    /// </summary>
    public static bool TryDecodeCheck(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? payload)
    {
        payload = null;
        if (!TryDecode(text, out var raw) || raw.Length < 5)
            return false;

        var body = raw.AsSpan(0, raw.Length - 4);
        Span<byte> first = stackalloc byte[32];
        Span<byte> second = stackalloc byte[32];
        SHA256.HashData(body, first);
        SHA256.HashData(first, second);
        if (!second[..4].SequenceEqual(raw.AsSpan(raw.Length - 4)))
            return false;

        payload = body.ToArray();
        return true;
    }

    private static sbyte[] BuildIndex()
    {
        var index = new sbyte[128];
        Array.Fill(index, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
            index[Alphabet[i]] = (sbyte)i;
        return index;
    }
}
