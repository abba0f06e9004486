using SupportBot.Core.Triage.Encodings;

namespace SupportBot.Core.Triage;

/// <summary>Transaction hashes and addresses found in one message, each list deduplicated, in order of appearance.</summary>
/// <param name="Transactions">EVM transaction hashes (<c>0x</c> + 64 hex), lowercase.</param>
/// <param name="Addresses">Addresses whose format and checksum are valid, normalised (see <see cref="FoundAddress"/>).</param>
/// <param name="InvalidChecksumAddresses">
/// Mixed-case <c>0x</c> + 40 hex whose EIP-55 checksum fails (a typo or a tampered copy), as written.
/// </param>
/// <param name="Bep2TransactionHashes">BNB Beacon Chain transaction hashes: 64 uppercase hex without <c>0x</c>.</param>
public sealed record ExtractedEntities(
    IReadOnlyList<string> Transactions,
    IReadOnlyList<FoundAddress> Addresses,
    IReadOnlyList<string> InvalidChecksumAddresses,
    IReadOnlyList<string> Bep2TransactionHashes)
{
    /// <summary>Nothing found.</summary>
    public static ExtractedEntities Empty { get; } = new([], [], [], []);

    /// <summary>True when no list has an entry.</summary>
    public bool IsEmpty =>
        Transactions.Count == 0 && Addresses.Count == 0 && InvalidChecksumAddresses.Count == 0 && Bep2TransactionHashes.Count == 0;
}

/// <summary>
/// Finds transaction hashes and addresses of the chains the bot deals with in free text. A candidate is a whole
/// token: a maximal run of ASCII letters and digits, so <c>…/tx/0xabc…</c> in a URL is found, while 65 hex digits
/// after <c>0x</c> are not a hash. Whatever <see cref="SecretGuard"/> takes for a secret is never an entity: a private
/// key written as <c>0x</c> + 64 hex is not a transaction hash to look up.
/// </summary>
public static class EntityExtractor
{
    // Shortest candidate: a bc1 address with a 2-byte witness program (14 chars); longest: a bech32 string (90).
    private const int MinToken = 14;
    private const int MaxToken = 90;

    /// <summary>Extracts entities from <paramref name="text"/>; never throws, returns <see cref="ExtractedEntities.Empty"/> when nothing is found.</summary>
    public static ExtractedEntities Extract(string text) => ExtractRedacted(SecretGuard.Scan(text).RedactedText);

    /// <summary>Extracts entities from text <see cref="SecretGuard"/> has already redacted.</summary>
    internal static ExtractedEntities ExtractRedacted(string text)
    {
        if (string.IsNullOrEmpty(text))
            return ExtractedEntities.Empty;

        Collector? found = null;
        foreach (var (start, end) in WordRuns.Of(text, char.IsAsciiLetterOrDigit))
        {
            if (end - start is >= MinToken and <= MaxToken)
                Classify(text.AsSpan(start, end - start), ref found);
        }
        return found?.ToResult() ?? ExtractedEntities.Empty;
    }

    private static void Classify(ReadOnlySpan<char> token, ref Collector? found)
    {
        if (token.Length is 42 or 66 && token[0] == '0' && (token[1] | 0x20) == 'x')
        {
            ClassifyHex(token, ref found);
            return;
        }
        if (token.Length == 64 && Hex.IsHex(token))
        {
            // Beacon Chain explorers print hashes uppercase; lowercase 64 hex is a Bitcoin or TRON id: nothing to look up.
            if (Hex.HasUpper(token) && !Hex.HasLower(token))
                (found ??= new()).Bep2Hash(token.ToString());
            return;
        }
        if (TryBech32Address(token, out var bech32))
        {
            (found ??= new()).Address(bech32);
            return;
        }
        if (TryBase58Address(token, out var base58))
            (found ??= new()).Address(base58);
    }

    private static void ClassifyHex(ReadOnlySpan<char> token, ref Collector? found)
    {
        var hex = token[2..];
        if (!Hex.IsHex(hex))
            return;
        if (hex.Length == 64)
        {
            (found ??= new()).Transaction("0x" + hex.ToString().ToLowerInvariant());
            return;
        }
        var original = token.ToString();
        if (Eip55.IsValid(original))
            (found ??= new()).Address(new FoundAddress(Eip55.ToChecksumAddress(original), AddressKind.Evm));
        else
            (found ??= new()).InvalidChecksum(original);
    }

    private static bool TryBech32Address(ReadOnlySpan<char> token, out FoundAddress address)
    {
        address = null!;
        if (token.StartsWith("bc1", StringComparison.OrdinalIgnoreCase))
        {
            if (!Bech32.TryDecodeSegwit("bc", token, out _, out _))
                return false;
            address = new FoundAddress(token.ToString().ToLowerInvariant(), AddressKind.Bitcoin);
            return true;
        }
        if (token.StartsWith("bnb1", StringComparison.OrdinalIgnoreCase) || token.StartsWith("tbnb1", StringComparison.OrdinalIgnoreCase))
        {
            // Beacon Chain addresses are bech32 (not bech32m) of a 20-byte account hash.
            if (!Bech32.TryDecode(token, out var hrp, out var data, out var variant)
                || hrp is not ("bnb" or "tbnb")
                || variant != Bech32Variant.Bech32
                || Bech32.ConvertBits(data, 5, 8, pad: false) is not { Length: 20 })
            {
                return false;
            }
            address = new FoundAddress(token.ToString().ToLowerInvariant(), AddressKind.Bep2);
            return true;
        }
        return false;
    }

    private static bool TryBase58Address(ReadOnlySpan<char> token, out FoundAddress address)
    {
        address = null!;
        if (token.Length > 44 || !Base58.IsBase58(token))
            return false;

        // TRON and legacy Bitcoin: 1 version byte + 20-byte hash, base58check.
        var first = token[0];
        if (first == 'T' && token.Length == 34
            && Base58.TryDecodeCheck(token, out var tron) && tron is [0x41, ..] && tron.Length == 21)
        {
            address = new FoundAddress(token.ToString(), AddressKind.Tron);
            return true;
        }
        if (first is '1' or '3' && token.Length is >= 26 and <= 35
            && Base58.TryDecodeCheck(token, out var btc) && btc.Length == 21 && btc[0] == (first == '1' ? 0x00 : 0x05))
        {
            address = new FoundAddress(token.ToString(), AddressKind.Bitcoin);
            return true;
        }

        // Solana: a bare 32-byte public key. Requiring a digit and both letter cases keeps long words out.
        if (token.Length >= 32
            && token.ContainsAnyInRange('0', '9') && token.ContainsAnyInRange('a', 'z') && token.ContainsAnyInRange('A', 'Z')
            && Base58.TryDecode(token, out var key) && key.Length == 32)
        {
            address = new FoundAddress(token.ToString(), AddressKind.Solana);
            return true;
        }
        return false;
    }

    // Lists are allocated on first use: most messages contain no entity at all.
    private sealed class Collector
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal); // keys are normalised values
        private List<string>? _transactions;
        private List<FoundAddress>? _addresses;
        private List<string>? _invalid;
        private List<string>? _bep2Hashes;

        public void Transaction(string hash) => Add(ref _transactions, hash, hash);

        public void Address(FoundAddress address) => Add(ref _addresses, address.Value, address);

        // Keyed apart from valid addresses; one entry per address however its case was mangled.
        public void InvalidChecksum(string address) => Add(ref _invalid, "!" + address.ToLowerInvariant(), address);

        public void Bep2Hash(string hash) => Add(ref _bep2Hashes, hash, hash);

        public ExtractedEntities ToResult() => new(
            _transactions ?? [], _addresses ?? [], _invalid ?? [], _bep2Hashes ?? []);

        private void Add<T>(ref List<T>? list, string key, T item)
        {
            if (_seen.Add(key))
                (list ??= []).Add(item);
        }
    }
}
