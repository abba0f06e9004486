using System.Numerics;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>A native-coin transfer.</summary>
public sealed record NativeTransfer(long ChainId, string Hash, string From, string To, BigInteger ValueWei);

/// <summary>What a token's metadata calls answer; null where the call reverts.</summary>
public sealed record TokenMetadata(string? Name, string? Symbol, int? Decimals);

/// <summary>A token deployed by account 0 and one <c>transfer</c> of it from account 0 to a fresh recipient.</summary>
public sealed record TokenTransfer(
    long ChainId,
    string Hash,
    string Token,
    string From,
    string Recipient,
    BigInteger Amount,
    TokenMetadata Metadata,
    string DeploymentHash);

/// <summary>A transaction on one chain (failed or pending, see the property that holds it).</summary>
public sealed record ChainTransaction(long ChainId, string Hash);

/// <summary>A contract-creation transaction and the contract it made.</summary>
public sealed record ContractCreation(long ChainId, string Hash, string ContractAddress);

/// <summary>One address that received native coin on several chains: chain id → transaction hash.</summary>
public sealed record AddressActivity(string Address, IReadOnlyDictionary<long, string> TransferHashByChain);

/// <summary>
/// Three anvil nodes, chain ids 56 (BSC), 1 (Ethereum) and 137 (Polygon), started in parallel, with a scenario of
/// transactions for lookup tests. Use as <c>IClassFixture&lt;MultiChainFixture&gt;</c> or through
/// <see cref="MultiChainCollection"/>.
/// <para>
/// Deployments are deterministic: the first contract account 0 deploys on each node is at
/// <c>0x5FbDB2315678afecb367f032d93F642f64180aa3</c>, so <see cref="Usd18"/> (56), <see cref="Usd6"/> (1) and
/// <see cref="Bytes32Symbol"/> (137) share that address — expectations must be keyed on (chain id, address).
/// </para>
/// <para>
/// Chain 137 is left with automine OFF and <see cref="PendingTransaction"/> in its pool: a test that sends on 137
/// must mine explicitly, and mining (or turning automine back on) will include the pending transaction —
/// such tests should start their own node instead.
/// </para>
/// </summary>
public sealed class MultiChainFixture : IAsyncLifetime
{
    public const long BscChainId = 56;
    public const long EthereumChainId = 1;
    public const long PolygonChainId = 137;

    /// <summary>Fresh addresses (no code, no history before the fixture), lower case.</summary>
    public const string NativeRecipient = "0x7e57000000000000000000000000000000000001";
    public const string Usd18Recipient = "0x7e57000000000000000000000000000000000002";
    public const string Usd6Recipient = "0x7e57000000000000000000000000000000000003";
    public const string Bytes32Recipient = "0x7e57000000000000000000000000000000000004";
    public const string NoMetadataRecipient = "0x7e57000000000000000000000000000000000005";
    public const string ZeroDecimalsRecipient = "0x7e57000000000000000000000000000000000006";
    public const string FailedRecipient = "0x7e57000000000000000000000000000000000007";
    public const string PendingRecipient = "0x7e57000000000000000000000000000000000008";
    public const string TwoChainAddress = "0x7e57000000000000000000000000000000000009";
    public const string TokenOnlyRecipient = "0x7e5700000000000000000000000000000000000a";

    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    private readonly Dictionary<long, AnvilNode> nodes = [];
    private readonly Dictionary<long, AnvilRpc> clients = [];

    public IReadOnlyCollection<AnvilNode> Nodes => nodes.Values;

    public AnvilNode Bsc => Node(BscChainId);

    public AnvilNode Ethereum => Node(EthereumChainId);

    public AnvilNode Polygon => Node(PolygonChainId);

    /// <summary>1.5 native coin from account 0 on chain 56 only (the hash is unknown on 1 and 137).</summary>
    public NativeTransfer NativeTransfer { get; private set; } = null!;

    /// <summary>StandardToken "Test USD"/"TUSD", 18 decimals, on 56: 250.5 TUSD to <see cref="Usd18Recipient"/>.</summary>
    public TokenTransfer Usd18 { get; private set; } = null!;

    /// <summary>StandardToken "Six Dollar"/"USX6", 6 decimals, on 1: 1,234.56 USX6 to <see cref="Usd6Recipient"/>.</summary>
    public TokenTransfer Usd6 { get; private set; } = null!;

    /// <summary>
    /// StandardToken "Tether USD"/"USDT", 6 decimals, on 1: 42.000001 USDT to <see cref="TokenOnlyRecipient"/>, which has no
    /// ETH and has sent nothing — an address that holds a token and nothing else.
    /// </summary>
    public TokenTransfer UsdtOnEthereum { get; private set; } = null!;

    /// <summary>Bytes32Token (bytes32 "MKR32"/"Maker Style", 18 decimals) on 137: 42 tokens.</summary>
    public TokenTransfer Bytes32Symbol { get; private set; } = null!;

    /// <summary>NoMetadataToken on 56 (name/symbol/decimals revert): 7 × 10^18 units.</summary>
    public TokenTransfer NoMetadata { get; private set; } = null!;

    /// <summary>OddDecimalsToken ("Zero Decimals"/"ZERO", decimals 0) on 137: 17 units.</summary>
    public TokenTransfer ZeroDecimals { get; private set; } = null!;

    /// <summary>A mined, reverted transaction (receipt status 0x0, no logs) on 137: a Bytes32Token transfer from account 1.</summary>
    public ChainTransaction FailedTransaction { get; private set; } = null!;

    /// <summary>The creation transaction of <see cref="Usd18"/>'s token on 56 (receipt has contractAddress, tx has no to).</summary>
    public ContractCreation ContractCreation { get; private set; } = null!;

    /// <summary>0.25 native coin to <see cref="PendingRecipient"/> on 137, never mined: no receipt, blockNumber null.</summary>
    public ChainTransaction PendingTransaction { get; private set; } = null!;

    /// <summary><see cref="TwoChainAddress"/>: 2 native coin received on 56 and 3 on 1; nothing on 137.</summary>
    public AddressActivity AddressOnTwoChains { get; private set; } = null!;

    public AnvilNode Node(long chainId) =>
        nodes.TryGetValue(chainId, out var node) ? node : throw new ArgumentOutOfRangeException(nameof(chainId), chainId, "No node for this chain.");

    /// <summary>The setup client for one chain (shared; safe to use from tests).</summary>
    public AnvilRpc Rpc(long chainId) =>
        clients.TryGetValue(chainId, out var rpc) ? rpc : throw new ArgumentOutOfRangeException(nameof(chainId), chainId, "No node for this chain.");

    public async Task InitializeAsync()
    {
        if (NpmSetup.UnsupportedPlatform is not null)
        {
            return; // every test that uses these nodes is skipped with the reason
        }

        var starting = new[] { BscChainId, EthereumChainId, PolygonChainId }
            .Select(id => AnvilNode.StartAsync(id))
            .ToArray();
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        foreach (var node in starting.Select(t => t.Result))
        {
            nodes[node.ChainId] = node;
            clients[node.ChainId] = new AnvilRpc(node.Url);
        }

        try
        {
            var bsc = PrepareBscAsync();
            var ethereum = PrepareEthereumAsync();
            await Task.WhenAll(bsc, ethereum, PreparePolygonAsync());
            AddressOnTwoChains = new AddressActivity(TwoChainAddress,
                new Dictionary<long, string> { [BscChainId] = await bsc, [EthereumChainId] = await ethereum });
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var rpc in clients.Values)
        {
            rpc.Dispose();
        }

        await Task.WhenAll(nodes.Values.Select(n => n.DisposeAsync().AsTask()));
        clients.Clear();
        nodes.Clear();
    }

    /// <summary>Returns the hash of the native transfer to <see cref="TwoChainAddress"/>.</summary>
    private async Task<string> PrepareBscAsync()
    {
        var rpc = Rpc(BscChainId);
        Usd18 = await DeployAndTransferAsync(rpc, BscChainId,
            TestContracts.StandardToken("Test USD", "TUSD", 18, 1_000_000 * Ether),
            new TokenMetadata("Test USD", "TUSD", 18), Usd18Recipient, 250 * Ether + Ether / 2);
        ContractCreation = new ContractCreation(BscChainId, Usd18.DeploymentHash, Usd18.Token);

        var value = 3 * Ether / 2;
        var hash = await SendNativeAsync(rpc, NativeRecipient, value);
        NativeTransfer = new NativeTransfer(BscChainId, hash, AnvilRpc.Account0, NativeRecipient, value);

        NoMetadata = await DeployAndTransferAsync(rpc, BscChainId, TestContracts.NoMetadataToken,
            new TokenMetadata(null, null, null), NoMetadataRecipient, 7 * Ether);

        return await SendNativeAsync(rpc, TwoChainAddress, 2 * Ether);
    }

    /// <summary>Returns the hash of the native transfer to <see cref="TwoChainAddress"/>.</summary>
    private async Task<string> PrepareEthereumAsync()
    {
        var rpc = Rpc(EthereumChainId);
        Usd6 = await DeployAndTransferAsync(rpc, EthereumChainId,
            TestContracts.StandardToken("Six Dollar", "USX6", 6, 1_000_000_000_000),
            new TokenMetadata("Six Dollar", "USX6", 6), Usd6Recipient, 1_234_560_000);

        var hash = await SendNativeAsync(rpc, TwoChainAddress, 3 * Ether);
        UsdtOnEthereum = await DeployAndTransferAsync(rpc, EthereumChainId,
            TestContracts.StandardToken("Tether USD", "USDT", 6, 1_000_000_000_000),
            new TokenMetadata("Tether USD", "USDT", 6), TokenOnlyRecipient, 42_000_001);
        return hash;
    }

    private async Task PreparePolygonAsync()
    {
        var rpc = Rpc(PolygonChainId);
        Bytes32Symbol = await DeployAndTransferAsync(rpc, PolygonChainId, TestContracts.Bytes32Token,
            new TokenMetadata("Maker Style", "MKR32", 18), Bytes32Recipient, 42 * Ether);
        ZeroDecimals = await DeployAndTransferAsync(rpc, PolygonChainId, TestContracts.OddDecimalsToken,
            new TokenMetadata("Zero Decimals", "ZERO", 0), ZeroDecimalsRecipient, 17);
        FailedTransaction = new ChainTransaction(PolygonChainId,
            await rpc.SendRevertingTransferAsync(Bytes32Symbol.Token, FailedRecipient, 1));

        // Last on this node: from here on its transactions stay pending.
        await rpc.SetAutomineAsync(false);
        var pending = await rpc.SendTransactionAsync(AnvilRpc.Account0, PendingRecipient, Ether / 4);
        PendingTransaction = new ChainTransaction(PolygonChainId, pending);
    }

    private static async Task<TokenTransfer> DeployAndTransferAsync(AnvilRpc rpc, long chainId, string creationCode,
        TokenMetadata metadata, string recipient, BigInteger amount)
    {
        var deployment = await rpc.DeployAsync(creationCode);
        var hash = await rpc.TransferTokenAsync(deployment.ContractAddress, recipient, amount);
        await RequireSuccessAsync(rpc, hash);
        return new TokenTransfer(chainId, hash, deployment.ContractAddress, AnvilRpc.Account0, recipient, amount, metadata,
            deployment.TxHash);
    }

    private static async Task<string> SendNativeAsync(AnvilRpc rpc, string to, BigInteger value)
    {
        var hash = await rpc.SendTransactionAsync(AnvilRpc.Account0, to, value);
        await RequireSuccessAsync(rpc, hash);
        return hash;
    }

    private static async Task RequireSuccessAsync(AnvilRpc rpc, string hash)
    {
        var receipt = await rpc.WaitForReceiptAsync(hash);
        if (receipt.GetProperty("status").GetString() != "0x1")
        {
            throw new InvalidOperationException($"Setup transaction {hash} at {rpc.Url} failed: {receipt}");
        }
    }
}

/// <summary>Shares one <see cref="MultiChainFixture"/> among all test classes marked <c>[Collection(MultiChainCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class MultiChainCollection : ICollectionFixture<MultiChainFixture>
{
    public const string Name = "Multi-chain anvil nodes";
}
