using SupportBot.Chain.Tests.Fixtures;

namespace SupportBot.Chain.Tests.Lookup;

/// <summary>
/// Endpoints that lie about their chain, hang, or take too long to verify: never reported as the wrong network, failed
/// over well within the lookup deadline, and never holding start-up up beyond its own timeout.
/// </summary>
[Collection(MultiChainCollection.Name)]
public sealed class EndpointSafetyTests(MultiChainFixture chains)
{
    [RealNodeFact]
    public async Task FindTransaction_EndpointClaimsAnotherChainId_DroppedAndNeverReportedAsThisNetwork()
    {
        // In front of the BSC node, answering eth_chainId as Ethereum would: its BSC transaction must not appear.
        await using var impostor = new ScriptedRpcProxy(chains.Bsc.Url, call => call.Method == "eth_chainId" ? RpcReply.Value("0x1") : null);
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["bsc"] = [impostor.Url], ["polygon"] = [chains.Polygon.Url] });

        var result = await harness.Lookup.FindTransactionAsync(chains.NativeTransfer.Hash, CancellationToken.None);

        Assert.Empty(result.Found);
        Assert.Contains("chain id 1", Assert.Single(result.Unreachable, u => u.Network == "bsc").Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Endpoints.Targets.Single(t => t.Key == "bsc").Endpoints);
    }

    [RealNodeFact]
    public async Task FindAddress_FirstEndpointServesAnotherChain_NextEndpointAnswers()
    {
        // Ethereum's first endpoint is really the BSC node, where this address holds 2 BNB; on Ethereum it holds 3 ETH.
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["ethereum"] = [chains.Bsc.Url, chains.Ethereum.Url] });

        var result = await harness.Lookup.FindAddressAsync(chains.AddressOnTwoChains.Address, null, CancellationToken.None);

        Assert.Equal("3 ETH", Assert.Single(result.Networks).BalanceText);
        Assert.Equal([chains.Ethereum.Url], harness.Endpoints.Targets.Single().Endpoints);
    }

    [RealNodeFact]
    public async Task VerifyChainIds_HangingEndpoint_ReturnsByItsOwnTimeoutAndKeepsItForFirstUse()
    {
        await using var hanging = new HangingEndpoint();
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["bsc"] = [hanging.Url, chains.Bsc.Url] },
            attemptTimeout: TimeSpan.FromSeconds(20), settings: [new("Chain:VerifyTimeout", "00:00:00.500")]);
        var started = TestClock.Instance.GetTimestamp();

        var dropped = await harness.Verifier.VerifyAsync(CancellationToken.None);

        // Far below the 20 s attempt timeout, which alone would end the wait otherwise.
        Assert.InRange(TestClock.Instance.GetElapsedTime(started), TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Empty(dropped);
        Assert.Equal([hanging.Url, chains.Bsc.Url], harness.Endpoints.Targets.Single().Endpoints);
        Assert.False(harness.Endpoints.IsVerified("bsc", hanging.Url));
        Assert.True(harness.Endpoints.IsVerified("bsc", chains.Bsc.Url));
    }

    [RealNodeFact]
    public async Task FindTransaction_FirstEndpointHangs_ProductDefaults_SecondAnswersWithinHalfTheDeadline()
    {
        await using var hanging = new HangingEndpoint();
        var deadline = TimeSpan.FromSeconds(8);
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["bsc"] = [hanging.Url, chains.Bsc.Url] },
            deadline: deadline, attemptTimeout: TimeSpan.FromSeconds(3), retries: 1);
        var started = TestClock.Instance.GetTimestamp();

        var result = await harness.Lookup.FindTransactionAsync(chains.NativeTransfer.Hash, CancellationToken.None);

        var elapsed = TestClock.Instance.GetElapsedTime(started);
        Assert.Equal("bsc", Assert.Single(result.Found).Network);
        Assert.True(elapsed < deadline / 2, $"answered after {elapsed}");
        Assert.Equal(1, hanging.ConnectionCount);
    }

    [RealNodeFact]
    public async Task FindTransaction_AttemptTimesOut_NotRetriedOnTheSameEndpoint()
    {
        await using var hanging = new HangingEndpoint();
        // Fail-over only through the attempt timeout: the next endpoint is not asked early.
        using var harness = new LookupHarness(new Dictionary<string, Uri[]> { ["bsc"] = [hanging.Url, chains.Bsc.Url] },
            deadline: TimeSpan.FromSeconds(10), attemptTimeout: TimeSpan.FromMilliseconds(500), retries: 3,
            settings: [new("Chain:FailoverAfter", "00:00:30")]);

        var result = await harness.Lookup.FindTransactionAsync(chains.NativeTransfer.Hash, CancellationToken.None);

        Assert.Equal("bsc", Assert.Single(result.Found).Network);
        Assert.Equal(1, hanging.ConnectionCount);
    }
}
