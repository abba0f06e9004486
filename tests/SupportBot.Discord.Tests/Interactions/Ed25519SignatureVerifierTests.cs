using System.Text;
using SupportBot.Discord.Interactions;

namespace SupportBot.Discord.Tests.Interactions;

public sealed class Ed25519SignatureVerifierTests
{
    /// <summary>protocols.md: timestamp 1700000000 + body {"type":1} under the RFC 8032 test 1 key.</summary>
    private const string VectorSignature =
        "1695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0f";

    private static readonly byte[] VectorBody = """{"type":1}"""u8.ToArray();

    private readonly Ed25519SignatureVerifier verifier = new(TestSigner.Rfc8032PublicKey);

    [Fact]
    public void Verify_Rfc8032Test1EmptyMessage_ReturnsTrue()
    {
        Assert.True(verifier.Verify(TestSigner.Rfc8032EmptyMessageSignature, "", ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Verify_ProtocolsVector_ReturnsTrue()
    {
        Assert.True(verifier.Verify(VectorSignature, "1700000000", VectorBody));
    }

    [Fact]
    public void Verify_UppercaseHexSignature_ReturnsTrue()
    {
        Assert.True(verifier.Verify(VectorSignature.ToUpperInvariant(), "1700000000", VectorBody));
    }

    [Fact]
    public void TestSigner_Rfc8032Seed_ReproducesPublicKeyAndVectors()
    {
        var signer = TestSigner.Rfc8032;

        Assert.Equal(TestSigner.Rfc8032PublicKey, signer.PublicKeyHex);
        Assert.Equal(TestSigner.Rfc8032EmptyMessageSignature, signer.Sign("", ReadOnlySpan<byte>.Empty));
        Assert.Equal(VectorSignature, signer.Sign("1700000000", VectorBody));
    }

    [Fact]
    public void Verify_TamperedBody_ReturnsFalse()
    {
        Assert.False(verifier.Verify(VectorSignature, "1700000000", """{"type":2}"""u8));
    }

    [Fact]
    public void Verify_TamperedTimestamp_ReturnsFalse()
    {
        Assert.False(verifier.Verify(VectorSignature, "1700000001", VectorBody));
    }

    [Fact]
    public void Verify_SignatureOverBodyAlone_ReturnsFalse()
    {
        var bodyOnly = TestSigner.Rfc8032.Sign("", VectorBody);

        Assert.False(verifier.Verify(bodyOnly, "1700000000", VectorBody));
    }

    [Fact]
    public void Verify_FlippedSignatureBit_ReturnsFalse()
    {
        var bytes = Convert.FromHexString(VectorSignature);
        bytes[10] ^= 0x01;

        Assert.False(verifier.Verify(Convert.ToHexStringLower(bytes), "1700000000", VectorBody));
    }

    [Fact]
    public void Verify_OtherKeysSignature_ReturnsFalse()
    {
        Assert.False(verifier.Verify(TestSigner.Other.Sign("1700000000", VectorBody), "1700000000", VectorBody));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not hex at all")]
    [InlineData("zz95961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0f")]
    [InlineData("1695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0")]
    [InlineData("1695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0f00")]
    [InlineData(" 695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0f")]
    public void Verify_MissingOrMalformedSignature_ReturnsFalse(string? signature)
    {
        Assert.False(verifier.Verify(signature, "1700000000", VectorBody));
    }

    [Fact]
    public void Verify_MissingTimestamp_ReturnsFalse()
    {
        Assert.False(verifier.Verify(VectorSignature, null, VectorBody));
    }

    [Fact]
    public void Verify_NonAsciiTimestampSignedAsUtf8_ReturnsTrue()
    {
        var timestamp = "17000000\u00e9";
        var body = Encoding.UTF8.GetBytes("{}");

        Assert.True(verifier.Verify(TestSigner.Rfc8032.Sign(timestamp, body), timestamp, body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511")]
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a00")]
    [InlineData("x75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void Constructor_BadPublicKey_ThrowsArgumentException(string publicKeyHex)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(() => new Ed25519SignatureVerifier(publicKeyHex));

        Assert.Equal("publicKeyHex", exception.ParamName);
    }

    [Fact]
    public void Constructor_NullPublicKey_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new Ed25519SignatureVerifier(null!));
    }
}
