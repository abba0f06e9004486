using System.Numerics;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>
/// Two anvil nodes, chain ids 56 (BSC) and 1 (Ethereum), with the airdrop a scam sends on BSC: a "real" USDT (the
/// test's known USDT, deployed first), fakes that copy it — "Tether USD"/"USDT", Cyrillic "UЅDT", "USD₮" — and an
/// unrelated "Test USD", each transferred to <see cref="Victim"/>. Ethereum stays empty: there every address is unused.
/// </summary>
public sealed class FakeTokenChains : IAsyncLifetime
{
    public const long BscChainId = 56;
    public const long EthereumChainId = 1;

    /// <summary>A fresh wallet that receives the real USDT, the fakes and the unrelated token.</summary>
    public const string Victim = "0x7e570000000000000000000000000000000fa4e1";

    /// <summary>A fresh wallet that receives only the fake "USDT".</summary>
    public const string OnlyFakeHolder = "0x7e570000000000000000000000000000000fa4e2";

    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    public AnvilNode Bsc { get; private set; } = null!;

    public AnvilNode Ethereum { get; private set; } = null!;

    /// <summary>"Tether USD"/"USDT": configured as BSC's known USDT in these tests; 3 USDT to the victim.</summary>
    public TokenTransfer RealUsdt { get; private set; } = null!;

    /// <summary>"Tether USD"/"USDT" again, another contract: 1000 to the victim.</summary>
    public TokenTransfer FakeUsdt { get; private set; } = null!;

    /// <summary>Symbol and name "UЅDT" with a Cyrillic Ѕ: 500 to the victim.</summary>
    public TokenTransfer CyrillicUsdt { get; private set; } = null!;

    /// <summary>"Tether USD"/"USD₮": 250 to the victim.</summary>
    public TokenTransfer TugrikUsdt { get; private set; } = null!;

    /// <summary>"Test USD"/"TUSD", a token nobody copies: 10 to the victim.</summary>
    public TokenTransfer Unrelated { get; private set; } = null!;

    /// <summary>The fake "USDT" sent to <see cref="OnlyFakeHolder"/>.</summary>
    public string FakeOnlyHash { get; private set; } = null!;

    /// <summary>Known tokens for <c>LookupHarness</c>: BSC's USDT is <see cref="RealUsdt"/>.</summary>
    public (string Contract, string Symbol, int Decimals) KnownUsdt => (RealUsdt.Token, "USDT", 18);

    public async Task InitializeAsync()
    {
        if (NpmSetup.UnsupportedPlatform is not null)
        {
            return;
        }

        var starting = new[] { AnvilNode.StartAsync(BscChainId), AnvilNode.StartAsync(EthereumChainId) };
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

        Bsc = starting[0].Result;
        Ethereum = starting[1].Result;
        using var rpc = new AnvilRpc(Bsc.Url);
        RealUsdt = await DeployAndTransferAsync(rpc, "Tether USD", "USDT", Victim, 3 * Ether);
        FakeUsdt = await DeployAndTransferAsync(rpc, "Tether USD", "USDT", Victim, 1000 * Ether);
        CyrillicUsdt = await DeployAndTransferAsync(rpc, "UЅDT", "UЅDT", Victim, 500 * Ether);
        TugrikUsdt = await DeployAndTransferAsync(rpc, "Tether USD", "USD₮", Victim, 250 * Ether);
        Unrelated = await DeployAndTransferAsync(rpc, "Test USD", "TUSD", Victim, 10 * Ether);
        FakeOnlyHash = await rpc.TransferTokenAsync(FakeUsdt.Token, OnlyFakeHolder, 77 * Ether);
        await rpc.WaitForReceiptAsync(FakeOnlyHash);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { Bsc, Ethereum }.Where(n => n is not null))
        {
            await node.DisposeAsync();
        }
    }

    private static async Task<TokenTransfer> DeployAndTransferAsync(AnvilRpc rpc, string name, string symbol, string recipient, BigInteger amount)
    {
        var deployment = await rpc.DeployAsync(TestContracts.StandardToken(name, symbol, 18, 1_000_000 * Ether));
        var hash = await rpc.TransferTokenAsync(deployment.ContractAddress, recipient, amount);
        var receipt = await rpc.WaitForReceiptAsync(hash);
        if (receipt.GetProperty("status").GetString() != "0x1")
        {
            throw new InvalidOperationException($"Setup transfer of {symbol} failed: {receipt}");
        }

        return new TokenTransfer(BscChainId, hash, deployment.ContractAddress, AnvilRpc.Account0, recipient, amount,
            new TokenMetadata(name, symbol, 18), deployment.TxHash);
    }
}
