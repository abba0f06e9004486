using System.Numerics;
using SupportBot.Core.Scams;

namespace SupportBot.Core.Lookup;

/// <summary>
/// "Where are my funds?": looks a transaction hash or an address up on every configured network at once.
/// "Not found" and "could not check" are different answers: unreachable networks are listed as such.
/// </summary>
public interface IChainLookup
{
    /// <summary>How many networks a lookup asks.</summary>
    int NetworkCount { get; }

    /// <summary>Looks up an EVM transaction hash (<c>0x</c> + 64 hex) on every network.</summary>
    Task<TransactionLookup> FindTransactionAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Looks up an EVM address on every network; with <paramref name="tokenContract"/>, also that token's balance.</summary>
    Task<AddressLookup> FindAddressAsync(string address, string? tokenContract, CancellationToken cancellationToken);
}

/// <summary>A network that could not be checked, and why (timeout, refused, error answer…).</summary>
public sealed record NetworkFailure(string Network, string Reason);

/// <summary>The answer for one transaction hash across networks.</summary>
public sealed record TransactionLookup(
    string Hash,
    IReadOnlyList<FoundTransaction> Found,
    IReadOnlyList<string> NotFoundOn,
    IReadOnlyList<NetworkFailure> Unreachable);

public enum TransactionStatus
{
    Pending,
    Success,
    Failed,
}

/// <summary>The transaction as one network has it.</summary>
public sealed record FoundTransaction
{
    public required string Network { get; init; }

    public required TransactionStatus Status { get; init; }

    /// <summary>Null while pending.</summary>
    public long? Block { get; init; }

    public long? Confirmations { get; init; }

    public required string From { get; init; }

    /// <summary>Null for a contract creation.</summary>
    public string? To { get; init; }

    public bool ToIsContract { get; init; }

    /// <summary>The address of the contract this transaction created, if it did.</summary>
    public string? CreatedContract { get; init; }

    /// <summary>Native value in the smallest unit (wei).</summary>
    public BigInteger Value { get; init; }

    /// <summary>Native value for people: "0.5 BNB".</summary>
    public required string ValueText { get; init; }

    public IReadOnlyList<TokenTransfer> TokenTransfers { get; init; } = [];

    public string? ExplorerUrl { get; init; }
}

/// <summary>A decoded ERC-20 <c>Transfer</c> event. Metadata fields are null when the token does not provide them.</summary>
public sealed record TokenTransfer
{
    public required string Contract { get; init; }

    public string? Symbol { get; init; }

    public string? Name { get; init; }

    public int? Decimals { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public BigInteger RawAmount { get; init; }

    /// <summary>The amount scaled by decimals ("12.5"), or the raw integer when decimals are unknown.</summary>
    public required string AmountText { get; init; }

    public string? ExplorerUrl { get; init; }

    /// <summary>Set when the token copies a well-known token's symbol or name from another contract: a fake.</summary>
    public ImitatedToken? Imitates { get; init; }
}

/// <summary>The answer for one address across networks.</summary>
public sealed record AddressLookup(
    string Address,
    IReadOnlyList<AddressOnNetwork> Networks,
    IReadOnlyList<NetworkFailure> Unreachable);

/// <summary>What one network knows about an address.</summary>
public sealed record AddressOnNetwork
{
    public required string Network { get; init; }

    public bool IsContract { get; init; }

    public BigInteger Balance { get; init; }

    public required string BalanceText { get; init; }

    public long TransactionCount { get; init; }

    /// <summary>Set when a token contract was asked about.</summary>
    public TokenBalance? Token { get; init; }

    /// <summary>
    /// Tokens the address holds here (balance above zero): the network's known tokens, and any other token that sent
    /// to the address within the recent block window. Known tokens first.
    /// </summary>
    public IReadOnlyList<TokenBalance> Tokens { get; init; } = [];

    /// <summary>Incoming token transfers (of a non-zero amount) found within the recent block window.</summary>
    public int RecentIncomingTransfers { get; init; }

    /// <summary>
    /// False when the recent transfers could not be read in full (the endpoint refused or limited <c>eth_getLogs</c>):
    /// tokens outside the known list may then be missing from <see cref="Tokens"/>.
    /// </summary>
    public bool TransfersChecked { get; init; } = true;

    public string? ExplorerUrl { get; init; }

    /// <summary>
    /// Set when the address is a contract: the well-known token it is, or what it says of itself as a token (all
    /// fields null when it answers no ERC-20 metadata call: a contract that is no token). Null for a wallet, and for a
    /// contract whose metadata could not be read.
    /// </summary>
    public ContractToken? ContractToken { get; init; }

    /// <summary>True when the address has any trace here: a balance (native or token), a transaction, a received token, or code.</summary>
    public bool HasActivity => IsContract || Balance > 0 || TransactionCount > 0 || Token is { RawAmount.IsZero: false }
                               || Tokens.Any(t => !t.RawAmount.IsZero) || RecentIncomingTransfers > 0;
}

/// <summary>A token balance; metadata fields are null when the token does not provide them.</summary>
public sealed record TokenBalance(string Contract, string? Symbol, int? Decimals, BigInteger RawAmount, string AmountText)
{
    public string? Name { get; init; }

    /// <summary>True for a token from the network's known list; false for one found only through its transfers (could be a look-alike).</summary>
    public bool Listed { get; init; }

    public string? ExplorerUrl { get; init; }

    /// <summary>Set when the token copies a well-known token's symbol or name from another contract: a fake.</summary>
    public ImitatedToken? Imitates { get; init; }
}

/// <summary>What a contract is as an ERC-20 token: its metadata (null where it does not answer) and whether it is known or a fake.</summary>
public sealed record ContractToken(string Contract, string? Symbol, string? Name, int? Decimals)
{
    /// <summary>True for a token on the network's known list.</summary>
    public bool Listed { get; init; }

    /// <summary>Set when the contract copies a well-known token's symbol or name: a fake.</summary>
    public ImitatedToken? Imitates { get; init; }

    public string? ExplorerUrl { get; init; }

    /// <summary>False for a contract that answers none of symbol, name and decimals: not a token.</summary>
    public bool IsToken => Listed || Symbol is not null || Name is not null || Decimals is not null;
}
