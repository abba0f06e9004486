using System.Numerics;
using SupportBot.Chain.Tests.Fixtures;
using SupportBot.Core.Content;

namespace SupportBot.Bench.Lookup;

/// <summary>One emulated network: an anvil node and the delay proxy the lookup talks to.</summary>
internal sealed record BenchChain(NetworkDefinition Network, AnvilNode Node, DelayProxy Proxy)
{
    public string Key => Network.Key;

    public long ChainId => Network.ChainId!.Value;
}

/// <summary>
/// One anvil node per active EVM network of the content registry (started in parallel), each behind a
/// <see cref="DelayProxy"/>; native transfers are sent on one of them, straight to anvil (not through its proxy).
/// </summary>
internal sealed class Testbed : IAsyncDisposable
{
    /// <summary>A fresh address with no code: the recipient of every transfer, so the lookup asks eth_getCode of an EOA.</summary>
    public const string Recipient = "0x7e57000000000000000000000000000000000b01";

    private readonly AnvilRpc sender;

    private Testbed(IReadOnlyList<BenchChain> chains, BenchChain home)
    {
        Chains = chains;
        Home = home;
        sender = new AnvilRpc(home.Node.Url);
    }

    public IReadOnlyList<BenchChain> Chains { get; }

    /// <summary>The chain the transactions are sent on.</summary>
    public BenchChain Home { get; }

    public static async Task<Testbed> StartAsync(IReadOnlyList<NetworkDefinition> networks, long homeChainId, CancellationToken cancellationToken)
    {
        var starting = networks.Select(n => AnvilNode.StartAsync(n.ChainId!.Value, cancellationToken: cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starting).ConfigureAwait(false);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        var chains = networks.Zip(starting, (n, t) => new BenchChain(n, t.Result, new DelayProxy(t.Result.Url, TimeSpan.Zero))).ToList();
        return new Testbed(chains, chains.Single(c => c.ChainId == homeChainId));
    }

    /// <summary>Sends 1 wei from anvil's account 0 on the home chain and waits until it is mined; returns its hash.</summary>
    public async Task<string> SendTransferAsync()
    {
        var hash = await sender.SendTransactionAsync(AnvilRpc.Account0, Recipient, BigInteger.One).ConfigureAwait(false);
        _ = await sender.WaitForReceiptAsync(hash).ConfigureAwait(false);
        return hash;
    }

    /// <summary>Deploys a fresh ERC-20 on the home chain (the whole supply to account 0); returns its address.</summary>
    public async Task<string> DeployTokenAsync(string name, string symbol, byte decimals) =>
        (await sender.DeployAsync(TestContracts.StandardToken(name, symbol, decimals, BigInteger.Pow(10, 30))).ConfigureAwait(false)).ContractAddress;

    /// <summary>Sends <paramref name="amount"/> units of a token from account 0 on the home chain, mined; returns the hash.</summary>
    public async Task<string> SendTokenAsync(string token, string to, BigInteger amount)
    {
        var hash = await sender.TransferTokenAsync(token, to, amount).ConfigureAwait(false);
        _ = await sender.WaitForReceiptAsync(hash).ConfigureAwait(false);
        return hash;
    }

    /// <summary>Requests the proxies have forwarded so far, over all chains.</summary>
    public int ForwardedRequests => Chains.Sum(c => c.Proxy.ForwardedCount);

    public async ValueTask DisposeAsync()
    {
        sender.Dispose();
        foreach (var chain in Chains)
        {
            await chain.Proxy.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(Chains.Select(c => c.Node.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
