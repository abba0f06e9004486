using SupportBot.Core.Tickets;

namespace SupportBot.Core.Tests.Tickets;

/// <summary>Quiet tickets: one warning after <see cref="TicketOptions.InactivityWarning"/>, closed <see cref="TicketOptions.InactivityClose"/> later.</summary>
public sealed class TicketDeskInactivityTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly TicketOptions Options = new() { InactivityWarning = TimeSpan.FromHours(48), InactivityClose = TimeSpan.FromHours(24) };

    [Fact]
    public async Task Sweep_NotQuietLongEnough_Nothing()
    {
        var desk = new DeskScene(Options);
        var ticket = await desk.OpenAsync();
        desk.Clock.Advance(Options.InactivityWarning - TimeSpan.FromMinutes(1));

        Assert.Equal(0, await desk.Desk.SweepInactiveAsync(None));

        Assert.Empty(desk.Channel.PlacePosts);
        Assert.Null((await desk.Store.GetAsync(ticket.Id, None))!.WarnedAt);
    }

    [Fact]
    public async Task Sweep_QuietForTheWarningTime_WarnsInThePlaceAndTheUserOnce()
    {
        var desk = new DeskScene(Options);
        var ticket = await desk.OpenAsync();
        desk.Clock.Advance(Options.InactivityWarning);

        await desk.Desk.SweepInactiveAsync(None);
        desk.Clock.Advance(TimeSpan.FromHours(1));
        await desk.Desk.SweepInactiveAsync(None);

        var post = Assert.Single(desk.Channel.PlacePosts);
        Assert.Equal($"No messages in ticket #{ticket.Id} for 48 h; it closes in 24 h unless someone writes.", post.Text);
        Assert.Equal($"Your ticket #{ticket.Id} has been quiet for a while. If you still need help, write here; otherwise it will close by itself.",
            Assert.Single(desk.Channel.ToUser).Message.Text);
        Assert.Equal(TestClock.Epoch + Options.InactivityWarning, (await desk.Store.GetAsync(ticket.Id, None))!.WarnedAt);
    }

    [Fact]
    public async Task Sweep_WarningCannotBePostedInThePlace_TheUserIsStillWarned_OnlyOnce()
    {
        var desk = new DeskScene(Options);
        var ticket = await desk.OpenAsync();
        desk.Channel.FailAtPlaces = true;
        desk.Clock.Advance(Options.InactivityWarning);

        await desk.Desk.SweepInactiveAsync(None);
        await desk.Desk.SweepInactiveAsync(None);

        Assert.Equal($"Your ticket #{ticket.Id} has been quiet for a while. If you still need help, write here; otherwise it will close by itself.",
            Assert.Single(desk.Channel.ToUser).Message.Text);
        Assert.NotNull((await desk.Store.GetAsync(ticket.Id, None))!.WarnedAt);
    }

    [Fact]
    public async Task Sweep_ActivityAfterTheWarning_VoidsIt_NoClosing_TheNextWarningCountsFromTheActivity()
    {
        var desk = new DeskScene(Options);
        var ticket = await desk.OpenAsync();
        desk.Clock.Advance(Options.InactivityWarning);
        await desk.Desk.SweepInactiveAsync(None);
        desk.Clock.Advance(TimeSpan.FromHours(2));
        await desk.StaffWritesAsync(ticket, "Are you still there?");

        desk.Clock.Advance(Options.InactivityClose);
        Assert.Equal(0, await desk.Desk.SweepInactiveAsync(None));
        Assert.Single(desk.Channel.PlacePosts);
        Assert.Equal(TicketState.Open, (await desk.Store.GetAsync(ticket.Id, None))!.State);

        desk.Clock.Advance(Options.InactivityWarning - Options.InactivityClose);
        await desk.Desk.SweepInactiveAsync(None);
        Assert.Equal(2, desk.Channel.PlacePosts.Count);
    }

    [Fact]
    public async Task Sweep_StillQuietAfterTheWarning_Closed_TranscriptFiled_UserAskedToRate()
    {
        var desk = new DeskScene(Options);
        var ticket = await desk.OpenAsync();
        desk.Clock.Advance(Options.InactivityWarning);
        await desk.Desk.SweepInactiveAsync(None);
        desk.Clock.Advance(Options.InactivityClose - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await desk.Desk.SweepInactiveAsync(None));

        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        var closed = await desk.Desk.SweepInactiveAsync(None);

        Assert.Equal(1, closed);
        var stored = await desk.Store.GetAsync(ticket.Id, None);
        Assert.Equal((TicketState.Closed, "no activity", TestClock.Epoch + Options.InactivityWarning + Options.InactivityClose),
            (stored!.State, stored.CloseReason, stored.ClosedAt));
        Assert.Contains("closed by bot", Assert.Single(desk.Channel.ClosedPlaces).Transcript.Text, StringComparison.Ordinal);
        Assert.Equal([$"Ticket #{ticket.Id} is closed: no activity", $"How did the team do with ticket #{ticket.Id}? Rate from 1 to 5."],
            desk.Channel.ToUser.Skip(1).Select(m => m.Message.Text));
        Assert.Empty(await desk.Store.ListActiveAsync(None));
    }

    [Fact]
    public async Task Sweep_AUserWritesWhileEarlierTicketsAreClosed_TheirTicketStaysOpen()
    {
        var desk = new DeskScene(Options);
        var first = await desk.OpenAsync("1");
        var second = await desk.OpenAsync("2");
        desk.Clock.Advance(Options.InactivityWarning);
        await desk.Desk.SweepInactiveAsync(None);
        desk.Clock.Advance(Options.InactivityClose);
        desk.Channel.WhileClosingPlace = async () => await desk.UserWritesAsync("I'm still here!", userId: "2");

        var closed = await desk.Desk.SweepInactiveAsync(None);

        Assert.Equal(1, closed);
        Assert.Equal(TicketState.Closed, (await desk.Store.GetAsync(first.Id, None))!.State);
        Assert.Equal(TicketState.Open, (await desk.Store.GetAsync(second.Id, None))!.State);
    }

    [Fact]
    public async Task Sweep_UsersMessagesKeepItOpen()
    {
        var desk = new DeskScene(Options);
        var ticket = await desk.OpenAsync();
        for (var day = 0; day < 5; day++)
        {
            desk.Clock.Advance(TimeSpan.FromHours(47));
            await desk.UserWritesAsync("any news?");
            await desk.Desk.SweepInactiveAsync(None);
        }

        Assert.Empty(desk.Channel.PlacePosts);
        Assert.Equal(TicketState.Open, (await desk.Store.GetAsync(ticket.Id, None))!.State);
    }
}
