using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Chain.Tests.Fixtures;
using SupportBot.Chain.Tests.Lookup;
using SupportBot.Core.Conversations;
using SupportBot.Core.Messages;
using SupportBot.Core.Triage;

namespace SupportBot.Chain.Tests.Conversations;

/// <summary>A user who can't see the "USDT" someone sent pastes the hash: the bot says it is a fake before any advice.</summary>
public sealed class FakeTokenConversationTests(FakeTokenChains chains) : IClassFixture<FakeTokenChains>, IDisposable
{
    private readonly LookupHarness harness = new(new Dictionary<string, Uri[]> { ["bsc"] = [chains.Bsc.Url] },
        settings: LookupHarness.KnownTokens("bsc", chains.KnownUsdt));

    private ConversationEngine Engine() =>
        new(LookupHarness.Content, new TriageService(LookupHarness.Content), new InMemoryConversationStore(TestClock.Instance),
            Options.Create(new ConversationOptions()), TestClock.Instance, NullLogger<ConversationEngine>.Instance, harness.Lookup);

    private static Task<TurnResult> Say(ConversationEngine engine, string text, string locale = "en") =>
        engine.HandleAsync(new InboundMessage { Channel = "test", ConversationId = "u", UserId = "u", Text = text, Locale = locale }, null, CancellationToken.None);

    [RealNodeTheory]
    [InlineData("en", "This token calls itself **USDT** but it is not Tether's USDT on BNB Smart Chain", "import USDT", "import the token")]
    [InlineData("ru", "Этот токен называет себя **USDT**, но это не USDT от Tether в сети BNB Smart Chain", "импортируйте USDT", "импортируйте токен")]
    public async Task PastedFakeUsdtHash_WarnedBeforeAdviceAndNoImportOfIt(string locale, string warning, string import, string importAdvice)
    {
        var engine = Engine();
        await Say(engine, "/start", locale);
        await Say(engine, locale == "ru" ? "не вижу свои токены в metamask" : "I don't see my tokens in metamask", locale);
        await Say(engine, "3", locale); // I have the transaction hash

        var result = await Say(engine, (locale == "ru" ? "мне прислали usdt, а продать не получается " : "someone sent me usdt but I can't sell it ") + chains.FakeOnlyHash, locale);
        var own = await Say(engine, "1", locale); // sent to my own MetaMask address

        foreach (var turn in new[] { result, own })
        {
            var report = turn.Replies[^2].Text;
            Assert.Contains(warning, report, StringComparison.Ordinal);
            Assert.DoesNotContain(import, string.Join("\n", turn.Replies.Select(r => r.Text)), StringComparison.Ordinal);
        }

        // The step's own advice follows the finding: no "import the token" under a fake, and a warning not to touch it.
        var advice = own.Replies[^1].Text;
        Assert.DoesNotContain(importAdvice, advice, StringComparison.Ordinal);
        Assert.Contains(locale == "ru" ? "Не импортируйте его" : "Do not import it", advice, StringComparison.Ordinal);
    }

    public void Dispose() => harness.Dispose();
}
