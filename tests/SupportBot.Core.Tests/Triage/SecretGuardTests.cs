using System.Text;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Tests.Triage;

public class SecretGuardTests
{
    // BIP-39 test vectors (entropy 00…00 with 128 and 256 bits, 7f7f… with 128 bits).
    private const string Abandon12 = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    private const string Abandon24 =
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon " +
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art";
    private const string Legal12 = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    // Hardhat's publicly known development account #0 key: not a real secret.
    private const string KeyHex = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcaf784d7bf4f2ff80";

    [Theory]
    [InlineData(Abandon12)]
    [InlineData(Abandon24)]
    [InlineData(Legal12)]
    [InlineData("LEGAL Winner thank YEAR wave sausage worth useful legal winner thank yellow")]
    public void Scan_PlainPhrase_FlaggedAndRedacted(string phrase)
    {
        var scan = SecretGuard.Scan($"My wallet phrase is {phrase}! Why is my balance zero");

        Assert.True(scan.Found);
        Assert.Equal(SecretKinds.RecoveryPhrase, scan.Kinds);
        Assert.Equal($"My wallet phrase is {SecretGuard.PhraseMarker}! Why is my balance zero", scan.RedactedText);
    }

    [Theory]
    [InlineData("1. legal 2. winner 3. thank 4. year 5. wave 6. sausage 7. worth 8. useful 9. legal 10. winner 11. thank 12. yellow")]
    [InlineData("1) legal\n2) winner\n3) thank\n4) year\n5) wave\n6) sausage\n7) worth\n8) useful\n9) legal\n10) winner\n11) thank\n12) yellow")]
    [InlineData("1:legal 2:winner 3:thank 4:year 5:wave 6:sausage 7:worth 8:useful 9:legal 10:winner 11:thank 12:yellow")]
    [InlineData("#1 legal #2 winner #3 thank #4 year #5 wave #6 sausage #7 worth #8 useful #9 legal #10 winner #11 thank #12 yellow")]
    [InlineData("legal, winner, thank, year, wave, sausage, worth, useful, legal, winner, thank, yellow")]
    [InlineData("legal,winner,thank,year,wave,sausage,worth,useful,legal,winner,thank,yellow")]
    [InlineData("legal\r\nwinner\r\nthank\r\nyear\r\nwave\r\nsausage\r\nworth\r\nuseful\r\nlegal\r\nwinner\r\nthank\r\nyellow")]
    [InlineData("\"legal\", \"winner\", \"thank\", \"year\", \"wave\", \"sausage\", \"worth\", \"useful\", \"legal\", \"winner\", \"thank\", \"yellow\"")]
    public void Scan_NumberedOrSeparatedPhrase_FlaggedAndNoWordLeft(string phrase)
    {
        var scan = SecretGuard.Scan($"here it is:\n{phrase}\nplz fix");

        Assert.True(scan.Found);
        Assert.Equal(SecretKinds.RecoveryPhrase, scan.Kinds);
        Assert.Contains(SecretGuard.PhraseMarker, scan.RedactedText, StringComparison.Ordinal);
        foreach (var word in Legal12.Split(' '))
            Assert.DoesNotContain(word, scan.RedactedText, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("abandon", true)] // first word of the list
    [InlineData("zoo", true)] // last word
    [InlineData("ZOO", true)]
    [InlineData("Legal", true)]
    [InlineData("abandonment", false)]
    [InlineData("the", false)]
    [InlineData("ab", false)]
    public void IsBip39Word_EmbeddedList_MatchesCaseInsensitively(string word, bool expected) =>
        Assert.Equal(expected, SecretGuard.IsBip39Word(word));

    [Fact]
    public void Scan_TwentyFiveListWords_FlaggedAsPhrase()
    {
        var scan = SecretGuard.Scan(Abandon24 + " zoo");

        Assert.Equal(SecretKinds.RecoveryPhrase, scan.Kinds);
        Assert.Equal(SecretGuard.PhraseMarker, scan.RedactedText);
    }

    [Theory]
    [InlineData("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about")] // 11 words
    [InlineData("legal winner thank year wave sausage worth useful legal winner thank")]
    [InlineData("legal winner thank year wave sausage and worth useful legal winner thank yellow")] // broken by "and"
    [InlineData("Hello, I sent USDT from Binance to my MetaMask wallet on the BNB Smart Chain network but the balance does not show up. What should I do?")]
    [InlineData("Please help: what network can I use to swap my token? The gas fee is not enough and the bridge shows an error.")]
    [InlineData("I have a seed phrase but I will never share it with anyone, you can trust me on that one.")]
    [InlineData("abandonment abandoned abilities abandon abandon abandon abandon abandon abandon abandon abandon abandon")] // only 9 list words
    [InlineData("абандон abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon")]
    public void Scan_OrdinaryTextOrShortRun_NotFlagged(string text)
    {
        var scan = SecretGuard.Scan(text);

        Assert.False(scan.Found);
        Assert.Equal(SecretKinds.None, scan.Kinds);
        Assert.Same(text, scan.RedactedText);
    }

    [Fact]
    public void Scan_ListWordGluedToCyrillicLetters_BreaksTheRun()
    {
        // "abandonы" is one word in the text and not a list word: 6 + 6 words on either side.
        var text = "abandon abandon abandon abandon abandon abandon abandonы abandon abandon abandon abandon abandon about";

        Assert.False(SecretGuard.Scan(text).Found);
    }

    [Theory]
    [InlineData("my private key is 0x" + KeyHex)]
    [InlineData("My Private Key: 0x" + KeyHex)]
    [InlineData("privkey=0x" + KeyHex)]
    [InlineData("here is the secret key for the wallet\n0x" + KeyHex)]
    [InlineData("мой приватный ключ 0x" + KeyHex)]
    [InlineData("ЗАКРЫТЫЙ КЛЮЧ: 0x" + KeyHex)]
    [InlineData("секретный ключ от кошелька — 0x" + KeyHex)]
    [InlineData("вот ключ 0x" + KeyHex)]
    public void Scan_PrefixedHexAfterKeyMention_FlaggedAsPrivateKey(string text)
    {
        var scan = SecretGuard.Scan(text);

        Assert.True(scan.Found);
        Assert.Equal(SecretKinds.PrivateKey, scan.Kinds);
        Assert.EndsWith(SecretGuard.KeyMarker, scan.RedactedText, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyHex, scan.RedactedText, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("my tx 0x" + KeyHex + " is stuck")]
    [InlineData("https://bscscan.com/tx/0x" + KeyHex)]
    [InlineData("I turned on (включил) BSC and sent 0x" + KeyHex)] // "ключ" inside another word
    [InlineData("monkey business, tx 0x" + KeyHex)] // "key" inside another word
    [InlineData("My private key is safe, I promise. Here is what happened with the swap: 0x" + KeyHex)] // mention too far back
    public void Scan_PrefixedHexWithoutKeyMention_NotFlagged(string text)
    {
        var scan = SecretGuard.Scan(text);

        Assert.False(scan.Found);
        Assert.Same(text, scan.RedactedText);
    }

    [Theory]
    [InlineData(KeyHex)]
    [InlineData("AC0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAF784d7bf4f2ff80")] // mixed case
    [InlineData("1234567890123456789012345678901234567890123456789012345678901234")] // digits only: not a BEP2 hash
    public void Scan_BareHexNotUppercase_FlaggedAsPrivateKey(string hex)
    {
        var scan = SecretGuard.Scan($"import this: {hex} ok?");

        Assert.Equal(SecretKinds.PrivateKey, scan.Kinds);
        Assert.Equal($"import this: {SecretGuard.KeyMarker} ok?", scan.RedactedText);
    }

    [Fact]
    public void Scan_UppercaseBareHex_NotFlaggedAndLeftForTheExtractor()
    {
        var text = "BEP2 tx " + KeyHex.ToUpperInvariant() + " never arrived";

        var scan = SecretGuard.Scan(text);

        Assert.False(scan.Found);
        Assert.Equal([KeyHex.ToUpperInvariant()], EntityExtractor.Extract(scan.RedactedText).Bep2TransactionHashes);
    }

    [Theory]
    [InlineData(KeyHex + "0")] // 65 hex
    [InlineData("0x" + KeyHex + "0")]
    [InlineData("my private key is 0x" + KeyHex + "0")]
    public void Scan_HexOfOtherLength_NotFlagged(string text) => Assert.False(SecretGuard.Scan(text).Found);

    [Fact]
    public void Scan_PhraseAndKeyTogether_BothKindsRedacted()
    {
        var text = $"вот: {Abandon12}\nand my private key 0x{KeyHex}\nand bare {KeyHex}. tx 0x{KeyHex[..63]}1";

        var scan = SecretGuard.Scan(text);

        Assert.Equal(SecretKinds.RecoveryPhrase | SecretKinds.PrivateKey, scan.Kinds);
        Assert.Equal(
            $"вот: {SecretGuard.PhraseMarker}\nand my private key {SecretGuard.KeyMarker}\nand bare {SecretGuard.KeyMarker}. tx 0x{KeyHex[..63]}1",
            scan.RedactedText);
    }

    [Fact]
    public void Scan_RedactedSecrets_StillLeaveEntitiesForExtraction()
    {
        var scan = SecretGuard.Scan($"{Legal12}\nsent to 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");

        var entities = EntityExtractor.Extract(scan.RedactedText);

        Assert.True(scan.Found);
        Assert.Equal([new FoundAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", AddressKind.Evm)], entities.Addresses);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t\r\n")]
    [InlineData("\0\u0001\u0002\u001b[31m\u007f")]
    [InlineData("😀😀 🔑 \ud83d abandon 😀")]
    [InlineData("Привет, мой кошелёк MetaMask не видит BNB после вывода с Binance")]
    public void Scan_TextWithoutSecrets_ReturnsSameInstance(string text)
    {
        var scan = SecretGuard.Scan(text);

        Assert.False(scan.Found);
        Assert.Same(text, scan.RedactedText);
    }

    [Fact]
    public void Scan_Null_ReturnsEmptyText() => Assert.Equal(new SecretScan(false, SecretKinds.None, ""), SecretGuard.Scan(null!));

    [Fact]
    public void Scan_PhraseSeparatedByEmojiAndCyrillicPunctuation_Flagged()
    {
        var text = "фраза: " + string.Join(" 🔥 ", Legal12.Split(' ')) + " — помогите";

        var scan = SecretGuard.Scan(text);

        Assert.Equal(SecretKinds.RecoveryPhrase, scan.Kinds);
        Assert.Equal($"фраза: {SecretGuard.PhraseMarker} — помогите", scan.RedactedText);
    }

    [Fact]
    public void Scan_HundredKilobyteMessage_FindsEverySecret()
    {
        var random = new Random(7);
        var words = new[] { "abandon", "legal", "wallet", "zoo", "bnb", "0x" + KeyHex, KeyHex, "привет", "😀", "1.", "private", "key" };
        var sb = new StringBuilder();
        while (sb.Length < 100_000)
            sb.Append(words[random.Next(words.Length)]).Append(random.Next(3) == 0 ? ", " : " ");
        var text = sb.ToString();

        var scan = SecretGuard.Scan(text);

        Assert.Equal(SecretKinds.RecoveryPhrase | SecretKinds.PrivateKey, scan.Kinds);
        Assert.DoesNotContain(" " + KeyHex, scan.RedactedText, StringComparison.Ordinal); // bare keys are gone
    }

    [Fact]
    public void Scan_HundredKilobytesOfListWords_OneRunRedacted()
    {
        var text = string.Join(' ', Enumerable.Repeat("abandon", 12_500));

        var scan = SecretGuard.Scan(text);

        Assert.Equal(SecretGuard.PhraseMarker, scan.RedactedText);
    }
}
