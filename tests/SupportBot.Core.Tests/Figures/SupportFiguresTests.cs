using SupportBot.Core.Figures;

namespace SupportBot.Core.Tests.Figures;

public sealed class SupportFiguresTests
{
    private static readonly DateTimeOffset At = TestClock.Epoch;

    [Fact]
    public void Compute_CountsConversationsNotTurns_NotUnderstoodByMessage()
    {
        ConversationEvent[] events =
        [
            new(At, "a", ConversationEventKind.Started),
            new(At, "a", ConversationEventKind.ScenarioEntered, "exchange-withdrawal"),
            new(At, "a", ConversationEventKind.ScenarioEntered, "exchange-withdrawal"), // went back and in again
            new(At, "a", ConversationEventKind.FinalAdvice, "exchange-withdrawal/bsc"),
            new(At, "a", ConversationEventKind.Solved, "exchange-withdrawal/bsc"),
            new(At, "a", ConversationEventKind.Solved, "exchange-withdrawal/bsc"),
            new(At, "b", ConversationEventKind.Started),
            new(At, "b", ConversationEventKind.IntentFollowed, "bridge-stuck"),
            new(At, "b", ConversationEventKind.ScenarioEntered, "cross-chain-transfer"),
            new(At, "b", ConversationEventKind.NotUnderstood, "zzz"),
            new(At, "b", ConversationEventKind.NotUnderstood, "yyy"),
            new(At, "c", ConversationEventKind.NotUnderstood, "yyy"),
        ];

        var figures = SupportFigures.Compute(At, At.AddDays(1), events);

        Assert.Equal(2, figures.Conversations);
        Assert.Equal([new FigureCount("cross-chain-transfer", 1), new FigureCount("exchange-withdrawal", 1)], figures.Scenarios);
        Assert.Equal([new FigureCount("bridge-stuck", 1)], figures.Intents);
        Assert.Equal((1, 1, 0), (figures.FinalAdvice, figures.Solved, figures.Unsolved));
        Assert.Equal(3, figures.NotUnderstood);
        Assert.Equal([new FigureCount("yyy", 2), new FigureCount("zzz", 1)], figures.TopNotUnderstood);
    }

    [Fact]
    public void Compute_ManyDifferentMessages_KeepsTheMostFrequent()
    {
        var events = Enumerable.Range(0, SupportFigures.TopCount + 5)
            .Select(i => new ConversationEvent(At, "u", ConversationEventKind.NotUnderstood, "message " + i))
            .Append(new ConversationEvent(At, "v", ConversationEventKind.NotUnderstood, "message 24"))
            .ToList();

        var top = SupportFigures.Compute(At, At.AddDays(1), events).TopNotUnderstood;

        Assert.Equal(SupportFigures.TopCount, top.Count);
        Assert.Equal(new FigureCount("message 24", 2), top[0]);
    }
}
