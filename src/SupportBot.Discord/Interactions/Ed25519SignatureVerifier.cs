using System.Buffers;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace SupportBot.Discord.Interactions;

/// <summary>
/// Checks the Ed25519 signature Discord puts on every interaction it POSTs: the signed message is the UTF-8
/// <c>X-Signature-Timestamp</c> value followed by the raw request body bytes, the key is the application's public key.
/// Thread-safe; one instance per public key.
/// </summary>
public sealed class Ed25519SignatureVerifier
{
    /// <summary>Length of an Ed25519 public key in bytes (64 hex characters).</summary>
    public const int PublicKeyLength = 32;

    /// <summary>Length of an Ed25519 signature in bytes (128 hex characters).</summary>
    public const int SignatureLength = 64;

    private readonly Ed25519PublicKeyParameters publicKey;

    /// <summary>Creates a verifier for the application public key shown in the Developer Portal.</summary>
    /// <param name="publicKeyHex">The key as 64 hexadecimal characters (either case).</param>
    /// <exception cref="ArgumentException">The key is empty, not hexadecimal, not 32 bytes long, or not a valid Ed25519 point.</exception>
    public Ed25519SignatureVerifier(string publicKeyHex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKeyHex);
        var bytes = new byte[PublicKeyLength];
        if (!TryDecodeHex(publicKeyHex, bytes))
        {
            throw new ArgumentException(
                $"The Discord application public key must be {PublicKeyLength * 2} hexadecimal characters ({PublicKeyLength} bytes).",
                nameof(publicKeyHex));
        }

        try
        {
            publicKey = new Ed25519PublicKeyParameters(bytes);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException("The Discord application public key is not a valid Ed25519 public key.", nameof(publicKeyHex), exception);
        }
    }

    /// <summary>
    /// True when <paramref name="signatureHex"/> is a valid signature of <paramref name="timestamp"/> (UTF-8) followed by
    /// <paramref name="rawBody"/>. Never throws: a missing value, bad hex, a wrong length or a bad signature all give false.
    /// </summary>
    /// <param name="signatureHex">The <c>X-Signature-Ed25519</c> header: 128 hexadecimal characters.</param>
    /// <param name="timestamp">The <c>X-Signature-Timestamp</c> header, exactly as received.</param>
    /// <param name="rawBody">The request body exactly as received, never re-serialized.</param>
    public bool Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> rawBody)
    {
        if (signatureHex is null || timestamp is null)
        {
            return false;
        }

        var signature = new byte[SignatureLength];
        if (!TryDecodeHex(signatureHex, signature))
        {
            return false;
        }

        var signer = new Ed25519Signer();
        signer.Init(false, publicKey);
        signer.BlockUpdate(Encoding.UTF8.GetBytes(timestamp));
        signer.BlockUpdate(rawBody);
        return signer.VerifySignature(signature);
    }

    /// <summary>Decodes <paramref name="hex"/> into exactly <paramref name="destination"/>.Length bytes; false on any mismatch.</summary>
    private static bool TryDecodeHex(string hex, Span<byte> destination) =>
        hex.Length == destination.Length * 2
        && Convert.FromHexString(hex, destination, out _, out var written) == OperationStatus.Done
        && written == destination.Length;
}
