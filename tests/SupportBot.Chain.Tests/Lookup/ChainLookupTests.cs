using System.Diagnostics;
using SupportBot.Chain.Tests.Fixtures;
using SupportBot.Core.Lookup;

namespace SupportBot.Chain.Tests.Lookup;

/// <summary>The lookup against real EVM nodes (anvil, chain ids 56, 1 and 137), and against endpoints that fail.</summary>
[Collection(MultiChainCollection.Name)]
public sealed class ChainLookupTests(MultiChainFixture chains)
{
    private LookupHarness Harness(TimeSpan? deadline = null) => new(new Dictionary<string, Uri[]>
    {
        ["bsc"] = [chains.Bsc.Url],
        ["ethereum"] = [chains.Ethereum.Url],
        ["polygon"] = [chains.Polygon.Url],
    }, deadline);

    [RealNodeFact]
    public async Task FindTransaction_NativeTransfer_FoundOnExactlyOneOfThreeChains()
    {
        using var harness = Harness();

        var result = await harness.Lookup.FindTransactionAsync(chains.NativeTransfer.Hash, CancellationToken.None);

        var found = Assert.Single(result.Found);
        Assert.Equal("bsc", found.Network);
        Assert.Equal(TransactionStatus.Success, found.Status);
        Assert.Equal("1.5 BNB", found.ValueText);
        Assert.Equal(chains.NativeTransfer.To, found.To, ignoreCase: true);
        Assert.False(found.ToIsContract);
        Assert.True(found.Confirmations >= 1);
        Assert.Equal($"https://bscscan.com/tx/{chains.NativeTransfer.Hash}", found.ExplorerUrl);
        Assert.Equal(["ethereum", "polygon"], result.NotFoundOn);
        Assert.Empty(result.Unreachable);
    }

    [RealNodeFact]
    public async Task FindTransaction_Erc20Transfer_DecodedWithSymbolDecimalsAndAmount()
    {
        using var harness = Harness();
        var transfer = chains.Usd18;

        var found = Assert.Single((await harness.Lookup.FindTransactionAsync(transfer.Hash, CancellationToken.None)).Found);

        Assert.Equal("bsc", found.Network);
        Assert.True(found.ToIsContract);
        var token = Assert.Single(found.TokenTransfers);
        Assert.Equal(transfer.Token, token.Contract, ignoreCase: true);
        Assert.Equal("TUSD", token.Symbol);
        Assert.Equal("Test USD", token.Name);
        Assert.Equal(18, token.Decimals);
        Assert.Equal("250.5", token.AmountText);
        Assert.Equal(transfer.Amount, token.RawAmount);
        Assert.Equal(transfer.Recipient, token.To, ignoreCase: true);
    }

    [RealNodeFact]
    public async Task FindTransaction_SixDecimalToken_ScaledBySix()
    {
        using var harness = Harness();

        var found = Assert.Single((await harness.Lookup.FindTransactionAsync(chains.Usd6.Hash, CancellationToken.None)).Found);

        Assert.Equal("ethereum", found.Network);
        var token = Assert.Single(found.TokenTransfers);
        Assert.Equal(("USX6", 6), (token.Symbol, token.Decimals));
        Assert.Equal(Core(chains.Usd6.Amount, 6), token.AmountText);
    }

    [RealNodeFact]
    public async Task FindTransaction_OddTokens_Bytes32NoMetadataZeroDecimals_DecodedWithoutFailing()
    {
        using var harness = Harness();

        var bytes32 = Assert.Single(Assert.Single((await harness.Lookup.FindTransactionAsync(chains.Bytes32Symbol.Hash, CancellationToken.None)).Found).TokenTransfers);
        var bare = Assert.Single(Assert.Single((await harness.Lookup.FindTransactionAsync(chains.NoMetadata.Hash, CancellationToken.None)).Found).TokenTransfers);
        var zero = Assert.Single(Assert.Single((await harness.Lookup.FindTransactionAsync(chains.ZeroDecimals.Hash, CancellationToken.None)).Found).TokenTransfers);

        Assert.Equal(("MKR32", "Maker Style", 18), (bytes32.Symbol, bytes32.Name, bytes32.Decimals));
        Assert.Equal((null, null, null), (bare.Symbol, bare.Name, bare.Decimals));
        Assert.Equal(chains.NoMetadata.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), bare.AmountText);
        Assert.Equal(0, zero.Decimals);
        Assert.Equal(chains.ZeroDecimals.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), zero.AmountText);
    }

    [RealNodeFact]
    public async Task FindTransaction_Failed_StatusFailed()
    {
        using var harness = Harness();

        var found = Assert.Single((await harness.Lookup.FindTransactionAsync(chains.FailedTransaction.Hash, CancellationToken.None)).Found);

        Assert.Equal(("polygon", TransactionStatus.Failed), (found.Network, found.Status));
        Assert.Empty(found.TokenTransfers);
    }

    [RealNodeFact]
    public async Task FindTransaction_Pending_StatusPendingWithoutBlock()
    {
        using var harness = Harness();

        var found = Assert.Single((await harness.Lookup.FindTransactionAsync(chains.PendingTransaction.Hash, CancellationToken.None)).Found);

        Assert.Equal(("polygon", TransactionStatus.Pending), (found.Network, found.Status));
        Assert.Null(found.Block);
        Assert.Null(found.Confirmations);
    }

    [RealNodeFact]
    public async Task FindTransaction_ContractCreation_NamesTheNewContract()
    {
        using var harness = Harness();

        var found = Assert.Single((await harness.Lookup.FindTransactionAsync(chains.ContractCreation.Hash, CancellationToken.None)).Found);

        Assert.Null(found.To);
        Assert.Equal(chains.ContractCreation.ContractAddress, found.CreatedContract, ignoreCase: true);
    }

    [RealNodeFact]
    public async Task FindTransaction_UnknownHash_NotFoundAnywhereAndNothingUnreachable()
    {
        using var harness = Harness();

        var result = await harness.Lookup.FindTransactionAsync("0x" + new string('7', 64), CancellationToken.None);

        Assert.Empty(result.Found);
        Assert.Equal(["bsc", "ethereum", "polygon"], result.NotFoundOn);
        Assert.Empty(result.Unreachable);
    }

    [RealNodeFact]
    public async Task FindAddress_ActivityOnTwoChains_BalancesPerChain()
    {
        using var harness = Harness();

        var result = await harness.Lookup.FindAddressAsync(chains.AddressOnTwoChains.Address, null, CancellationToken.None);

        Assert.Equal(["bsc", "ethereum"], result.Networks.Where(n => n.HasActivity).Select(n => n.Network));
        Assert.Equal("2 BNB", result.Networks.Single(n => n.Network == "bsc").BalanceText);
        Assert.Equal("3 ETH", result.Networks.Single(n => n.Network == "ethereum").BalanceText);
        Assert.All(result.Networks, n => Assert.False(n.IsContract));
    }

    [RealNodeFact]
    public async Task FindAddress_TokenContractAndTokenBalance()
    {
        using var harness = Harness();

        var contract = await harness.Lookup.FindAddressAsync(chains.Usd18.Token, null, CancellationToken.None);
        var holder = await harness.Lookup.FindAddressAsync(chains.Usd18.Recipient, chains.Usd18.Token, CancellationToken.None);

        Assert.True(contract.Networks.Single(n => n.Network == "bsc").IsContract);
        var token = holder.Networks.Single(n => n.Network == "bsc").Token;
        Assert.NotNull(token);
        Assert.Equal(("TUSD", "250.5"), (token.Symbol, token.AmountText));
    }

    [RealNodeFact]
    public async Task FindTransaction_DeadThenLiveEndpoint_FailsOverAndFinds()
    {
        using var dead = new DeadEndpoint();
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["bsc"] = [dead.Url, chains.Bsc.Url] });

        var result = await harness.Lookup.FindTransactionAsync(chains.NativeTransfer.Hash, CancellationToken.None);

        Assert.Equal("bsc", Assert.Single(result.Found).Network);
        Assert.Empty(result.Unreachable);
    }

    [RealNodeFact]
    public async Task FindTransaction_OneChainHangs_AnswersByDeadlineAndNamesIt()
    {
        await using var hanging = new HangingEndpoint();
        using var harness = new LookupHarness(new Dictionary<string, Uri[]>
        {
            ["bsc"] = [chains.Bsc.Url],
            ["ethereum"] = [hanging.Url],
            ["polygon"] = [chains.Polygon.Url],
        }, deadline: TimeSpan.FromSeconds(2), attemptTimeout: TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();

        var result = await harness.Lookup.FindTransactionAsync(chains.NativeTransfer.Hash, CancellationToken.None);

        // Bounded by the lookup deadline, not by the hanging endpoint or the longer attempt timeout.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        Assert.Equal("bsc", Assert.Single(result.Found).Network);
        Assert.Equal(["polygon"], result.NotFoundOn);
        var failure = Assert.Single(result.Unreachable);
        Assert.Equal("ethereum", failure.Network);
    }

    [RealNodeFact]
    public async Task FindTransaction_HangingThenLiveEndpoint_AttemptTimesOutAndFailsOver()
    {
        await using var hanging = new HangingEndpoint();
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["bsc"] = [hanging.Url, chains.Bsc.Url] },
            deadline: TimeSpan.FromSeconds(5), attemptTimeout: TimeSpan.FromMilliseconds(500));

        var result = await harness.Lookup.FindTransactionAsync(chains.NativeTransfer.Hash, CancellationToken.None);

        Assert.Equal("bsc", Assert.Single(result.Found).Network);
    }

    [RealNodeFact]
    public async Task FindTransaction_RateLimitErrorBody_IsTransientAndFailsOver()
    {
        await using var limited = StaticHttpEndpoint.JsonRpcError(-32005, "limit exceeded");
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["bsc"] = [limited.Url, chains.Bsc.Url] });

        var result = await harness.Lookup.FindTransactionAsync(chains.NativeTransfer.Hash, CancellationToken.None);

        Assert.Equal("bsc", Assert.Single(result.Found).Network);
        Assert.True(limited.RequestCount >= 1);
    }

    [RealNodeFact]
    public async Task FindTransaction_OnlyErrorOrMalformedEndpoints_CouldNotCheckNotNotFound()
    {
        await using var limited = StaticHttpEndpoint.JsonRpcError(-32005, "limit exceeded");
        await using var malformed = StaticHttpEndpoint.Malformed();
        await using var unavailable = StaticHttpEndpoint.ServiceUnavailable();
        using var harness = new LookupHarness(new Dictionary<string, Uri[]>
        {
            ["bsc"] = [limited.Url],
            ["ethereum"] = [malformed.Url],
            ["polygon"] = [unavailable.Url],
        });

        var result = await harness.Lookup.FindTransactionAsync(chains.NativeTransfer.Hash, CancellationToken.None);

        Assert.Empty(result.Found);
        Assert.Empty(result.NotFoundOn);
        Assert.Contains("limit exceeded", result.Unreachable.Single(u => u.Network == "bsc").Reason, StringComparison.Ordinal);
        Assert.Contains("not JSON", result.Unreachable.Single(u => u.Network == "ethereum").Reason, StringComparison.Ordinal);
        Assert.Contains("503", result.Unreachable.Single(u => u.Network == "polygon").Reason, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task FindTransaction_Confirmed_CachedPendingNot()
    {
        await using var bsc = new DelayProxy(chains.Bsc.Url, TimeSpan.Zero);
        await using var polygon = new DelayProxy(chains.Polygon.Url, TimeSpan.Zero);
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["bsc"] = [bsc.Url], ["polygon"] = [polygon.Url] });

        await harness.Lookup.FindTransactionAsync(chains.NativeTransfer.Hash, CancellationToken.None);
        var bscCalls = bsc.ForwardedCount;
        var polygonCalls = polygon.ForwardedCount;
        var again = await harness.Lookup.FindTransactionAsync(chains.NativeTransfer.Hash, CancellationToken.None);

        Assert.Equal("bsc", Assert.Single(again.Found).Network);
        Assert.Equal(bscCalls, bsc.ForwardedCount); // confirmed on bsc: served from cache
        Assert.True(polygon.ForwardedCount > polygonCalls, "'not found' is not cached: it may still appear");

        await harness.Lookup.FindTransactionAsync(chains.PendingTransaction.Hash, CancellationToken.None);
        polygonCalls = polygon.ForwardedCount;
        var pending = await harness.Lookup.FindTransactionAsync(chains.PendingTransaction.Hash, CancellationToken.None);

        Assert.Equal(TransactionStatus.Pending, Assert.Single(pending.Found).Status);
        Assert.True(polygon.ForwardedCount > polygonCalls, "a pending transaction is asked again, not served from cache");
    }

    [RealNodeTheory]
    [InlineData(400, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"batch requests are not supported\"}}")]
    [InlineData(200, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"batch requests are not supported\"}}")]
    public async Task FindTransaction_EndpointRefusesBatches_FallsBackToSingleCalls(int status, string refusal)
    {
        var batches = 0;
        using var http = new HttpClient();
        await using var proxy = new LoopbackHttpServer(async (context, ct) =>
        {
            var body = await LoopbackHttpServer.ReadBodyAsync(context.Request, ct);
            if (body.Length > 0 && body[0] == (byte)'[')
            {
                Interlocked.Increment(ref batches);
                await LoopbackHttpServer.RespondAsync(context.Response, status, "application/json", System.Text.Encoding.UTF8.GetBytes(refusal), ct);
                return;
            }

            using var forwarded = await http.PostAsync(chains.Bsc.Url, new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } }, ct);
            await LoopbackHttpServer.RespondAsync(context.Response, (int)forwarded.StatusCode, "application/json", await forwarded.Content.ReadAsByteArrayAsync(ct), ct);
        });
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["bsc"] = [proxy.Url] });

        var first = await harness.Lookup.FindTransactionAsync(chains.Usd18.Hash, CancellationToken.None);
        var second = await harness.Lookup.FindAddressAsync(chains.Usd18.Recipient, chains.Usd18.Token, CancellationToken.None);

        Assert.Equal("TUSD", Assert.Single(Assert.Single(first.Found).TokenTransfers).Symbol);
        Assert.Equal("250.5", second.Networks.Single().Token!.AmountText);
        Assert.Equal(1, batches); // refused once, then remembered
    }

    [RealNodeFact]
    public async Task VerifyChainIds_EndpointOfAnotherChain_Dropped()
    {
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["ethereum"] = [chains.Bsc.Url, chains.Ethereum.Url] });

        var dropped = await harness.Verifier.VerifyAsync(CancellationToken.None);

        Assert.Contains("reports chain id 56, expected 1", Assert.Single(dropped), StringComparison.Ordinal);
        Assert.Equal([chains.Ethereum.Url], harness.Endpoints.Targets.Single().Endpoints);
    }

    private static string Core(System.Numerics.BigInteger raw, int decimals) => SupportBot.Chain.Evm.Units.Format(raw, decimals);
}
