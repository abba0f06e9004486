using SupportBot.Core.Figures;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>"Did this solve it?" under final advice, and the events a conversation records for the figures.</summary>
public sealed class FeedbackTests
{
    // BIP-39 test vector (entropy 7f7f…): not a real secret.
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    private static Task<Chat> AtWithdrawalAdvice(TestBot bot, string user) =>
        bot.User(user).Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From the exchange").Presses("Binance (binance.com)").Presses("BNB Smart Chain (BEP20)");

    private static async Task<List<ConversationEvent>> EventsOf(TestBot bot, string user) =>
        [.. (await bot.Events.ReadAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None)).Where(e => e.ConversationKey.EndsWith(user, StringComparison.Ordinal))];

    [Fact]
    public async Task FinalAdvice_Solved_ThanksBackAtMenu_RecordsTheWayThereAndSolved()
    {
        var bot = new TestBot();
        var chat = await AtWithdrawalAdvice(bot, "solved");
        var adviceStep = chat.Step;

        await chat.Presses("Yes, this solved it");

        chat.ExpectAt("menu/main").Expect("Glad it helped!");
        Assert.True(chat.Last.KeepAnswered); // the advice stays readable above
        var events = await EventsOf(bot, "solved");
        Assert.Equal(
            [ConversationEventKind.Started, ConversationEventKind.ScenarioEntered, ConversationEventKind.FinalAdvice, ConversationEventKind.Solved],
            events.Select(e => e.Kind));
        Assert.Equal("exchange-withdrawal", events[1].Value);
        Assert.Equal(adviceStep, events[2].Value);
        Assert.Equal(adviceStep, events[3].Value);
        Assert.All(events, e => Assert.Equal(TestClock.Epoch, e.At));
    }

    [Fact]
    public async Task FinalAdvice_NotSolved_OffersTheTeam_RecordsUnsolved()
    {
        var bot = new TestBot();
        var chat = await AtWithdrawalAdvice(bot, "unsolved");

        await chat.Presses("No, still not solved");

        chat.ExpectAt("menu/main").Expect("Sorry this didn't solve it.").Expect("Want to talk to a person?").Expect("never DMs you first");
        Assert.Contains(ConversationEventKind.Unsolved, (await EventsOf(bot, "unsolved")).Select(e => e.Kind));
        Assert.DoesNotContain(ConversationEventKind.Solved, (await EventsOf(bot, "unsolved")).Select(e => e.Kind));
    }

    [Theory]
    [InlineData("yes", ConversationEventKind.Solved)]
    [InlineData("no", ConversationEventKind.Unsolved)]
    public async Task FinalAdvice_TypedYesOrNo_AnswersTheQuestion(string typed, ConversationEventKind expected)
    {
        var bot = new TestBot();
        var chat = await AtWithdrawalAdvice(bot, "typed-" + typed);

        await chat.Says(typed);

        chat.ExpectAt("menu/main");
        Assert.Equal(expected, (await EventsOf(bot, "typed-" + typed))[^1].Kind);
    }

    [Fact]
    public async Task FinalAdvice_InRussian_QuestionInRussian()
    {
        var bot = new TestBot();
        var chat = await bot.User("ru", "ru").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("С биржи").Presses("Binance (binance.com)").Presses("BNB Smart Chain (BEP20)");

        Assert.Contains(chat.Buttons, b => b.Label == "✅ Да, всё получилось" && b.Payload == "g:solved");
        await chat.Presses("Нет, не помогло");
        chat.Expect("Хотите поговорить с человеком?");
    }

    [Fact]
    public async Task SolvedButton_NotAtFinalAdvice_IsStale_RecordsNothing()
    {
        var bot = new TestBot();
        var chat = await bot.User("stale").Says("/start").Presses("Binance ↔ MetaMask");

        await chat.Sends("g:solved");

        chat.ExpectAt("exchange-withdrawal/direction").Expect("That button belongs to an earlier question");
        Assert.DoesNotContain((await EventsOf(bot, "stale")).Select(e => e.Kind), k => k is ConversationEventKind.Solved or ConversationEventKind.Unsolved);
    }

    [Fact]
    public async Task NotUnderstood_RecordedNormalised_SecretNeverRecorded()
    {
        var bot = new TestBot();
        var chat = await bot.User("confused").Says("/start");
        await chat.Says("Qwerty   ZXCV plonk");
        await chat.Says("my words are " + Phrase);
        await chat.Says("qwerty zxcv PLONK");

        var events = await EventsOf(bot, "confused");
        var notUnderstood = events.Where(e => e.Kind == ConversationEventKind.NotUnderstood).Select(e => e.Value).ToList();
        Assert.Equal(["qwerty zxcv plonk", "qwerty zxcv plonk"], notUnderstood);
        Assert.DoesNotContain(events, e => e.Value?.Contains("sausage", StringComparison.OrdinalIgnoreCase) == true);

        var figures = SupportFigures.Compute(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, events);
        Assert.Equal([new FigureCount("qwerty zxcv plonk", 2)], figures.TopNotUnderstood);
        Assert.Equal(1, figures.Conversations);
    }

    [Fact]
    public async Task TypedQuestion_RecordsTheIntentFollowedAndTheScenarioEntered()
    {
        var bot = new TestBot();
        await bot.User("typed").Says("withdrew USDT from Binance to MetaMask and don't see it");

        var events = await EventsOf(bot, "typed");
        var intent = Assert.Single(events, e => e.Kind == ConversationEventKind.IntentFollowed);
        Assert.False(string.IsNullOrEmpty(intent.Value));
        Assert.Single(events, e => e.Kind == ConversationEventKind.ScenarioEntered);
    }

    [Fact]
    public void NotUnderstoodText_LongText_CutTo200_HashesReduced()
    {
        var text = NotUnderstoodText.Normalize("Where is 0x9fc76417374aa880d4449a1f7f31ec597f00b1f6f3dd2d66f4c9c6c445836d8b " + new string('a', 400));

        Assert.StartsWith("where is 0x… aaa", text, StringComparison.Ordinal);
        Assert.True(text.Length <= NotUnderstoodText.MaxLength + 1);
    }

    [Fact]
    public async Task EventsStoreFailing_TurnStillAnswered()
    {
        var bot = new TestBot(events: new FailingEvents());

        var chat = await bot.User("failing").Says("/start").Presses("Binance ↔ MetaMask");

        chat.ExpectAt("exchange-withdrawal/direction");
        Assert.Contains(bot.Logs.Lines, l => l.StartsWith("Error: Recording", StringComparison.Ordinal));
    }

    private sealed class FailingEvents : IConversationEvents
    {
        public Task RecordAsync(IReadOnlyList<ConversationEvent> events, CancellationToken cancellationToken) => throw new IOException("disk full");

        public Task<IReadOnlyList<ConversationEvent>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ConversationEvent>>([]);

        public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
