using System.Globalization;
using SupportBot.Chain.Tests.Fixtures;

namespace SupportBot.Chain.Tests.Lookup;

/// <summary>
/// Addresses show their tokens (known ones read in the first batch, others found through recent Transfer logs), and
/// the common case is one request per network. Real anvil nodes, behind a proxy that counts requests and can play a
/// provider's limits.
/// </summary>
[Collection(MultiChainCollection.Name)]
public sealed class TokenLookupTests(MultiChainFixture chains)
{
    private (string Contract, string Symbol, int Decimals) Usdt => (chains.UsdtOnEthereum.Token, "USDT", 6);

    /// <summary>A harness on one network behind <paramref name="proxy"/>, heads read and chain id checked as at start-up.</summary>
    private static async Task<LookupHarness> StartedAsync(string network, ScriptedRpcProxy proxy, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var harness = new LookupHarness(new Dictionary<string, Uri[]> { [network] = [proxy.Url] }, settings: settings);
        await harness.Verifier.VerifyAsync(CancellationToken.None);
        return harness;
    }

    [RealNodeFact]
    public async Task FindAddress_HoldsOnlyAKnownToken_ReportedWithActivityInOneRequest()
    {
        await using var ethereum = new ScriptedRpcProxy(chains.Ethereum.Url, _ => null);
        using var harness = await StartedAsync("ethereum", ethereum, LookupHarness.KnownTokens("ethereum", Usdt));
        var before = ethereum.RequestCount;

        var result = await harness.Lookup.FindAddressAsync(MultiChainFixture.TokenOnlyRecipient, null, CancellationToken.None);

        var network = Assert.Single(result.Networks);
        var token = Assert.Single(network.Tokens);
        Assert.Equal(("USDT", "42.000001", true), (token.Symbol, token.AmountText, token.Listed));
        Assert.Equal(chains.UsdtOnEthereum.Token, token.Contract); // as the list spells it
        Assert.True(network.Balance.IsZero);
        Assert.Equal(0, network.TransactionCount);
        Assert.True(network.HasActivity, "a token balance is activity");
        Assert.Equal(1, network.RecentIncomingTransfers);
        Assert.True(network.TransfersChecked);
        Assert.Equal(1, ethereum.RequestCount - before);
    }

    [RealNodeFact]
    public async Task FindAddress_TokenNotOnTheList_FoundThroughItsTransferInASecondRequest()
    {
        await using var ethereum = new ScriptedRpcProxy(chains.Ethereum.Url, _ => null);
        using var harness = await StartedAsync("ethereum", ethereum, LookupHarness.KnownTokens("ethereum", Usdt));
        var before = ethereum.RequestCount;

        var result = await harness.Lookup.FindAddressAsync(MultiChainFixture.Usd6Recipient, null, CancellationToken.None);

        var token = Assert.Single(Assert.Single(result.Networks).Tokens);
        Assert.Equal(("USX6", "Six Dollar", 6, false), (token.Symbol, token.Name, token.Decimals, token.Listed));
        Assert.Equal(Units(chains.Usd6.Amount, 6), token.AmountText);
        Assert.Equal(2, ethereum.RequestCount - before);
    }

    [RealNodeFact]
    public async Task FindAddress_NoHeadCachedYet_StillFindsUnlistedToken()
    {
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["ethereum"] = [chains.Ethereum.Url] });

        var result = await harness.Lookup.FindAddressAsync(MultiChainFixture.Usd6Recipient, null, CancellationToken.None);

        Assert.Equal("USX6", Assert.Single(Assert.Single(result.Networks).Tokens).Symbol);
    }

    [RealNodeFact]
    public async Task FindAddress_ProviderLimitsLogRanges_SplitsToItsLimitAndFindsTheToken()
    {
        // As BSC's public endpoints answer, but with the rate-limit code some providers use for it.
        await using var ethereum = new ScriptedRpcProxy(chains.Ethereum.Url, call =>
            call.Method == "eth_getLogs" && LogRange(call) is not (>= 1 and <= 3) ? RpcReply.Error(-32005, "exceed maximum block range: 3") : null);
        using var harness = await StartedAsync("ethereum", ethereum, LookupHarness.KnownTokens("ethereum", Usdt));

        var network = Assert.Single((await harness.Lookup.FindAddressAsync(MultiChainFixture.Usd6Recipient, null, CancellationToken.None)).Networks);

        Assert.Equal("USX6", Assert.Single(network.Tokens).Symbol);
        Assert.True(network.TransfersChecked);
        var asked = ethereum.Calls.Where(c => c.Method == "eth_getLogs").Select(LogRange).ToList();
        Assert.Null(asked[0]); // the first batch asks up to "latest" from the cached head
        Assert.All(asked.Skip(1), size => Assert.InRange(size!.Value, 1, 3));
    }

    [RealNodeFact]
    public async Task FindAddress_LogsUnavailable_KnownTokensStillShownAndSearchReportedIncomplete()
    {
        await using var ethereum = new ScriptedRpcProxy(chains.Ethereum.Url, call =>
            call.Method == "eth_getLogs" ? RpcReply.Error(-32601, "the method eth_getLogs does not exist/is not available") : null);
        using var harness = await StartedAsync("ethereum", ethereum, LookupHarness.KnownTokens("ethereum", Usdt));

        var result = await harness.Lookup.FindAddressAsync(MultiChainFixture.TokenOnlyRecipient, null, CancellationToken.None);

        Assert.Empty(result.Unreachable);
        var network = Assert.Single(result.Networks);
        Assert.Equal("42.000001", Assert.Single(network.Tokens).AmountText);
        Assert.False(network.TransfersChecked);
    }

    [RealNodeFact]
    public async Task FindAddress_KnownTokenBalanceRateLimited_FailsOverNeverReportsItEmpty()
    {
        await using var limited = new ScriptedRpcProxy(chains.Ethereum.Url, call =>
            call.CallData?.StartsWith(Abi.BalanceOfSelector, StringComparison.Ordinal) == true ? RpcReply.Error(429, "Too Many Requests") : null);
        using var both = new LookupHarness(new Dictionary<string, Uri[]> { ["ethereum"] = [limited.Url, chains.Ethereum.Url] },
            settings: LookupHarness.KnownTokens("ethereum", Usdt));
        using var alone = new LookupHarness(new Dictionary<string, Uri[]> { ["ethereum"] = [limited.Url] },
            settings: LookupHarness.KnownTokens("ethereum", Usdt));

        var failedOver = await both.Lookup.FindAddressAsync(MultiChainFixture.TokenOnlyRecipient, null, CancellationToken.None);
        var onlyLimited = await alone.Lookup.FindAddressAsync(MultiChainFixture.TokenOnlyRecipient, null, CancellationToken.None);

        Assert.Equal("42.000001", Assert.Single(Assert.Single(failedOver.Networks).Tokens).AmountText);
        Assert.Empty(onlyLimited.Networks);
        Assert.Contains("Too Many Requests", Assert.Single(onlyLimited.Unreachable).Reason, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task FindTransaction_KnownToken_OneRequest()
    {
        await using var ethereum = new ScriptedRpcProxy(chains.Ethereum.Url, _ => null);
        using var harness = await StartedAsync("ethereum", ethereum, LookupHarness.KnownTokens("ethereum", Usdt));
        var before = ethereum.RequestCount;

        var found = Assert.Single((await harness.Lookup.FindTransactionAsync(chains.UsdtOnEthereum.Hash, CancellationToken.None)).Found);

        Assert.True(found.ToIsContract);
        var transfer = Assert.Single(found.TokenTransfers);
        Assert.Equal(("USDT", "42.000001"), (transfer.Symbol, transfer.AmountText));
        Assert.Equal(1, ethereum.RequestCount - before);
    }

    [RealNodeFact]
    public async Task FindTransaction_NativeTransfer_OneRequestWithoutAskingForCode()
    {
        await using var bsc = new ScriptedRpcProxy(chains.Bsc.Url, _ => null);
        using var harness = await StartedAsync("bsc", bsc);
        var before = bsc.RequestCount;

        var found = Assert.Single((await harness.Lookup.FindTransactionAsync(chains.NativeTransfer.Hash, CancellationToken.None)).Found);

        Assert.False(found.ToIsContract);
        Assert.Equal(1, bsc.RequestCount - before);
        Assert.DoesNotContain(bsc.Calls, c => c.Method == "eth_getCode");
    }

    [RealNodeFact]
    public async Task FindTransaction_UnknownToken_MetadataReadOnceThenCached()
    {
        await using var bsc = new ScriptedRpcProxy(chains.Bsc.Url, _ => null);
        using var harness = await StartedAsync("bsc", bsc);
        var another = await chains.Rpc(MultiChainFixture.BscChainId).TransferTokenAsync(chains.Usd18.Token, "0x7e5700000000000000000000000000000000000b", 5);
        await chains.Rpc(MultiChainFixture.BscChainId).WaitForReceiptAsync(another);

        var first = bsc.RequestCount;
        var found = Assert.Single((await harness.Lookup.FindTransactionAsync(chains.Usd18.Hash, CancellationToken.None)).Found);
        var second = bsc.RequestCount;
        var again = Assert.Single((await harness.Lookup.FindTransactionAsync(another, CancellationToken.None)).Found);

        Assert.Equal(2, second - first);
        Assert.Equal(1, bsc.RequestCount - second);
        Assert.Equal("TUSD", Assert.Single(found.TokenTransfers).Symbol);
        Assert.Equal(("TUSD", "0.000000000000000005"), (Assert.Single(again.TokenTransfers).Symbol, again.TokenTransfers[0].AmountText));
    }

    [RealNodeFact]
    public async Task FindTransaction_MetadataRateLimitedOnFirstEndpoint_ReadFromTheNext()
    {
        await using var limited = new ScriptedRpcProxy(chains.Bsc.Url, call =>
            call.CallData == Abi.SymbolSelector ? RpcReply.Error(-32005, "limit exceeded") : null);
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["bsc"] = [limited.Url, chains.Bsc.Url] });

        var transfer = Assert.Single(Assert.Single((await harness.Lookup.FindTransactionAsync(chains.Usd18.Hash, CancellationToken.None)).Found).TokenTransfers);

        Assert.Equal(("TUSD", "Test USD", 18, "250.5"), (transfer.Symbol, transfer.Name, transfer.Decimals, transfer.AmountText));
        Assert.Contains(limited.Calls, c => c.CallData == Abi.SymbolSelector);
    }

    [RealNodeFact]
    public async Task FindTransaction_MetadataRateLimitedEverywhere_NothingEmptyCachedAskedAgainLater()
    {
        await using var limited = new ScriptedRpcProxy(chains.Bsc.Url, call =>
            call.CallData == Abi.DecimalsSelector ? RpcReply.Error(-32005, "limit exceeded") : null);
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["bsc"] = [limited.Url] });

        var spoiled = Assert.Single(Assert.Single((await harness.Lookup.FindTransactionAsync(chains.Usd18.Hash, CancellationToken.None)).Found).TokenTransfers);
        limited.Script = _ => null;
        var later = Assert.Single(Assert.Single((await harness.Lookup.FindTransactionAsync(chains.Usd18.Hash, CancellationToken.None)).Found).TokenTransfers);

        Assert.Equal((null, null), (spoiled.Symbol, spoiled.Decimals)); // unknown, not "a token without a name"
        Assert.Equal(chains.Usd18.Amount.ToString(CultureInfo.InvariantCulture), spoiled.AmountText);
        Assert.Equal(("TUSD", 18, "250.5"), (later.Symbol, later.Decimals, later.AmountText));
    }

    /// <summary>Blocks an eth_getLogs call spans, or null when it runs to "latest".</summary>
    private static long? LogRange(RpcCall call)
    {
        var filter = call.Params[0]!;
        var to = filter["toBlock"]!.GetValue<string>();
        return to == "latest" ? null : Quantity(to) - Quantity(filter["fromBlock"]!.GetValue<string>()) + 1;
    }

    private static long Quantity(string hex) => long.Parse(hex.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static string Units(System.Numerics.BigInteger raw, int decimals) => SupportBot.Chain.Evm.Units.Format(raw, decimals);
}
