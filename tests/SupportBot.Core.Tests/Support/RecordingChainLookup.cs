using SupportBot.Core.Lookup;

namespace SupportBot.Core.Tests.Support;

/// <summary>A chain lookup that finds nothing anywhere and remembers every value it was asked about.</summary>
internal sealed class RecordingChainLookup : IChainLookup
{
    private readonly List<string> queries = [];

    public IReadOnlyList<string> Queries
    {
        get
        {
            lock (queries)
            {
                return [.. queries];
            }
        }
    }

    public int NetworkCount => 1;

    public Task<TransactionLookup> FindTransactionAsync(string hash, CancellationToken cancellationToken)
    {
        Record(hash);
        return Task.FromResult(new TransactionLookup(hash, [], ["bsc"], []));
    }

    public Task<AddressLookup> FindAddressAsync(string address, string? tokenContract, CancellationToken cancellationToken)
    {
        Record(address);
        return Task.FromResult(new AddressLookup(address, [], []));
    }

    private void Record(string value)
    {
        lock (queries)
        {
            queries.Add(value);
        }
    }
}
