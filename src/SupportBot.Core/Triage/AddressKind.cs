namespace SupportBot.Core.Triage;

/// <summary>The chain family an address found in a message belongs to.</summary>
public enum AddressKind
{
    /// <summary><c>0x</c> + 40 hex: Ethereum, BNB Smart Chain, opBNB and every other EVM chain.</summary>
    Evm,

    /// <summary>BNB Beacon Chain (BEP2) bech32 address, <c>bnb1…</c> (or testnet <c>tbnb1…</c>).</summary>
    Bep2,

    /// <summary>TRON base58check address, <c>T…</c>.</summary>
    Tron,

    /// <summary>Bitcoin address: legacy <c>1…</c>/<c>3…</c> or segwit/taproot <c>bc1…</c>.</summary>
    Bitcoin,

    /// <summary>Solana address: base58 of a 32-byte public key.</summary>
    Solana,
}

/// <summary>An address found in a message, in its normalised form.</summary>
/// <param name="Value">
/// EVM: EIP-55 checksum form; bech32 (BEP2, <c>bc1</c>): lowercase; base58: as written.
/// </param>
/// <param name="Kind">The chain family.</param>
public sealed record FoundAddress(string Value, AddressKind Kind);
