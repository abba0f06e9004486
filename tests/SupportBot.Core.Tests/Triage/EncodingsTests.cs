using SupportBot.Core.Triage.Encodings;

namespace SupportBot.Core.Tests.Triage;

public class EncodingsTests
{
    // EIP-55 specification examples.
    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    public void Eip55_ToChecksumAddress_SpecExample_RoundTrips(string expected)
    {
        Assert.Equal(expected, Eip55.ToChecksumAddress(expected.ToLowerInvariant()));
        Assert.Equal(expected, Eip55.ToChecksumAddress(expected.ToUpperInvariant()[2..]));
        Assert.True(Eip55.IsValid(expected));
    }

    [Theory]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")] // all lowercase: no checksum to check
    [InlineData("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")] // all uppercase
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // prefix optional
    public void Eip55_IsValid_SingleCaseOrNoPrefix_True(string address) => Assert.True(Eip55.IsValid(address));

    [Theory]
    [InlineData("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // one letter's case flipped
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5D359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6Fb")]
    [InlineData("0xd1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")] // 39 hex
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd")] // 41 hex
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg")] // not hex
    [InlineData("")]
    public void Eip55_IsValid_BadChecksumOrShape_False(string address) => Assert.False(Eip55.IsValid(address));

    [Theory]
    [InlineData("0x1234")]
    [InlineData("0xZZaeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    public void Eip55_ToChecksumAddress_NotFortyHex_Throws(string input) =>
        Assert.Throws<ArgumentException>(() => Eip55.ToChecksumAddress(input));

    // BIP-173 and BIP-350 "valid" test vectors.
    [Theory]
    [InlineData("A12UEL5L", "a", false)]
    [InlineData("a12uel5l", "a", false)]
    [InlineData("an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs", "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio", false)]
    [InlineData("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "abcdef", false)]
    [InlineData("11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j", "1", false)]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w", "split", false)]
    [InlineData("?1ezyfcl", "?", false)]
    [InlineData("A1LQFN3A", "a", true)]
    [InlineData("a1lqfn3a", "a", true)]
    [InlineData("an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6", "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber1", true)]
    [InlineData("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx", "abcdef", true)]
    [InlineData("11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8", "1", true)]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperredlc445v", "split", true)]
    [InlineData("?1v759aa", "?", true)]
    public void Bech32_TryDecode_SpecValidVector_Decodes(string text, string hrp, bool bech32m)
    {
        var variant = bech32m ? Bech32Variant.Bech32m : Bech32Variant.Bech32;
        Assert.True(Bech32.TryDecode(text, out var actualHrp, out var data, out var actualVariant));
        Assert.Equal(hrp, actualHrp);
        Assert.Equal(variant, actualVariant);
        Assert.Equal(text.ToLowerInvariant(), Bech32.Encode(actualHrp, data, actualVariant)); // re-encodes to itself
    }

    // BIP-173 and BIP-350 "invalid" test vectors.
    [Theory]
    [InlineData("\u00201nwldj5")] // HRP character out of range
    [InlineData("\u007F1axkwrx")]
    [InlineData("\u00801eym55h")]
    [InlineData("an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx")] // too long
    [InlineData("pzry9x0s0muk")] // no separator
    [InlineData("1pzry9x0s0muk")] // empty HRP
    [InlineData("x1b4n0q5v")] // invalid data character
    [InlineData("li1dgmt3")] // checksum too short
    [InlineData("de1lg7wt\u00FF")] // invalid character in checksum
    [InlineData("A1G7SGD8")] // checksum computed over the uppercase HRP
    [InlineData("10a06t8")]
    [InlineData("1qzzfhee")]
    [InlineData("\u00201xj0phk")]
    [InlineData("\u007F1g6xzxy")]
    [InlineData("\u00801vctc34")]
    [InlineData("an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4")]
    [InlineData("qyrz8wqd2c9m")]
    [InlineData("1qyrz8wqd2c9m")]
    [InlineData("y1b0jsk6g")]
    [InlineData("lt1igcx5c0")]
    [InlineData("in1muywd")]
    [InlineData("mm1crxm3i")]
    [InlineData("au1s5cgom")]
    [InlineData("M1VUXWEZ")]
    [InlineData("16plkw9")]
    [InlineData("1p2gdwpf")]
    [InlineData("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7")] // mixed case
    [InlineData("")]
    public void Bech32_TryDecode_SpecInvalidVector_False(string text) =>
        Assert.False(Bech32.TryDecode(text, out _, out _, out _));

    // BIP-350 valid segwit addresses with their scriptPubKey (version opcode, push length, program).
    [Theory]
    [InlineData("bc", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6")]
    [InlineData("tb", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262")]
    [InlineData("bc", "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6")]
    [InlineData("bc", "BC1SW50QGDZ25J", "6002751e")]
    [InlineData("bc", "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323")]
    [InlineData("tb", "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433")]
    [InlineData("tb", "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433")]
    [InlineData("bc", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")]
    public void Bech32_TryDecodeSegwit_SpecValidAddress_ReturnsProgram(string hrp, string address, string scriptPubKey)
    {
        Assert.True(Bech32.TryDecodeSegwit(hrp, address, out var version, out var program));
        var script = Convert.FromHexString(scriptPubKey);
        Assert.Equal(script[0] == 0 ? 0 : script[0] - 0x50, version);
        Assert.Equal(script[2..], program);
    }

    // BIP-350 invalid segwit addresses, plus BIP-173's v1 example that is bech32 (now invalid: v1+ needs bech32m).
    [Theory]
    [InlineData("bc", "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut")] // wrong HRP
    [InlineData("bc", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd")] // bech32 instead of bech32m
    [InlineData("tb", "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf")]
    [InlineData("bc", "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL")]
    [InlineData("bc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh")] // bech32m instead of bech32
    [InlineData("tb", "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47")]
    [InlineData("bc", "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4")] // invalid checksum character
    [InlineData("bc", "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R")] // witness version 17
    [InlineData("bc", "bc1pw5dgrnzv")] // 1-byte program
    [InlineData("bc", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav")] // 41-byte program
    [InlineData("bc", "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P")] // v0 program must be 20 or 32 bytes
    [InlineData("tb", "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq")] // mixed case
    [InlineData("bc", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf")] // more than 4 padding bits
    [InlineData("tb", "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j")] // non-zero padding
    [InlineData("bc", "bc1gmk9yu")] // empty data
    [InlineData("bc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")] // BIP-173: invalid checksum
    [InlineData("bc", "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx")]
    public void Bech32_TryDecodeSegwit_SpecInvalidAddress_False(string hrp, string address) =>
        Assert.False(Bech32.TryDecodeSegwit(hrp, address, out _, out _));

    [Fact]
    public void Bech32_Encode_TwentyBytesWithBnbHrp_MatchesTestAddressAndDecodesBack()
    {
        var account = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();

        var address = Bech32.Encode("bnb", Bech32.ConvertBits(account, 8, 5, pad: true)!);

        Assert.Equal(TestAddresses.Bnb, address);
        Assert.True(Bech32.TryDecode(address, out var hrp, out var data, out var variant));
        Assert.Equal(("bnb", Bech32Variant.Bech32), (hrp, variant));
        Assert.Equal(account, Bech32.ConvertBits(data, 5, 8, pad: false));
        Assert.False(Bech32.TryDecode(TestAddresses.BnbBadChecksum, out _, out _, out _));
    }

    [Theory]
    [InlineData("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "0062e907b15cbf27d5425399ebf6f0fb50ebb88f18")] // Bitcoin genesis address
    [InlineData("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", null)]
    [InlineData("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", null)]
    public void Base58_TryDecodeCheck_KnownAddress_ReturnsTwentyOneBytePayload(string address, string? payloadHex)
    {
        Assert.True(Base58.TryDecodeCheck(address, out var payload));
        Assert.Equal(21, payload.Length);
        if (payloadHex is not null)
            Assert.Equal(Convert.FromHexString(payloadHex), payload);
    }

    [Theory]
    [InlineData("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")] // last character changed
    [InlineData("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T")]
    [InlineData("1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a")] // '0' is not base58
    [InlineData("1111")] // decodes to fewer than 5 bytes
    [InlineData("")]
    public void Base58_TryDecodeCheck_BadChecksumOrText_False(string text) =>
        Assert.False(Base58.TryDecodeCheck(text, out _));

    [Theory]
    [InlineData("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "06ddf6e1d765a193d9cbe146ceeb79ac1cb485ed5f5b37913a8cf5857eff00a9")] // SPL Token program
    [InlineData("11111111111111111111111111111111", "0000000000000000000000000000000000000000000000000000000000000000")] // System program
    [InlineData("1", "00")]
    [InlineData("2", "01")]
    [InlineData("z", "39")]
    [InlineData("5R", "0100")] // 4*58 + 24 = 256: carries into a second byte
    public void Base58_TryDecode_KnownValue_ReturnsBytes(string text, string hex)
    {
        Assert.True(Base58.TryDecode(text, out var bytes));
        Assert.Equal(hex, Convert.ToHexStringLower(bytes));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("O")]
    [InlineData("I")]
    [InlineData("l")]
    [InlineData("abc def")]
    [InlineData("аbc")] // Cyrillic 'а'
    [InlineData("")]
    public void Base58_TryDecode_CharacterOutsideAlphabet_False(string text) => Assert.False(Base58.TryDecode(text, out _));
}

/// <summary>Addresses generated for these tests with <see cref="Bech32.Encode"/> (account bytes 0x01..0x14).</summary>
internal static class TestAddresses
{
    public const string Bnb = "bnb1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5axnj8j";
    public const string BnbTestnet = "tbnb1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5nn6k8r";
    public const string BnbBadChecksum = "bnb1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5axnj8k";
}
