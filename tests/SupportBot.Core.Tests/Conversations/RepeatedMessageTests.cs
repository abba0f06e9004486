using SupportBot.Core.Conversations;
using SupportBot.Core.Messages;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>
/// A channel that may hand a message over again (Telegram, when an instance dies after the turn was saved but before
/// its answer was committed) gets the first answer again, never a second turn on top of the first.
/// </summary>
public sealed class RepeatedMessageTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task FirstMessage_HandledAgain_SameGreetingAndAnswer_NoSecondTurn()
    {
        var (bot, store) = Bot();
        const string Text = "привет, вывел с бинанса, а в метамаске пусто";

        var first = await bot.Engine.HandleAsync(Message("5001", Text), None);
        var again = await bot.Engine.HandleAsync(Message("5001", Text), None);

        Assert.Contains("SupportBot", Texts(first), StringComparison.Ordinal); // a new conversation is greeted
        Assert.Equal(Texts(first), Texts(again));
        Assert.Equal((first.ScenarioId, first.StepId), (again.ScenarioId, again.StepId));
        Assert.Equal(1, (await store.LoadAsync("telegram/77", None))!.Version);
    }

    [Fact]
    public async Task LaterMessage_HandledAgain_AnsweredFromTheStateBeforeIt_ThenTheConversationGoesOnAsIfOnce()
    {
        var (bot, store) = Bot();
        var (control, _) = Bot();
        await bot.Engine.HandleAsync(Message("6001", "/start"), None);
        await control.Engine.HandleAsync(Message("6001", "/start"), None);

        var second = await bot.Engine.HandleAsync(Message("6002", "i sent usdt from binance and don't see it"), None);
        var again = await bot.Engine.HandleAsync(Message("6002", "i sent usdt from binance and don't see it"), None);
        await control.Engine.HandleAsync(Message("6002", "i sent usdt from binance and don't see it"), None);
        var next = await bot.Engine.HandleAsync(Message("6003", "BEP20"), None);
        var nextOnce = await control.Engine.HandleAsync(Message("6003", "BEP20"), None);

        Assert.Equal(Texts(second), Texts(again));
        Assert.Equal(Texts(nextOnce), Texts(next));
        Assert.Equal((nextOnce.ScenarioId, nextOnce.StepId), (next.ScenarioId, next.StepId));
        Assert.Equal(3, (await store.LoadAsync("telegram/77", None))!.Version);
    }

    [Fact]
    public async Task MessagesWithoutAnId_EachIsATurn_AndNoEarlierStateIsKept()
    {
        var (bot, store) = Bot();

        await bot.Engine.HandleAsync(Message(null, "/start"), None);
        await bot.Engine.HandleAsync(Message(null, "/start"), None);

        var stored = (await store.LoadAsync("telegram/77", None))!;
        Assert.Equal(2, stored.Version);
        Assert.Null(stored.Before);
        Assert.Null(stored.LastMessageId);
    }

    [Fact]
    public async Task EarlierState_KeptOneTurnDeep_AndSurvivesTheStore()
    {
        var (bot, store) = Bot();
        foreach (var (id, text) in new[] { ("7001", "/start"), ("7002", "/missing"), ("7003", "BEP20") })
        {
            await bot.Engine.HandleAsync(Message(id, text), None);
        }

        var stored = (await store.LoadAsync("telegram/77", None))!;
        var roundTripped = ConversationStateSerializer.Deserialize(ConversationStateSerializer.Serialize(stored));
        Assert.Equal("7003", roundTripped.LastMessageId);
        Assert.Equal(2, roundTripped.Before!.Version);
        Assert.Null(roundTripped.Before.Before);
    }

    private static (TestBot Bot, InMemoryConversationStore Store) Bot()
    {
        var time = TestBot.NewClock();
        var store = new InMemoryConversationStore(time);
        return (new TestBot(store, time), store);
    }

    private static InboundMessage Message(string? id, string text) =>
        new() { Channel = "telegram", ConversationId = "77", UserId = "77", Id = id, Text = text, Locale = "ru" };

    private static string Texts(TurnResult result) => string.Join("\n---\n", result.Replies.Select(r => r.Text));
}
