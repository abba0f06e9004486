using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Conversations;
using SupportBot.Core.Messages;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>Bad input, secrets, failures and bursts: the user always gets a clear reply and nothing leaks or breaks.</summary>
public sealed class EngineRobustnessTests
{
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    private const string Key = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

    [Fact]
    public async Task RecoveryPhrase_Pasted_WarnedFlaggedAndNeverStoredOrLogged()
    {
        var time = TestBot.NewClock();
        var store = new RecordingStore(new InMemoryConversationStore(time));
        var bot = new TestBot(store, time);
        var chat = await bot.User("sec1").Says("/start").Presses("don't see them");

        await chat.Says($"support asked me for this: {Phrase}");

        Assert.True(chat.Last.SecretDetected);
        Assert.Equal(MessageKind.Warning, chat.Last.Replies[0].Kind);
        chat.Expect("compromised").ExpectAt("missing-tokens/which-network");
        foreach (var word in new[] { "sausage", "winner", "yellow" })
        {
            Assert.DoesNotContain(word, chat.Reply, StringComparison.Ordinal);
            Assert.DoesNotContain(store.Saved, json => json.Contains(word, StringComparison.Ordinal));
            Assert.DoesNotContain(bot.Logs.Lines, line => line.Contains(word, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task PrivateKey_Pasted_WarnedInUsersLanguage()
    {
        var bot = new TestBot();
        var chat = await bot.User("sec2", "ru").Says($"вот мой ключ {Key}");

        Assert.True(chat.Last.SecretDetected);
        chat.Expect("приватный ключ").Expect("скомпрометированным");
        Assert.DoesNotContain(Key, chat.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretRedactedByChannelBeforeStoring_StillWarned()
    {
        var bot = new TestBot();

        var result = await bot.Engine.HandleAsync(new InboundMessage
        {
            Channel = "test", ConversationId = "pre", UserId = "pre", Text = "my words: [recovery phrase removed]", RedactedSecret = SupportBot.Core.Triage.SecretKinds.RecoveryPhrase,
        }, CancellationToken.None);

        Assert.True(result.SecretDetected);
        Assert.Equal(MessageKind.Warning, result.Replies.Single(r => r.Kind == MessageKind.Warning).Kind);
    }

    [Theory]
    [InlineData("0x{0} <- that is my private key")]
    [InlineData("pk: 0x{0}")]
    [InlineData("мой приватник 0x{0}")]
    [InlineData("PRIVATE KEY {1}")]
    public async Task KeyLookingLikeAHash_PastedWhereAHashIsAsked_WarnedNeverLookedUpStoredOrLogged(string format)
    {
        var lookup = new RecordingChainLookup();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var store = new RecordingStore(new InMemoryConversationStore(time));
        var bot = new TestBot(store, time, chainLookup: lookup);
        var chat = await bot.User("sec4").Says("/start").Says("I don't see my tokens in metamask").Says("3");

        await chat.Says(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, Key, Key.ToUpperInvariant()));

        Assert.True(chat.Last.SecretDetected);
        Assert.Contains(chat.Last.Replies, r => r.Kind == MessageKind.Warning);
        Assert.Empty(lookup.Queries);
        Assert.DoesNotContain(store.Saved, json => json.Contains(Key[..16], StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(bot.Logs.Lines, line => line.Contains(Key[..16], StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Key[..16], chat.Reply, StringComparison.OrdinalIgnoreCase);

        await chat.Says("0x" + Key); // the same value without a key word is a transaction hash, and is looked up
        Assert.Equal(["0x" + Key], lookup.Queries);
    }

    [Fact]
    public async Task DeepLinkToScenario_OpensItsFirstStep()
    {
        var bot = new TestBot();

        var chat = await bot.User("deep").Sends(ChoicePayload.Command("scenario") + ":missing-tokens");

        chat.ExpectAt("missing-tokens/which-network");
    }

    [Fact]
    public async Task SecretPlusTxHash_SecretWinsAndHashIsNotActedOn()
    {
        var bot = new TestBot();
        var chat = await bot.User("sec3").Says("/start");
        await chat.Says($"{Phrase} tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060");

        Assert.True(chat.Last.SecretDetected);
        chat.ExpectAt("menu/main");
    }

    public static TheoryData<string> BadInputs => new()
    {
        "",
        "   \t  ",
        new string('a', 100_000),
        string.Concat(Enumerable.Repeat("вывод binance 0x 😀 ", 5_000)),
        "\u0000\u0001\u0007\u001b[31mred\u001b[0m\r\n\u2028\u202e",
        "🔥🔥🔥💸💸🙏",
        "Привет hello 你好 مرحبا שלום 0xZZ",
        "1.5", "0", "-1", "999999999999999999999", "/", "/unknown_command@bot",
        "{network_name} {tx} **bold** [x](javascript:alert(1))",
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInput_AtEveryKindOfStep_ClearReplyNoException(string text)
    {
        var bot = new TestBot();
        var chat = await bot.User("bad").Says("/start");
        await chat.Says(text);
        Assert.All(chat.Last.Replies, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));

        // By number, since mixed-script text may rightly switch the reply language.
        await chat.Says("menu");
        await chat.Says("3");
        await chat.Says("3");
        chat.ExpectAt("missing-tokens/check-tx");
        await chat.Says(text);

        Assert.NotEmpty(chat.Buttons);
        Assert.DoesNotContain("javascript:", string.Concat(chat.Last.Replies.SelectMany(r => r.Links).Select(l => l.Url)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenState_UnhandledErrorMidTurn_ResetsToMenuWithApology()
    {
        var bot = new TestBot();
        var chat = await bot.User("err").Says("/start").Presses("Move funds between BSC");
        // History that points nowhere (say, saved by an older version): "back" cannot render it.
        var state = await bot.Store.LoadAsync("test/err", CancellationToken.None);
        var broken = state! with { History = [new StepFrame("no-such-scenario", "x", new Dictionary<string, string>())] };
        Assert.True(await bot.Store.TrySaveAsync(broken, state.Version, DateTimeOffset.MaxValue, CancellationToken.None));

        await chat.Says("back");

        chat.ExpectAt("menu/main").Expect("something went wrong");
        (await chat.Presses("Binance ↔ MetaMask")).ExpectAt("exchange-withdrawal/direction");
        Assert.Contains(bot.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StateAtRemovedStep_ContinuesFromMenu()
    {
        var bot = new TestBot();
        var state = new ConversationState { Key = "test/gone", ScenarioId = "missing-tokens", StepId = "step-removed-in-v2", Language = "ru" };
        Assert.True(await bot.Store.TrySaveAsync(state, 0, DateTimeOffset.MaxValue, CancellationToken.None));

        var chat = await bot.User("gone").Says("2");

        chat.ExpectAt("cross-chain-transfer/situation").Expect("Что нужно сделать?");
    }

    [Fact]
    public async Task StoreFailure_UserGetsApologyNotException()
    {
        var bot = new TestBot(new FailingStore());

        var chat = await bot.User("down").Says("/start");

        chat.Expect("something went wrong");
    }

    [Fact]
    public async Task Flood_OneUserHundredsOfMessagesAtOnce_EveryOneAnsweredAndCounted()
    {
        var bot = new TestBot();
        var messages = Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? "help" : i % 3 == 1 ? "1" : "menu");

        var results = await Task.WhenAll(messages.Select(text => bot.Engine.HandleAsync(
            new InboundMessage { Channel = "test", ConversationId = "flood", UserId = "flood", Text = text }, CancellationToken.None)));

        Assert.All(results, r => Assert.NotEmpty(r.Replies));
        var state = await bot.Store.LoadAsync("test/flood", CancellationToken.None);
        Assert.Equal(300, state!.Version);
    }

    [Fact]
    public async Task TwoInstances_SameStore_ConflictingWritesRetriedNotLost()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestClock.Epoch);
        var shared = new InMemoryConversationStore(time);
        var first = new TestBot(shared, time);
        var second = new TestBot(shared, time);

        var turns = Enumerable.Range(0, 100).Select(i => (i % 2 == 0 ? first : second).Engine.HandleAsync(
            new InboundMessage { Channel = "test", ConversationId = "shared", UserId = "u", Text = "help" }, CancellationToken.None));
        await Task.WhenAll(turns);

        Assert.Equal(100, (await shared.LoadAsync("test/shared", CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task IdleConversation_AfterExpiry_StartsFreshAtMenu()
    {
        var bot = new TestBot(idleExpiry: TimeSpan.FromHours(1));
        var chat = await bot.User("idle").Says("/start").Presses("Move funds between BSC");

        bot.Time.Advance(TimeSpan.FromMinutes(59));
        (await chat.Sends(ChoicePayload.Command("resume"))).ExpectAt("cross-chain-transfer/situation");
        bot.Time.Advance(TimeSpan.FromMinutes(61));
        (await chat.Sends(ChoicePayload.Command("resume"))).ExpectAt("menu/main").Expect("I'm SupportBot");
    }

    private sealed class RecordingStore(IConversationStore inner) : IConversationStore
    {
        private readonly List<string> saved = [];

        public IReadOnlyList<string> Saved
        {
            get
            {
                lock (saved)
                {
                    return [.. saved];
                }
            }
        }

        public Task<ConversationState?> LoadAsync(string key, CancellationToken cancellationToken) => inner.LoadAsync(key, cancellationToken);

        public Task<bool> TrySaveAsync(ConversationState state, long expectedVersion, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        {
            lock (saved)
            {
                saved.Add(ConversationStateSerializer.Serialize(state));
            }

            return inner.TrySaveAsync(state, expectedVersion, expiresAt, cancellationToken);
        }

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.PurgeExpiredAsync(now, cancellationToken);
    }

    private sealed class FailingStore : IConversationStore
    {
        public Task<ConversationState?> LoadAsync(string key, CancellationToken cancellationToken) => throw new IOException("disk gone");

        public Task<bool> TrySaveAsync(ConversationState state, long expectedVersion, DateTimeOffset expiresAt, CancellationToken cancellationToken) => throw new IOException("disk gone");

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => throw new IOException("disk gone");

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new IOException("disk gone");
    }
}
