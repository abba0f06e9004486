using System.Text;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Tests.Triage;

public class EntityExtractorTests
{
    private const string Hash = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060";
    private const string Bep2Hash = "A5B8F1D0C4E3A2B19F7E6D5C4B3A29181726354453627180A9B8C7D6E5F40312";

    [Theory]
    [InlineData("tx " + Hash)]
    [InlineData("https://bscscan.com/tx/" + Hash)]
    [InlineData("https://bscscan.com/tx/" + Hash + "?tab=logs")]
    [InlineData("(" + Hash + ").")]
    [InlineData("транзакция:" + Hash)]
    [InlineData("💸" + Hash + "💸")]
    public void Extract_EvmTxHash_FoundAtTokenBoundaries(string text) =>
        Assert.Equal([Hash], EntityExtractor.Extract(text).Transactions);

    [Theory]
    [InlineData("pk: " + Hash)]
    [InlineData(Hash + " <- that is my private key")]
    [InlineData("мой приватник " + Hash)]
    [InlineData("privkey " + Hash + " and tx " + Hash)] // the same value named both ways: a key is never looked up
    public void Extract_ValueNamedAsAKey_NeverATransaction(string text) =>
        Assert.Empty(EntityExtractor.Extract(text).Transactions);

    [Fact]
    public void Extract_UppercaseTxHash_NormalisedToLowercase()
    {
        var upper = "0x" + Hash[2..].ToUpperInvariant();
        Assert.Equal([Hash], EntityExtractor.Extract($"hash {upper}").Transactions);
    }

    [Theory]
    [InlineData(Hash + "a")] // 65 hex
    [InlineData("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b2206")] // 63 hex
    [InlineData("x" + Hash)] // glued to a letter: not a token of its own
    [InlineData("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b2206g")] // non-hex tail
    public void Extract_HexOfWrongLengthOrGlued_NothingFound(string text) =>
        Assert.Same(ExtractedEntities.Empty, EntityExtractor.Extract(text));

    [Fact]
    public void Extract_RepeatedEntities_DeduplicatedInOrderOfAppearance()
    {
        const string other = "0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        var text = $"{other} then {Hash} and again {other.ToUpperInvariant().Replace("0X", "0x")} and {Hash}";

        Assert.Equal([other, Hash], EntityExtractor.Extract(text).Transactions);
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Extract_EvmAddressInAnyValidCase_ReturnedInChecksumForm(string checksummed)
    {
        foreach (var written in new[] { checksummed, checksummed.ToLowerInvariant(), "0x" + checksummed[2..].ToUpperInvariant() })
        {
            var result = EntityExtractor.Extract($"send to {written}, thanks");

            Assert.Equal([new FoundAddress(checksummed, AddressKind.Evm)], result.Addresses);
            Assert.Empty(result.InvalidChecksumAddresses);
        }
    }

    [Fact]
    public void Extract_MixedCaseAddressWithBadChecksum_ReportedAsInvalidNotAsAddress()
    {
        const string flipped = "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

        var result = EntityExtractor.Extract($"is {flipped} right?");

        Assert.Empty(result.Addresses);
        Assert.Equal([flipped], result.InvalidChecksumAddresses);
    }

    [Fact]
    public void Extract_SameBadChecksumAddressTwice_ReportedOnceAsFirstWritten()
    {
        var result = EntityExtractor.Extract(
            "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed or 0x5AAEb6053F3E94C9b9A09f33669435E7Ef1BeAed");

        Assert.Equal(["0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"], result.InvalidChecksumAddresses);
    }

    [Fact]
    public void Extract_SameAddressInDifferentCases_ReportedOnce()
    {
        var result = EntityExtractor.Extract(
            "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed / 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

        Assert.Equal([new FoundAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", AddressKind.Evm)], result.Addresses);
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed1")] // 41 hex
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")] // 39 hex
    public void Extract_AddressOfWrongLength_NothingFound(string text) =>
        Assert.Same(ExtractedEntities.Empty, EntityExtractor.Extract(text));

    [Theory]
    [InlineData(TestAddresses.Bnb, TestAddresses.Bnb)]
    [InlineData("BNB1QYPQXPQ9QCRSSZG2PVXQ6RS0ZQG3YYC5AXNJ8J", TestAddresses.Bnb)]
    [InlineData(TestAddresses.BnbTestnet, TestAddresses.BnbTestnet)]
    [InlineData("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")]
    [InlineData("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")]
    [InlineData("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")]
    [InlineData("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0")]
    [InlineData("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA")]
    [InlineData("So11111111111111111111111111111111111111112", "So11111111111111111111111111111111111111112")]
    public void Extract_NonEvmAddress_ClassifiedAndNormalised(string written, string expected)
    {
        var kind = expected switch
        {
            _ when expected.Contains("bnb1", StringComparison.Ordinal) => AddressKind.Bep2,
            ['T', 'R', ..] => AddressKind.Tron,
            ['1', ..] or ['3', ..] or ['b', 'c', '1', ..] => AddressKind.Bitcoin,
            _ => AddressKind.Solana,
        };

        var result = EntityExtractor.Extract($"my address: {written}.");

        Assert.Equal([new FoundAddress(expected, kind)], result.Addresses);
    }

    [Theory]
    [InlineData(TestAddresses.BnbBadChecksum)]
    [InlineData("bnb1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5AXNJ8J")] // mixed case
    [InlineData("cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5axnj8j")] // other chain's bech32
    [InlineData("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T")] // TRON with bad checksum
    [InlineData("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")] // Bitcoin with bad checksum
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")] // bech32 with bad checksum
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd")] // taproot with bech32 checksum
    [InlineData("tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty")] // unknown HRP
    [InlineData("Supercalifragilisticexpialidocious")] // long word, not an address
    [InlineData("11111111111111111111111111111111")] // no letters: not taken for Solana
    public void Extract_InvalidOrUnknownAddress_NothingFound(string text) =>
        Assert.Same(ExtractedEntities.Empty, EntityExtractor.Extract($"address {text}"));

    [Fact]
    public void Extract_UppercaseHexWithoutPrefix_IsBep2TransactionHash()
    {
        var result = EntityExtractor.Extract($"explorer.bnbchain.org/tx/{Bep2Hash} failed");

        Assert.Equal([Bep2Hash], result.Bep2TransactionHashes);
        Assert.Empty(result.Transactions);
    }

    [Theory]
    [InlineData("a5b8f1d0c4e3a2b19f7e6d5c4b3a29181726354453627180a9b8c7d6e5f40312")] // lowercase: SecretGuard's business
    [InlineData("A5b8F1D0C4E3A2B19F7E6D5C4B3A29181726354453627180A9B8C7D6E5F40312")] // mixed case
    [InlineData("1234567890123456789012345678901234567890123456789012345678901234")] // digits only
    public void Extract_NonUppercaseHexWithoutPrefix_Ignored(string text) =>
        Assert.Same(ExtractedEntities.Empty, EntityExtractor.Extract(text));

    [Fact]
    public void Extract_MessageWithEverything_AllListsFilledInOrder()
    {
        var text = $"""
            Sent USDT from Binance to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed (tx https://bscscan.com/tx/{Hash}),
            old BEP2 wallet {TestAddresses.Bnb}, hash {Bep2Hash}; also tried 0xfb6916095CA1df60bB79Ce92cE3Ea74c37c5d359
            and TRON TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t.
            """;

        var result = EntityExtractor.Extract(text);

        Assert.Equal([Hash], result.Transactions);
        Assert.Equal(
            [
                new FoundAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", AddressKind.Evm),
                new FoundAddress(TestAddresses.Bnb, AddressKind.Bep2),
                new FoundAddress("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", AddressKind.Tron),
            ],
            result.Addresses);
        Assert.Equal(["0xfb6916095CA1df60bB79Ce92cE3Ea74c37c5d359"], result.InvalidChecksumAddresses);
        Assert.Equal([Bep2Hash], result.Bep2TransactionHashes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Hello, my BNB did not arrive in MetaMask. What should I do?")]
    [InlineData("Привет! Не пришли монеты 😢 на кошелёк")]
    [InlineData("\0\u0001\u0002\u001b[31m\u007f\r\n\t")]
    [InlineData("\ud83d")] // lone surrogate
    public void Extract_TextWithoutEntities_ReturnsEmpty(string text) =>
        Assert.Same(ExtractedEntities.Empty, EntityExtractor.Extract(text));

    [Fact]
    public void Extract_Null_ReturnsEmpty() => Assert.Same(ExtractedEntities.Empty, EntityExtractor.Extract(null!));

    [Fact]
    public void Extract_ControlCharactersAndMixedScriptsAroundEntities_StillFound()
    {
        var text = $"\u0000адрес\u0007{TestAddresses.Bnb}\u001bкошелёк{Hash}\u200b😀";

        var result = EntityExtractor.Extract(text);

        Assert.Equal([Hash], result.Transactions);
        Assert.Equal([new FoundAddress(TestAddresses.Bnb, AddressKind.Bep2)], result.Addresses);
    }

    [Fact]
    public void Extract_HundredKilobyteMessage_FindsEverySecretAndFindsEntities()
    {
        var random = new Random(42);
        var sb = new StringBuilder();
        const string pool = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,./:-_😀йцукен\n";
        while (sb.Length < 100_000)
        {
            sb.Append(pool[random.Next(pool.Length)]);
            if (random.Next(2000) == 0)
                sb.Append(' ').Append(Hash).Append(' ');
        }
        var text = sb.Append(' ').Append(TestAddresses.Bnb).ToString();

        var result = EntityExtractor.Extract(text);

        Assert.Equal([Hash], result.Transactions);
        Assert.Contains(new FoundAddress(TestAddresses.Bnb, AddressKind.Bep2), result.Addresses);
    }

    [Fact]
    public void Extract_HundredKilobytesOfCandidateTokens_NeverThrows()
    {
        // Worst case for the scanner: every token is long, base58-looking and gets decoded.
        var text = string.Join(' ', Enumerable.Repeat("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DB", 2400));

        var result = EntityExtractor.Extract(text);

        Assert.True(result.Addresses.Count <= 1);
    }
}
