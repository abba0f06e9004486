using System.Numerics;
using SupportBot.Core.Lookup;

namespace SupportBot.Core.Tests.Support;

/// <summary>A chain lookup that answers from a table: each hash is found on the network the test says, or nowhere.</summary>
internal sealed class FakeChainLookup : IChainLookup
{
    private readonly Dictionary<string, FoundTransaction> transactions = new(StringComparer.OrdinalIgnoreCase);

    public int NetworkCount { get; init; } = 3;

    public List<string> Asked { get; } = [];

    /// <summary>Makes <paramref name="hash"/> a successful transfer on <paramref name="network"/>, optionally of a token.</summary>
    public FakeChainLookup Transfer(string hash, string network, string to, TokenTransfer? token = null)
    {
        transactions[hash] = new FoundTransaction
        {
            Network = network,
            Status = TransactionStatus.Success,
            Block = 1000,
            Confirmations = 12,
            From = "0x1111111111111111111111111111111111111111",
            To = token?.Contract ?? to,
            Value = BigInteger.Zero,
            ValueText = "0",
            TokenTransfers = token is null ? [] : [token with { To = to }],
        };
        return this;
    }

    private static readonly string[] Networks = ["bsc", "ethereum", "polygon"];

    public Task<TransactionLookup> FindTransactionAsync(string hash, CancellationToken cancellationToken)
    {
        Asked.Add(hash);
        return Task.FromResult(transactions.TryGetValue(hash, out var found)
            ? new TransactionLookup(hash, [found], [.. Networks.Where(n => n != found.Network)], [])
            : new TransactionLookup(hash, [], Networks, []));
    }

    public Task<AddressLookup> FindAddressAsync(string address, string? tokenContract, CancellationToken cancellationToken) =>
        Task.FromResult(new AddressLookup(address, [], []));

    public static TokenTransfer Usdt(string contract = "0x55d398326f99059ff775485246999027b3197955") => new()
    {
        Contract = contract,
        Symbol = "USDT",
        Decimals = 18,
        From = "0x1111111111111111111111111111111111111111",
        To = "0x0000000000000000000000000000000000000000",
        RawAmount = 100,
        AmountText = "100",
    };
}
