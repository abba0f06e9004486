using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Chain.Tests.Fixtures;
using SupportBot.Chain.Tests.Lookup;
using SupportBot.Core.Conversations;
using SupportBot.Core.Messages;
using SupportBot.Core.Triage;

namespace SupportBot.Chain.Tests.Conversations;

/// <summary>A user pastes a hash or an address; the engine looks it up on real nodes and carries on with what it found.</summary>
[Collection(MultiChainCollection.Name)]
public sealed class LookupConversationTests(MultiChainFixture chains) : IDisposable
{
    private readonly List<IDisposable> disposables = [];

    private ConversationEngine Engine(IReadOnlyDictionary<string, Uri[]>? endpoints = null, TimeSpan? progressAfter = null, TimeSpan? timeouts = null,
        IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var harness = new LookupHarness(endpoints ?? new Dictionary<string, Uri[]>
        {
            ["bsc"] = [chains.Bsc.Url],
            ["ethereum"] = [chains.Ethereum.Url],
            ["polygon"] = [chains.Polygon.Url],
        }, deadline: timeouts, attemptTimeout: timeouts, settings: settings);
        disposables.Add(harness);
        return new ConversationEngine(LookupHarness.Content, new TriageService(LookupHarness.Content), new InMemoryConversationStore(TestClock.Instance),
            Options.Create(new ConversationOptions { LookupProgressAfter = progressAfter ?? TimeSpan.FromSeconds(1) }), TestClock.Instance,
            NullLogger<ConversationEngine>.Instance, harness.Lookup);
    }

    private static Task<TurnResult> Say(ConversationEngine engine, string user, string text, string locale = "en",
        Func<OutboundMessage, CancellationToken, Task>? progress = null) =>
        engine.HandleAsync(new InboundMessage { Channel = "test", ConversationId = user, UserId = user, Text = text, Locale = locale }, progress, CancellationToken.None);

    private static string Text(TurnResult result) => string.Join("\n\n", result.Replies.Select(r => r.Text));

    [RealNodeFact]
    public async Task PastedTokenTransferHash_FoundOnBsc_AdvisesImportingThatTokenByContract()
    {
        var engine = Engine();
        await Say(engine, "u1", "/start");
        await Say(engine, "u1", "I don't see my tokens in metamask");
        await Say(engine, "u1", "3"); // I have the transaction hash

        var result = await Say(engine, "u1", $"here: {chains.Usd18.Hash}");

        Assert.Equal("tx-advice", result.StepId);
        var text = Text(result);
        Assert.Contains("Found on BNB Smart Chain", text, StringComparison.Ordinal);
        Assert.Contains("250.5 TUSD", text, StringComparison.Ordinal);
        Assert.Contains($"import TUSD by its contract address `{chains.Usd18.Token.ToLowerInvariant()}`", text, StringComparison.Ordinal);
        Assert.Contains($"https://bscscan.com/tx/{chains.Usd18.Hash}", text, StringComparison.Ordinal);

        // Whose address received it decides the advice: the user says it was their own MetaMask address.
        var own = await Say(engine, "u1", "1");

        Assert.Equal("tx-own-wallet", own.StepId);
        Assert.Contains($"switch MetaMask to **BNB Smart Chain** and import TUSD by its contract address `{chains.Usd18.Token.ToLowerInvariant()}`",
            Text(own), StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task UserSaidEthereum_TransactionIsOnBsc_ToldAndLinkedToBscScan()
    {
        var engine = Engine();
        await Say(engine, "u2", "/start");
        await Say(engine, "u2", "3");      // missing tokens
        await Say(engine, "u2", "2");      // another network
        await Say(engine, "u2", "ERC20");  // Ethereum
        await Say(engine, "u2", "1");      // it's selected
        await Say(engine, "u2", "2");      // still missing → check-tx

        var result = await Say(engine, "u2", chains.NativeTransfer.Hash);

        var text = Text(result);
        Assert.Contains("You mentioned Ethereum, but this transaction is on **BNB Smart Chain**", text, StringComparison.Ordinal);
        Assert.Contains($"https://bscscan.com/tx/{chains.NativeTransfer.Hash}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("etherscan.io/tx", text, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task RussianUser_FailedTransaction_ReportInRussian()
    {
        var engine = Engine();

        var result = await Say(engine, "u3", $"не вижу токены, вот хэш {chains.FailedTransaction.Hash}", "ru");

        Assert.Equal("tx-advice", result.StepId);
        Assert.Contains("Транзакция найдена в сети Polygon PoS", Text(result), StringComparison.Ordinal);
        Assert.Contains("не прошла", Text(result), StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task PastedAddress_ListsWhereItHoldsFunds()
    {
        var engine = Engine();
        await Say(engine, "u4", "/start");
        await Say(engine, "u4", "3");
        await Say(engine, "u4", "3");

        var result = await Say(engine, "u4", chains.AddressOnTwoChains.Address);

        Assert.Equal("address-advice", result.StepId);
        var text = Text(result);
        Assert.Contains("**BNB Smart Chain**: 2 BNB", text, StringComparison.Ordinal);
        Assert.Contains("**Ethereum**: 3 ETH", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Polygon", text, StringComparison.Ordinal);
    }

    [RealNodeTheory]
    [InlineData("en", "On **Ethereum**: 42.000001 USDT (no ETH for gas)")]
    [InlineData("ru", "В сети **Ethereum**: 42.000001 USDT (нет ETH для оплаты комиссии)")]
    public async Task PastedAddress_HoldsOnlyUsdtOnEthereum_SaysWhatIsWhereAndThatGasIsMissing(string locale, string expected)
    {
        var engine = Engine(settings: LookupHarness.KnownTokens("ethereum", (chains.UsdtOnEthereum.Token, "USDT", 6)));

        var result = await Say(engine, "u6-" + locale, MultiChainFixture.TokenOnlyRecipient, locale);

        var text = Text(result);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("no balance", text, StringComparison.Ordinal);
        Assert.DoesNotContain("нет баланса", text, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task PastedAddress_TokenOffTheList_ShownAsUnverifiedWithAWarning()
    {
        var engine = Engine(settings: LookupHarness.KnownTokens("ethereum", (chains.UsdtOnEthereum.Token, "USDT", 6)));

        var result = await Say(engine, "u7", MultiChainFixture.Usd6Recipient);

        var text = Text(result);
        Assert.Contains("On **Ethereum**: 1234.56 USX6 (unverified) (no ETH for gas)", text, StringComparison.Ordinal);
        Assert.Contains("look-alike tokens", text, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task SlowLookup_ShowsProgressFirst_AndDoesNotBlockOtherUsers()
    {
        // Slow enough that the other user's turns surely finish first, even on a busy machine.
        await using var slow = new DelayProxy(chains.Bsc.Url, TimeSpan.FromSeconds(4));
        var engine = Engine(new Dictionary<string, Uri[]> { ["bsc"] = [slow.Url], ["ethereum"] = [chains.Ethereum.Url] }, TimeSpan.FromMilliseconds(100),
            timeouts: TimeSpan.FromSeconds(20));
        var progress = new List<string>();
        await Say(engine, "slow", "/start");

        var lookup = Say(engine, "slow", chains.NativeTransfer.Hash, progress: (message, _) =>
        {
            lock (progress)
            {
                progress.Add(message.Text);
            }

            return Task.CompletedTask;
        });
        var other = await Say(engine, "other", "/start");
        var otherAgain = await Say(engine, "other", "1");

        Assert.False(lookup.IsCompleted, "the other user's turns finished while the lookup was still running");
        Assert.Equal("exchange-withdrawal", otherAgain.ScenarioId);
        Assert.NotEmpty(other.Replies);
        var result = await lookup;
        Assert.Contains("Looking this up on 2 networks", Assert.Single(progress), StringComparison.Ordinal);
        Assert.Contains("Found on BNB Smart Chain", Text(result), StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task AllNetworksDown_StillAdvisesAndSaysWhatCouldNotBeChecked()
    {
        using var dead = new DeadEndpoint();
        var engine = Engine(new Dictionary<string, Uri[]> { ["bsc"] = [dead.Url], ["ethereum"] = [dead.Url] });

        var result = await Say(engine, "u5", chains.NativeTransfer.Hash);

        Assert.Equal("tx-advice", result.StepId);
        var text = Text(result);
        Assert.Contains("couldn't check BNB Smart Chain, Ethereum", text, StringComparison.Ordinal);
        Assert.Contains("Not found there?", text, StringComparison.Ordinal); // the general advice still follows
    }

    public void Dispose() => disposables.ForEach(d => d.Dispose());
}
