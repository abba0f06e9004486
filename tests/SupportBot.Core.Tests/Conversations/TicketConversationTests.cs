using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Tests.Support;
using SupportBot.Core.Tickets;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>
/// Asking for the team: where "Talk to the team" is offered, the short form prefilled from the conversation, sending
/// it to the ticket desk, and what happens where the channel has no tickets.
/// </summary>
public sealed class TicketConversationTests
{
    // BIP-39 test vector (entropy 7f7f…): not a real secret.
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    private const string Tx = "0x8a1b6f6b3c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7";
    private const string DepositAddress = "0x28c6c06298d514db089934071355e5743bf21d60";
    private const string TicketPayload = "g:ticket";

    private static Task<Chat> AtWrongNetworkDeposit(TicketBot bot, string user) =>
        bot.User(user).Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From MetaMask to the exchange").Presses("Binance (binance.com)")
            .Presses("I already sent it on the wrong network");

    private static Task<Chat> AtWithdrawalAdvice(TicketBot bot, string user, string locale = "en") =>
        locale == "ru"
            ? bot.User(user, "ru").Says("/start").Presses("Binance ↔ MetaMask").Presses("С биржи").Presses("Binance (binance.com)").Presses("BNB Smart Chain (BEP20)")
            : bot.User(user).Says("/start").Presses("Binance ↔ MetaMask").Presses("From the exchange").Presses("Binance (binance.com)").Presses("BNB Smart Chain (BEP20)");

    [Theory]
    [InlineData("en", "I want to talk to a human", "💬 Talk to the team", "Want to talk to a person?")]
    [InlineData("en", "connect me to an agent", "💬 Talk to the team", "Want to talk to a person?")]
    [InlineData("ru", "соедините с оператором", "💬 Написать команде", "Хотите поговорить с человеком?")]
    [InlineData("ru", "живой человек есть?", "💬 Написать команде", "Хотите поговорить с человеком?")]
    [InlineData("ru", "оператор", "💬 Написать команде", "Хотите поговорить с человеком?")]
    [InlineData("ru", "живой человек", "💬 Написать команде", "Хотите поговорить с человеком?")]
    [InlineData("en", "human", "💬 Talk to the team", "Want to talk to a person?")]
    public async Task TypedHuman_TicketsOnChannel_OffersTheTeamButton(string locale, string typed, string button, string heading)
    {
        var bot = new TicketBot();
        var chat = await bot.User("h-" + locale + typed.Length, locale).Says("/start");

        await chat.Says(typed);

        chat.Expect(heading).Expect(locale == "ru" ? "никогда не пишет первой" : "never DMs you first");
        Assert.Equal(TicketPayload, Assert.Single(chat.Buttons, b => b.Label == button).Payload);
        Assert.DoesNotContain("pinned message", chat.Reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "yes", "This is what I'll send to the team")]
    [InlineData("en", "talk to the team", "This is what I'll send to the team")]
    [InlineData("en", "1", "This is what I'll send to the team")]
    [InlineData("ru", "да", "Вот что я передам команде")]
    public async Task TypedHuman_AnsweredYes_OpensTheForm_RecordsEscalated(string locale, string answer, string form)
    {
        var bot = new TicketBot();
        var user = "yes-" + locale + answer.Length;
        var chat = await bot.User(user, locale).Says("/start").Says(locale == "ru" ? "позовите живого человека" : "human please");

        await chat.Says(answer);

        chat.Expect(form);
        Assert.Equal(["g:ticket:send", "g:ticket:cancel"], chat.Buttons.Select(b => b.Payload));
        var escalated = Assert.Single(await bot.EventsOf(user), e => e.Kind == ConversationEventKind.Escalated);
        Assert.Equal("menu/main", escalated.Value);
    }

    [Fact]
    public async Task TypedHuman_AnsweredNo_CarriesOnWithoutForm()
    {
        var bot = new TicketBot();
        var chat = await bot.User("no").Says("/start").Presses("Binance ↔ MetaMask").Says("I want a real person");

        await chat.Says("no");

        chat.ExpectAt("exchange-withdrawal/direction").Expect("Which way are the funds moving?");
        Assert.DoesNotContain(await bot.EventsOf("no"), e => e.Kind == ConversationEventKind.Escalated);
    }

    [Theory]
    [InlineData("en", "No, still not solved", "Sorry this didn't solve it", "💬 Talk to the team")]
    [InlineData("ru", "Нет, не помогло", "Жаль, что это не помогло", "💬 Написать команде")]
    public async Task NotSolved_TicketsOnChannel_OffersTheTeam_StaysAtTheAdvice(string locale, string unsolved, string sorry, string button)
    {
        var bot = new TicketBot();
        var chat = await AtWithdrawalAdvice(bot, "uns-" + locale, locale);
        var advice = chat.Step;

        await chat.Presses(unsolved);

        chat.ExpectAt(advice).Expect(sorry);
        Assert.True(chat.Last.KeepAnswered);
        Assert.Equal([button, locale == "ru" ? "Главное меню" : "Main menu"], chat.Buttons.Select(b => b.Label));
        Assert.Contains(ConversationEventKind.Unsolved, (await bot.EventsOf("uns-" + locale)).Select(e => e.Kind));

        await chat.Says(locale == "ru" ? "да" : "yes");

        chat.Expect(locale == "ru" ? "Вот что я передам команде" : "This is what I'll send to the team")
            .Expect(locale == "ru" ? "С биржи на мой MetaMask" : "From the exchange to my MetaMask")
            .Expect("BNB Smart Chain");
    }

    [Fact]
    public async Task NotSolved_AnsweredNo_BackAtTheMenu()
    {
        var bot = new TicketBot();
        var chat = await AtWithdrawalAdvice(bot, "uns-no");
        await chat.Presses("No, still not solved");

        await chat.Says("no");

        chat.ExpectAt("menu/main");
    }

    [Fact]
    public async Task HandoffStep_ShowsTheTeamButton_KeepsTheExchangeAdvice()
    {
        var bot = new TicketBot();

        var chat = await AtWrongNetworkDeposit(bot, "handoff");

        chat.ExpectAt("exchange-withdrawal/wrong-network-binance");
        Assert.Contains(chat.Buttons, b => b.Label == "💬 Talk to the team" && b.Payload == TicketPayload);
        Assert.Contains(chat.Links, l => l.Url.Contains("binance", StringComparison.Ordinal)); // the exchange's own recovery stays the first pointer
    }

    [Fact]
    public async Task HandoffStep_InRussian_ButtonOpensTheFormInRussian()
    {
        var bot = new TicketBot();
        var chat = await bot.User("handoff-ru", "ru").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("С MetaMask на биржу").Presses("Binance.US").Presses("Я уже отправил, но не в той сети");
        chat.ExpectAt("exchange-withdrawal/wrong-network-binance-us");

        await chat.Presses("💬 Написать команде");

        chat.Expect("Вот что я передам команде").Expect("С MetaMask на биржу → Binance.US → Я уже отправил, но не в той сети").Expect("**Сеть:** не указано");
        Assert.Equal(["📨 Отправить команде", "✖️ Отмена"], chat.Buttons.Select(b => b.Label));
        Assert.Single(await bot.EventsOf("handoff-ru"), e => e.Kind == ConversationEventKind.Escalated && e.Value == "exchange-withdrawal/wrong-network-binance-us");

        await chat.Says("Отправил USDT в сети Polygon на депозитный адрес Binance.US");
        await chat.Presses("Отправить команде");

        chat.Expect("Обращение **#").Expect("Человек из команды ответит прямо здесь");
        var ticket = (await bot.OpenTicketOf("handoff-ru"))!;
        Assert.Equal(("ru", "polygon"), (ticket.Language, ticket.Form.Network));
    }

    [Fact]
    public async Task Form_FromARealPathWithAHash_PrefilledWithTheWayNetworkAndHash_SentToTheDesk()
    {
        var lookup = new FakeChainLookup().Transfer(Tx, "ethereum", DepositAddress, FakeChainLookup.Usdt());
        var bot = new TicketBot(chainLookup: lookup);
        var chat = await bot.User("path").Says("/start")
            .Presses("Binance ↔ MetaMask").Presses("From MetaMask to the exchange").Presses("Binance (binance.com)")
            .Presses("BNB Smart Chain (BEP20)").Says(Tx);
        chat.ExpectAt("exchange-withdrawal/deposit-tx-advice");

        await chat.Presses("Talk to the team");

        chat.Expect("Binance ↔ MetaMask (withdraw or deposit): From MetaMask to the exchange → Binance (binance.com) → BNB Smart Chain (BEP20)")
            .Expect("**Network:** Ethereum")
            .Expect("`" + Tx + "`");

        await chat.Presses("Send to the team");

        chat.Expect("Ticket **#").Expect("A person from the team will answer right here");
        var ticket = await bot.OpenTicketOf("path");
        Assert.NotNull(ticket);
        Assert.Equal(new TicketForm(
            "Binance ↔ MetaMask (withdraw or deposit): From MetaMask to the exchange → Binance (binance.com) → BNB Smart Chain (BEP20)",
            "ethereum", Tx), ticket.Form);
        Assert.Equal("en", ticket.Language);
        Assert.Equal("test/path", ticket.ConversationKey);
        Assert.Contains("exchange-withdrawal/deposit-advice → exchange-withdrawal/deposit-tx-advice", ticket.Context, StringComparison.Ordinal);
        Assert.Contains("tx = " + Tx, ticket.Context, StringComparison.Ordinal);
        Assert.Contains("found-network = ethereum", ticket.Context, StringComparison.Ordinal);
        Assert.Contains("exchange = binance", ticket.Context, StringComparison.Ordinal);
        Assert.Contains("Asked for the team at: exchange-withdrawal/deposit-tx-advice", ticket.Context, StringComparison.Ordinal);
        var (created, opening) = Assert.Single(bot.Channel.Created);
        Assert.Equal(ticket.Id, created.Id);
        Assert.Contains(Tx, opening, StringComparison.Ordinal);
        Assert.Single(await bot.EventsOf("path"), e => e.Kind == ConversationEventKind.Escalated && e.Value == "exchange-withdrawal/deposit-tx-advice");
    }

    [Fact]
    public async Task Form_PathThroughAKnownStep_NamesEveryChoice()
    {
        var bot = new TicketBot();
        var chat = await AtWrongNetworkDeposit(bot, "skip");

        await chat.Presses("Talk to the team");

        chat.Expect("From MetaMask to the exchange → Binance (binance.com) → I already sent it on the wrong network").Expect("**Network:** not given");
    }

    [Fact]
    public async Task Form_TypedSentenceReplacesWhatHappened_PastedHashAndNetworkFillTheirLines()
    {
        var bot = new TicketBot();
        var chat = await AtWrongNetworkDeposit(bot, "typed").Presses("Talk to the team");

        await chat.Says("I sent 50 USDT to my **Binance** deposit address and it never arrived");
        chat.Expect("Noted.").Expect("**What happened:** I sent 50 USDT to my Binance deposit address and it never arrived");

        await chat.Says(Tx + " on polygon");
        chat.Expect("`" + Tx + "`").Expect("**Network:** Polygon").Expect("it never arrived"); // a hash and a network keep the sentence

        await chat.Says("send");

        var ticket = await bot.OpenTicketOf("typed");
        Assert.Equal(new TicketForm("I sent 50 USDT to my Binance deposit address and it never arrived", "polygon", Tx), ticket!.Form);
    }

    [Theory]
    [InlineData("en", "Cancel")]
    [InlineData("en", "no")]
    [InlineData("ru", "отмена")]
    public async Task Form_Cancelled_NothingSent_BackWhereTheUserWas(string locale, string typed)
    {
        var bot = new TicketBot();
        var user = "cancel-" + locale + typed;
        var chat = await bot.User(user, locale).Says("/start").Says(locale == "ru" ? "оператора дайте уже" : "human please").Says(locale == "ru" ? "да" : "yes");

        await chat.Says(typed);

        chat.ExpectAt("menu/main").Expect(locale == "ru" ? "команде ничего не отправлено" : "nothing was sent to the team");
        Assert.Null(await bot.OpenTicketOf(user));
        Assert.Empty(bot.Channel.Created);
    }

    [Fact]
    public async Task Form_SendWithNothingSaid_AsksForASentenceFirst_RussianSendWord()
    {
        var bot = new TicketBot();
        var chat = await bot.User("empty", "ru").Says("/start").Says("позовите админа").Says("да");

        await chat.Says("отправить");

        chat.Expect("Сначала опишите").Expect("Вот что я передам команде");
        Assert.Null(await bot.OpenTicketOf("empty"));

        await chat.Says("Отправил USDT на Binance не в той сети, прошла неделя");
        await chat.Says("отправить");

        chat.Expect("Обращение **#");
        Assert.Equal("Отправил USDT на Binance не в той сети, прошла неделя", (await bot.OpenTicketOf("empty"))!.Form.WhatHappened);
    }

    [Fact]
    public async Task Form_MessageWithASecret_Refused_NeverInTheForm()
    {
        var bot = new TicketBot();
        var chat = await AtWrongNetworkDeposit(bot, "secret").Presses("Talk to the team");

        await chat.Says("my words are " + Phrase);

        Assert.True(chat.Last.SecretDetected);
        chat.Expect("looks like a Secret Recovery Phrase").Expect("This is what I'll send to the team");
        Assert.DoesNotContain("sausage", chat.Reply, StringComparison.Ordinal);

        await chat.Presses("Send to the team");

        var ticket = await bot.OpenTicketOf("secret");
        Assert.DoesNotContain("sausage", ticket!.Form.WhatHappened + ticket.Context, StringComparison.Ordinal);
        Assert.DoesNotContain("sausage", ConversationStateSerializer.Serialize((await bot.Conversations.LoadAsync("test/secret", CancellationToken.None))!),
            StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Contains("sausage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Form_ButtonFromAbove_LeavesTheFormUnsent()
    {
        var bot = new TicketBot();
        var chat = await AtWrongNetworkDeposit(bot, "leave").Presses("Talk to the team");

        await chat.Says("menu");

        chat.ExpectAt("menu/main");
        Assert.Null((await bot.Conversations.LoadAsync("test/leave", CancellationToken.None))!.TicketDraft);
        await chat.Sends("g:ticket:send");
        chat.Expect("That button belongs to an earlier question");
        Assert.Null(await bot.OpenTicketOf("leave"));
    }

    [Fact]
    public async Task SecondTicket_WhileOneIsOpen_ToldWhichIsOpen()
    {
        var bot = new TicketBot();
        var chat = await AtWrongNetworkDeposit(bot, "twice").Presses("Talk to the team").Presses("Send to the team");
        var first = await bot.OpenTicketOf("twice");

        await chat.Sends("g:menu").Says("I need a human").Says("yes").Says("Another problem: my withdrawal is late").Says("send");

        chat.Expect($"You already have ticket **#{first!.Id}** open");
        Assert.Single(bot.Channel.Created);
    }

    [Fact]
    public async Task WithinTeamHours_ToldTheTeamIsOnDuty()
    {
        // The test epoch is a Tuesday 12:00 UTC.
        var bot = new TicketBot(teamHours: "Mon-Fri 09:00-18:00 UTC");
        var chat = await AtWrongNetworkDeposit(bot, "hours").Presses("Talk to the team");

        await chat.Presses("Send to the team");

        chat.Expect("Ticket **#").Expect("The team is on duty now.");
    }

    [Fact]
    public async Task DeskFails_UserGetsAnApology_FormCanBeSentAgain()
    {
        var store = new FailingOnceTicketStore(TestBot.NewClock());
        var bot = new TicketBot(store: store);
        var chat = await AtWrongNetworkDeposit(bot, "fails").Presses("Talk to the team");

        await chat.Presses("Send to the team");

        chat.ExpectAt("exchange-withdrawal/wrong-network-binance").Expect("couldn't make sure your case reached the team");
        Assert.Contains(bot.Logs.Lines, l => l.StartsWith("Error: Opening a ticket for test/fails failed", StringComparison.Ordinal));

        await chat.Presses("Talk to the team").Presses("Send to the team");

        chat.Expect("Ticket **#");
    }

    [Fact]
    public async Task Console_NoTicketChannel_HumanGetsTheGeneralAnswer_NoButtonAnywhere()
    {
        var bot = new TicketBot(withDesk: false);
        var chat = await bot.User("console").Says("/start");

        await chat.Says("I want to talk to a human");

        chat.Expect("Want to talk to a person?").Expect("follow this group's or server's rules");
        Assert.DoesNotContain(chat.Last.Replies.SelectMany(r => r.Choices), b => b.Payload.StartsWith(TicketPayload, StringComparison.Ordinal));

        var handoff = await AtWrongNetworkDeposit(bot, "console-handoff");
        handoff.ExpectAt("exchange-withdrawal/wrong-network-binance");
        Assert.DoesNotContain(handoff.Buttons, b => b.Payload == TicketPayload);

        var feedback = await AtWithdrawalAdvice(bot, "console-advice").Presses("No, still not solved");
        feedback.ExpectAt("menu/main").Expect("Here is how to reach a person from the team");

        await chat.Sends(TicketPayload);
        chat.Expect("Talking to the team isn't set up in this chat");
        Assert.DoesNotContain(await bot.EventsOf("console"), e => e.Kind == ConversationEventKind.Escalated);
    }

    [Fact]
    public async Task ChannelWithTicketsSwitchedOff_NoButton()
    {
        var bot = new TicketBot(ticketsOnChannel: false);

        var chat = await AtWrongNetworkDeposit(bot, "off");

        Assert.DoesNotContain(chat.Buttons, b => b.Payload == TicketPayload);
        await chat.Says("get me an admin");
        chat.Expect("follow this group's or server's rules");
    }

    [Fact]
    public async Task WalletDrained_TicketsOnChannel_AnswerOffersTheTeam()
    {
        var bot = new TicketBot();

        var chat = await bot.User("drained").Says("my wallet was drained, all my tokens were taken");

        chat.Expect("act now");
        Assert.Contains(chat.Buttons, b => b.Payload == TicketPayload);
    }

    /// <summary>A ticket store whose first opening fails, as a database that is briefly unreachable does.</summary>
    private sealed class FailingOnceTicketStore(TimeProvider clock) : ITicketStore
    {
        private readonly InMemoryTicketStore inner = new(clock);
        private bool failed;

        public Task<TicketResult> OpenAsync(TicketRequest request, CancellationToken cancellationToken)
        {
            if (!failed)
            {
                failed = true;
                throw new IOException("database is locked");
            }

            return inner.OpenAsync(request, cancellationToken);
        }

        public Task<Ticket?> GetAsync(long id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<Ticket?> GetOpenForUserAsync(string channel, string userId, CancellationToken cancellationToken) =>
            inner.GetOpenForUserAsync(channel, userId, cancellationToken);

        public Task<Ticket?> GetByPlaceAsync(string channel, string place, CancellationToken cancellationToken) =>
            inner.GetByPlaceAsync(channel, place, cancellationToken);

        public Task<TicketResult> SetPlaceAsync(long id, string place, CancellationToken cancellationToken) => inner.SetPlaceAsync(id, place, cancellationToken);

        public Task<TicketResult> ClaimAsync(long id, string staffId, CancellationToken cancellationToken) => inner.ClaimAsync(id, staffId, cancellationToken);

        public Task<TicketResult> CloseAsync(long id, string reason, CancellationToken cancellationToken) => inner.CloseAsync(id, reason, cancellationToken);

        public Task<TicketResult> ReopenAsync(long id, CancellationToken cancellationToken) => inner.ReopenAsync(id, cancellationToken);

        public Task<TicketResult> RateAsync(long id, int rating, string? comment, CancellationToken cancellationToken) =>
            inner.RateAsync(id, rating, comment, cancellationToken);

        public Task<TicketResult> TouchAsync(long id, bool staffAnswer, CancellationToken cancellationToken) => inner.TouchAsync(id, staffAnswer, cancellationToken);

        public Task<TicketResult> MarkWarnedAsync(long id, CancellationToken cancellationToken) => inner.MarkWarnedAsync(id, cancellationToken);

        public Task<IReadOnlyList<Ticket>> ListActiveAsync(CancellationToken cancellationToken) => inner.ListActiveAsync(cancellationToken);

        public Task<int> ScrubClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.ScrubClosedBeforeAsync(before, cancellationToken);

        public Task<IReadOnlyList<Ticket>> ListOpenedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            inner.ListOpenedAsync(from, to, cancellationToken);
    }
}
