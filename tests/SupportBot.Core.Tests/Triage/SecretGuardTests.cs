using System.Globalization;
using System.Text;
using SupportBot.Core.Tests.Support;
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
    private const string KeyHexUpper = "AC0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAF784D7BF4F2FF80";

    // The first Bitcoin transaction (block 0's coinbase): Bitcoin and TRON ids are 64 hex without 0x, like keys.
    private const string BitcoinTxid = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";
    private const string BitcoinTxidUpper = "4A5E1E4BAAB89F3A32518A88C31BC87F618F76673E2CC77AB2127B7AFDEDA33B";

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
    [InlineData("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about")] // 11 of 12
    [InlineData("legal winner thank year wave sausage worth useful legal winner thank")]
    [InlineData("legal winner thank year wave sausage and worth useful legal winner thank yellow")] // "and": "add" mistyped
    [InlineData("legal winner thank year wave sausge worth useful legal winner thank yellow")]
    [InlineData("legal winner thank yaer wave sausage worth useful legal winner thank yellow")] // swapped letters
    [InlineData("legal winner thank year wave sausage worth useful legal winner thank yelow")] // the typo at the end
    [InlineData("Legal Winner Thank Year Wave Sausage Worth Useful Legal Winner Thank Yellow")]
    [InlineData("LEGAL WINNER THANK YEAR WAVE SAUSAGE WORTH USEFUL LEGAL WINNER THANK")]
    public void Scan_PhraseWithOneWordMissingOrMistyped_FlaggedAndNoWordLeft(string phrase)
    {
        var scan = SecretGuard.Scan($"support asked for my words:\n{phrase}\nis that ok?");

        Assert.Equal(SecretKinds.RecoveryPhrase, scan.Kinds);
        Assert.Equal($"support asked for my words:\n{SecretGuard.PhraseMarker}\nis that ok?", scan.RedactedText);
    }

    [Theory]
    [InlineData("legal winner thank year wave sausage worth useful legal winner")] // 10 of 12
    [InlineData("legal winner thank year wave sausage worth useful legal winner yelow")] // 10 and a typo: two mistakes
    [InlineData("legal winner thank year wave sausage и worth useful legal winner thank")] // "и" is no typo of a list word
    [InlineData("legal winner thank year wave sausage xylophones worth useful legal winner thank")]
    public void Scan_PhraseWithTwoWordsWrongOrMissing_NotFlagged(string text) => Assert.False(SecretGuard.Scan(text).Found);

    [Theory]
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
    public void Scan_ListWordWithAStrayCyrillicLetter_TakenForATypo()
    {
        // "abandonы": typed on the wrong keyboard layout for one letter; 12 list words and that one.
        var text = "abandon abandon abandon abandon abandon abandon abandonы abandon abandon abandon abandon abandon about";

        Assert.Equal(SecretGuard.PhraseMarker, SecretGuard.Scan(text).RedactedText);
    }

    [Theory]
    [InlineData("{0}, and then I lost everything. What now?", "{0}, and then I lost everything. What now?")]
    [InlineData("/lookup {0}", "/lookup {0}")] // "lookup" is two edits from "loop": not a slip at the edge
    [InlineData("{0} yelow", "{0}")] // one letter off at the edge: a slip, part of the phrase
    public void Scan_WordsNextToAPhrase_KeptUnlessASlipOfAListWord(string text, string redacted) =>
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, redacted, SecretGuard.PhraseMarker),
            SecretGuard.Scan(string.Format(CultureInfo.InvariantCulture, text, Legal12)).RedactedText);

    [Fact]
    public void Scan_BotsOwnTexts_NoFalseAlarm()
    {
        // Hundreds of sentences in English and Russian about phrases, keys, hashes and wallets, none of them a secret.
        var texts = TestContent.Catalog.Texts.ByLanguage.Values.SelectMany(t => t.Values).Select(t => t.Value).ToList();

        Assert.True(texts.Count > 200);
        Assert.All(texts, text => Assert.False(SecretGuard.Scan(text).Found, text));
    }

    [Fact]
    public void Scan_ProseFullOfListWords_NoFalseAlarm()
    {
        // Ordinary support talk where most words are on the BIP-39 list: function words ("the", "to", "is", "I",
        // "my") are not, and break every run long before 11 list words.
        string[] prose =
        [
            "I always wonder about the future of crypto, again and again my wallet shows zero balance after a swap on the bridge.",
            "Please help me, I have a problem: the balance is empty again after I moved all my tokens to a new account.",
            "Just wait, check again later, maybe the network is busy and the token will appear soon, then try to refresh the page.",
            "Can you help me find a simple way to move my funds back from the exchange to my own wallet without a big fee?",
            "I have to admit the whole process is a little confusing, and I am afraid to lose my money, so I will ask my brother first.",
            "Good morning, sorry for the long message, but my account shows the wrong amount since the last update of the app.",
            "First I opened the app, then I tried to buy a coin, then the screen went black and now my balance is zero, what happened?",
            "Say, is it normal that the bridge takes an hour? My friend said it was fast last time, but today nothing has arrived yet.",
            "Thank you so much! Everything works now, the tokens appeared after I added the network. Have a good day and good luck.",
        ];

        foreach (var text in prose)
            Assert.False(SecretGuard.Scan(text).Found, text);
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

    [Theory]
    [InlineData("0x" + KeyHex + " <- that is my private key")]
    [InlineData("0x" + KeyHex + "\n^ this is the private key of my old wallet")]
    [InlineData("0x" + KeyHex + " (privkey from metamask)")]
    [InlineData("0x" + KeyHex + " это мой ключ, помогите")]
    [InlineData("0x" + KeyHex + " — мой приватник")]
    public void Scan_KeyWordAfterTheHex_FlaggedAsPrivateKey(string text)
    {
        var scan = SecretGuard.Scan(text);

        Assert.Equal(SecretKinds.PrivateKey, scan.Kinds);
        Assert.StartsWith(SecretGuard.KeyMarker, scan.RedactedText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pk: 0x" + KeyHex)]
    [InlineData("PK 0x" + KeyHex)]
    [InlineData("priv: 0x" + KeyHex)]
    [InlineData("my pkey 0x" + KeyHex)]
    [InlineData("PRIVATE_KEY=0x" + KeyHex)]
    [InlineData("const privateKey = '0x" + KeyHex + "'")]
    [InlineData("🔑 0x" + KeyHex)]
    [InlineData("приватник 0x" + KeyHex)]
    [InlineData("приватка: 0x" + KeyHex)]
    [InlineData("секретка 0x" + KeyHex)]
    [InlineData("приват ключ 0x" + KeyHex)]
    [InlineData("privatnyi klyuch 0x" + KeyHex)]
    [InlineData("moi kluch 0x" + KeyHex)]
    public void Scan_AbbreviatedOrSlangKeyWord_FlaggedAsPrivateKey(string text) =>
        Assert.Equal(SecretKinds.PrivateKey, SecretGuard.Scan(text).Kinds);

    [Theory]
    [InlineData("PRIVATE KEY 0x" + KeyHexUpper)]
    [InlineData("my key " + KeyHexUpper)]
    [InlineData("ключ 0X" + KeyHexUpper)]
    public void Scan_UppercaseHexWithKeyWord_FlaggedAsPrivateKey(string text) =>
        Assert.Equal(SecretKinds.PrivateKey, SecretGuard.Scan(text).Kinds);

    [Theory]
    [InlineData(" ", 4)]
    [InlineData(" ", 8)]
    [InlineData("-", 8)]
    [InlineData("\n", 32)]
    [InlineData(" - ", 16)]
    [InlineData(":", 2)]
    [InlineData("\u200b", 16)] // zero-width spaces
    public void Scan_KeySplitIntoGroups_FlaggedAndEveryGroupRemoved(string separator, int size)
    {
        var groups = KeyHex.Chunk(size).Select(c => new string(c)).ToList();
        foreach (var key in new[] { string.Join(separator, groups), "0x" + string.Join(separator, groups), string.Join(separator, groups).ToUpperInvariant() })
        {
            var scan = SecretGuard.Scan($"here it is: {key} thanks");

            Assert.Equal(SecretKinds.PrivateKey, scan.Kinds);
            Assert.Equal($"here it is: {SecretGuard.KeyMarker} thanks", scan.RedactedText);
        }
    }

    [Theory]
    [InlineData("1000 2000 3000 4000 5000 6000 7000 8000 9000 1000 2000 3000 4000 5000 6000 7000")] // amounts
    [InlineData("ac0974be c39a17e3 6ba4a6b4 d238ff94")] // half a key: 32 digits
    [InlineData("deadbeef cafebabe deadbeef cafebabe deadbeef cafebabe deadbeef cafebabe")] // no digit at all
    public void Scan_GroupsThatAreNotAKey_NotFlagged(string text) => Assert.False(SecretGuard.Scan(text).Found);

    [Theory]
    [InlineData("txid: " + BitcoinTxid)]
    [InlineData("BTC withdrawal pending, TxID " + BitcoinTxid)]
    [InlineData("TRON transaction hash " + BitcoinTxid + " shows success")]
    [InlineData("хэш транзакции " + BitcoinTxid + ", USDT не пришли")]
    [InlineData("вот хеш: " + BitcoinTxid)]
    [InlineData("https://mempool.space/tx/" + BitcoinTxid)]
    [InlineData("https://tronscan.org/#/transaction/" + BitcoinTxid)]
    [InlineData("BEP2 tx: " + BitcoinTxidUpper)]
    public void Scan_TxidCalledATxid_NotASecret(string text) => Assert.False(SecretGuard.Scan(text).Found);

    [Fact]
    public void Scan_HashAndKeyInOneMessage_EachNamedByTheNearestWord()
    {
        var text = $"tx 0x{BitcoinTxid} failed. pk: 0x{KeyHex}";

        var scan = SecretGuard.Scan(text);

        Assert.Equal($"tx 0x{BitcoinTxid} failed. pk: {SecretGuard.KeyMarker}", scan.RedactedText);
    }

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
