using SupportBot.Core.Figures;
using SupportBot.Core.Tickets;

namespace SupportBot.Core.Tests.Tickets;

/// <summary>The ticket figures of tickets worked through the real desk: what staff and users did, counted back.</summary>
public sealed class TicketDeskFiguresTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateTimeOffset Start = TestClock.Epoch;

    [Fact]
    public async Task Figures_OddCounts_TheMiddleTimes_RatingsOfTheClosed()
    {
        var desk = new DeskScene();
        // User, minutes to the first answer, minutes to closing, rating and comment.
        await WorkAsync(desk,
            new("1", AnswerAfter: 10, CloseAfter: 60, Rating: 5),
            new("2", AnswerAfter: 30, CloseAfter: 180, Rating: 4, Comment: "took a while but fine"),
            new("3", AnswerAfter: 20, CloseAfter: 120),
            new("4", AnswerAfter: null, CloseAfter: null)); // still waiting

        var figures = await FiguresAsync(desk, Start, Start.AddDays(1));

        Assert.Equal((4, 3, 1, 3), (figures.Opened, figures.Closed, figures.StillOpen, figures.Answered));
        Assert.Equal(TimeSpan.FromMinutes(20), figures.MedianToFirstAnswer);
        Assert.Equal(TimeSpan.FromMinutes(120), figures.MedianToClose);
        Assert.Equal((2, 4.5, 1), (figures.Ratings.Count, figures.Ratings.Average, figures.Ratings.Comments));
        Assert.Equal([0, 0, 0, 1, 1], figures.Ratings.Distribution);
    }

    [Fact]
    public async Task Figures_EvenCounts_HalfwayBetweenTheTwoMiddleTimes()
    {
        var desk = new DeskScene();
        await WorkAsync(desk,
            new("1", AnswerAfter: 10, CloseAfter: 40, Rating: 1),
            new("2", AnswerAfter: 25, CloseAfter: 90, Rating: 2),
            new("3", AnswerAfter: 5, CloseAfter: 61),
            new("4", AnswerAfter: 45, CloseAfter: 300));

        var figures = await FiguresAsync(desk, Start, Start.AddDays(1));

        Assert.Equal(TimeSpan.FromMinutes(17.5), figures.MedianToFirstAnswer); // 10 and 25
        Assert.Equal(TimeSpan.FromMinutes(75.5), figures.MedianToClose); // 61 and 90
        Assert.Equal((2, 1.5), (figures.Ratings.Count, figures.Ratings.Average));
        Assert.Equal([1, 1, 0, 0, 0], figures.Ratings.Distribution);
    }

    [Fact]
    public async Task Figures_EmptyPeriod_ZerosAndNoTimes()
    {
        var desk = new DeskScene();
        await WorkAsync(desk, new Plan("1", AnswerAfter: 10, CloseAfter: 60, Rating: 5, Comment: "great"));

        var figures = await FiguresAsync(desk, Start.AddDays(-7), Start);

        Assert.Equal((0, 0, 0, 0), (figures.Opened, figures.Closed, figures.StillOpen, figures.Answered));
        Assert.Equal((null, null), (figures.MedianToFirstAnswer, figures.MedianToClose));
        Assert.Equal((0, null, 0), (figures.Ratings.Count, figures.Ratings.Average, figures.Ratings.Comments));
        Assert.Equal([0, 0, 0, 0, 0], figures.Ratings.Distribution);
    }

    [Fact]
    public async Task Figures_AsTheyStoodAtTheEndOfThePeriod_AnsweredOrClosedLaterCountAsWaiting()
    {
        var desk = new DeskScene();
        await WorkAsync(desk, new Plan("1", AnswerAfter: 90, CloseAfter: 180, Rating: 3));

        var figures = await FiguresAsync(desk, Start, Start.AddHours(1));

        Assert.Equal((1, 0, 1, 0), (figures.Opened, figures.Closed, figures.StillOpen, figures.Answered));
        Assert.Equal((null, null, 0), (figures.MedianToFirstAnswer, figures.MedianToClose, figures.Ratings.Count));
    }

    [Fact]
    public async Task Figures_ATicketWhosePlaceCouldNotBeCreated_NotCounted_TheRetryIs()
    {
        var desk = new DeskScene();
        desk.Channel.FailCreatingPlace = true;
        Assert.Equal(TicketOpeningOutcome.Failed, (await desk.Desk.OpenAsync(DeskScene.Request(), None)).Outcome);
        desk.Channel.FailCreatingPlace = false;
        await desk.OpenAsync();

        var figures = await FiguresAsync(desk, Start, Start.AddDays(1));

        Assert.Equal((1, 0, 1), (figures.Opened, figures.Closed, figures.StillOpen));
    }

    [Fact]
    public async Task Figures_Reopened_FirstAnswerOfTheFirstRound_CloseOfTheLast()
    {
        var desk = new DeskScene();
        var ticket = (await WorkAsync(desk, new Plan("1", AnswerAfter: 10, CloseAfter: 30, Rating: 5)))[0];
        desk.Clock.Advance(TimeSpan.FromMinutes(30)); // an hour after opening
        await desk.Desk.ReopenAsync("discord", ticket.Place!, "Bob", None);
        await desk.StaffWritesAsync(ticket, "Let's look again");
        desk.Clock.Advance(TimeSpan.FromMinutes(60));
        await desk.Desk.CloseAsync("discord", ticket.Place!, "Bob", null, None);

        var figures = await FiguresAsync(desk, Start, Start.AddDays(1));

        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(120)), (figures.MedianToFirstAnswer, figures.MedianToClose));
        Assert.Equal(0, figures.Ratings.Count); // the rating belonged to the first round
    }

    /// <summary>
    /// Opens every plan's ticket at <see cref="Start"/>, then, in time order, answers and closes each that many minutes
    /// after, and finally rates them; the clock ends after the last step.
    /// </summary>
    private static async Task<IReadOnlyList<Ticket>> WorkAsync(DeskScene desk, params Plan[] plans)
    {
        Assert.Equal(Start, desk.Clock.GetUtcNow());
        var tickets = new List<Ticket>();
        foreach (var plan in plans)
            tickets.Add(await desk.OpenAsync(plan.UserId));

        var steps = plans.Select((plan, i) => (At: plan.AnswerAfter, Ticket: tickets[i], Close: false))
            .Concat(plans.Select((plan, i) => (At: plan.CloseAfter, Ticket: tickets[i], Close: true)))
            .Where(step => step.At is not null).OrderBy(step => step.At).ThenBy(step => step.Close);
        foreach (var (at, ticket, close) in steps)
        {
            desk.Clock.SetUtcNow(Start.AddMinutes(at!.Value));
            if (close)
                Assert.True((await desk.Desk.CloseAsync("discord", ticket.Place!, "Bob", null, None)).Succeeded);
            else
                Assert.Equal(RelayKind.Relay, (await desk.StaffWritesAsync(ticket, "Checking your withdrawal")).Kind);
        }

        foreach (var (plan, ticket) in plans.Zip(tickets))
        {
            if (plan.Rating is { } stars)
                Assert.Equal(TicketOutcome.Done, (await desk.Desk.RateAsync("discord", plan.UserId, ticket.Id, stars, plan.Comment, None)).Outcome);
        }

        return tickets;
    }

    /// <summary>One user's ticket: minutes after opening to the first staff answer and to closing, then the rating.</summary>
    private sealed record Plan(string UserId, double? AnswerAfter, double? CloseAfter, int? Rating = null, string? Comment = null);

    private static async Task<TicketFigures> FiguresAsync(DeskScene desk, DateTimeOffset from, DateTimeOffset to) =>
        SupportFigures.Compute(from, to, [], await desk.Store.ListOpenedAsync(from, to, None)).Tickets;
}
