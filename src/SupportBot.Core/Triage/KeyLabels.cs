namespace SupportBot.Core.Triage;

/// <summary>What the words around a 64-hex value call it.</summary>
internal enum HexLabel
{
    None,
    PrivateKey,

    /// <summary>A transaction id, or another digest ("sha256").</summary>
    Hash,
}

/// <summary>
/// The words people use for a private key and for a transaction id (or another hash), in English, Russian and
/// Russian typed in Latin letters, compared after <see cref="TextNormalizer.Normalize"/> (lower case, Cyrillic
/// transliterated, y→i, doubled letters folded): so "ключ", "klyuch" and "KLJUCH" are one word, and so are
/// "приватник" and "privatnik".
/// </summary>
internal static class KeyLabels
{
    public const string KeyEmoji = "🔑";

    // Whole words: abbreviations that would match too much as prefixes ("key" must not match "keyboard"). Not "пк"
    // (a PC) nor "прив" (hi).
    private static readonly HashSet<string> KeyWords = new(StringComparer.Ordinal)
    {
        Norm("key"), Norm("keys"), Norm("pk"), Norm("pkey"), Norm("priv"), Norm("prv"), Norm("privkey"), Norm("privkeys"),
        Norm("seckey"), KeyEmoji,
    };

    // Word starts: private/privatekey/приватный/приватник/privatnyi, ключ/ключа/klyuch/kluch, secret/секретка.
    private static readonly string[] KeyStems = [Norm("privat"), Norm("ключ"), Norm("kluch"), Norm("secret"), Norm("секрет")];

    private static readonly HashSet<string> HashWords = new(StringComparer.Ordinal)
    {
        Norm("tx"), Norm("txs"), Norm("txn"), Norm("txid"), Norm("txids"), Norm("txhash"), Norm("trx"), Norm("тх"),
        Norm("sha"), Norm("sha256"), Norm("checksum"),
    };

    // hash/hashes, хэш/хеш/хэша, transaction/транзакция/tranzakciya.
    private static readonly string[] HashStems = [Norm("hash"), Norm("хэш"), Norm("transac"), Norm("transak"), Norm("tranzac"), Norm("tranzak")];

    public static HexLabel Of(string word)
    {
        var normalized = TextNormalizer.Normalize(word);
        if (KeyWords.Contains(normalized) || StartsWithAny(normalized, KeyStems))
            return HexLabel.PrivateKey;
        if (HashWords.Contains(normalized) || StartsWithAny(normalized, HashStems))
            return HexLabel.Hash;
        return HexLabel.None;
    }

    private static bool StartsWithAny(string word, string[] stems)
    {
        foreach (var stem in stems)
        {
            if (word.StartsWith(stem, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static string Norm(string word) => TextNormalizer.Normalize(word);
}
