using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace SupportBot.Discord.Tests.Interactions;

/// <summary>Signs requests as Discord does (Ed25519 over UTF-8 timestamp + raw body), from a fixed seed.</summary>
internal sealed class TestSigner
{
    /// <summary>RFC 8032 §7.1 test 1 secret key (the seed).</summary>
    public const string Rfc8032Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    /// <summary>RFC 8032 §7.1 test 1 public key.</summary>
    public const string Rfc8032PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    /// <summary>RFC 8032 §7.1 test 1 signature of the empty message.</summary>
    public const string Rfc8032EmptyMessageSignature =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    private readonly Ed25519PrivateKeyParameters privateKey;

    public TestSigner(string seedHex)
    {
        privateKey = new Ed25519PrivateKeyParameters(Convert.FromHexString(seedHex), 0);
        PublicKeyHex = Convert.ToHexStringLower(privateKey.GeneratePublicKey().GetEncoded());
    }

    /// <summary>The RFC 8032 test 1 key: the one the endpoint under test trusts.</summary>
    public static TestSigner Rfc8032 { get; } = new(Rfc8032Seed);

    /// <summary>A different, arbitrary key that the endpoint does not trust.</summary>
    public static TestSigner Other { get; } = new(new string('4', 64));

    public string PublicKeyHex { get; }

    /// <summary>The hex signature of <paramref name="timestamp"/> (UTF-8) followed by <paramref name="body"/>.</summary>
    public string Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, privateKey);
        signer.BlockUpdate(Encoding.UTF8.GetBytes(timestamp));
        signer.BlockUpdate(body);
        return Convert.ToHexStringLower(signer.GenerateSignature());
    }

    public string Sign(string timestamp, string body) => Sign(timestamp, Encoding.UTF8.GetBytes(body));
}
