using SupportBot.Core.Triage;

namespace SupportBot.Core.Lookup;

/// <summary>What a piece of text asks the lookup for — or why it can't be looked up.</summary>
public sealed record LookupQuery(LookupQueryKind Kind, string? Value)
{
    /// <summary>The text key explaining a query that can't be looked up (null for lookups and non-EVM addresses).</summary>
    public string? ProblemTextKey => Kind switch
    {
        LookupQueryKind.WrongLength => "lookup.input.wrong-length",
        LookupQueryKind.NotHex => "lookup.input.not-hex",
        LookupQueryKind.Bep2Hash => "lookup.input.bep2-hash",
        LookupQueryKind.Bep2Address => "common.detected.bep2",
        LookupQueryKind.InvalidChecksum => "common.detected.invalid-checksum",
        LookupQueryKind.Tron => "common.detected.non-evm-tron",
        LookupQueryKind.Bitcoin => "common.detected.non-evm-bitcoin",
        LookupQueryKind.Solana => "common.detected.non-evm-solana",
        LookupQueryKind.Nothing => "lookup.input.nothing",
        LookupQueryKind.PrivateKey => "common.secret.private-key",
        LookupQueryKind.RecoveryPhrase => "common.secret.recovery-phrase",
        _ => null,
    };

    /// <summary>Reads the first hash or address in <paramref name="text"/>, or says what is wrong with it.</summary>
    public static LookupQuery Parse(string text)
    {
        // A key pasted where a hash was asked for is a leak to warn about, never a query for a public node.
        var scan = SecretGuard.Scan(text);
        if (scan.Found)
        {
            return new(scan.Kinds.HasFlag(SecretKinds.RecoveryPhrase) ? LookupQueryKind.RecoveryPhrase : LookupQueryKind.PrivateKey, null);
        }

        var entities = EntityExtractor.ExtractRedacted(text);
        if (entities.Transactions.Count > 0)
        {
            return new(LookupQueryKind.Transaction, entities.Transactions[0]);
        }

        if (entities.Addresses.FirstOrDefault() is { } address)
        {
            return new(address.Kind switch
            {
                AddressKind.Evm => LookupQueryKind.Address,
                AddressKind.Bep2 => LookupQueryKind.Bep2Address,
                AddressKind.Tron => LookupQueryKind.Tron,
                AddressKind.Bitcoin => LookupQueryKind.Bitcoin,
                _ => LookupQueryKind.Solana,
            }, address.Value);
        }

        if (entities.InvalidChecksumAddresses.Count > 0)
        {
            return new(LookupQueryKind.InvalidChecksum, entities.InvalidChecksumAddresses[0]);
        }

        if (entities.Bep2TransactionHashes.Count > 0)
        {
            return new(LookupQueryKind.Bep2Hash, entities.Bep2TransactionHashes[0]);
        }

        return FindMalformed(text) ?? new(LookupQueryKind.Nothing, null);
    }

    /// <summary>A <c>0x…</c> token that is meant as a hash or address but is cut short, too long or not hex.</summary>
    public static LookupQuery? FindMalformed(string text)
    {
        var at = text.IndexOf("0x", StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            var end = at + 2;
            while (end < text.Length && char.IsAsciiLetterOrDigit(text[end]))
            {
                end++;
            }

            var body = text.AsSpan(at + 2, end - at - 2);
            var startsWord = at == 0 || !char.IsAsciiLetterOrDigit(text[at - 1]);
            if (startsWord && body.Length >= 8)
            {
                var token = text[at..end];
                return !body.ContainsAnyExcept("0123456789abcdefABCDEF") && body.Length is not (40 or 64)
                    ? new(LookupQueryKind.WrongLength, token)
                    : body.ContainsAnyExcept("0123456789abcdefABCDEF") ? new(LookupQueryKind.NotHex, token) : null;
            }

            at = text.IndexOf("0x", end, StringComparison.OrdinalIgnoreCase);
        }

        return null;
    }
}

public enum LookupQueryKind
{
    Transaction,
    Address,
    Bep2Address,
    Bep2Hash,
    InvalidChecksum,
    Tron,
    Bitcoin,
    Solana,
    WrongLength,
    NotHex,
    Nothing,
    PrivateKey,
    RecoveryPhrase,
}
