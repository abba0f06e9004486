using SupportBot.Core.Tickets;
using SupportBot.Discord.Channel;

namespace SupportBot.Discord.Tests.Channel;

public sealed class TicketTranscriptsTests
{
    [Fact]
    public void WithoutNotes_NoteLinesAndTheirContinuationsDropped_EverythingElseKept()
    {
        var at = TestClock.Epoch;
        var ticket = new Ticket(3, "discord/555", "discord", "555", TicketState.Closed, new TicketForm("lost USDT", "bsc", null), "99", at,
            ClosedAt: at.AddMinutes(9), CloseReason: "solved");
        var transcript = TicketTranscript.Build(ticket,
        [
            new TicketMessage(3, "a", at.AddMinutes(1), TicketAuthor.User, "Alice", "where are my tokens?"),
            new TicketMessage(3, "b", at.AddMinutes(2), TicketAuthor.Note, "Bob", "KYC flag\nsecond line of the note"),
            new TicketMessage(3, "c", at.AddMinutes(3), TicketAuthor.Staff, "Bob", "they are on BSC\nimport the token"),
            new TicketMessage(3, "d", at.AddMinutes(4), TicketAuthor.Bot, "bot", "closed by Bob"),
        ], "**Ticket #3**\nWhat happened: lost USDT");

        var copy = TicketTranscripts.WithoutNotes(transcript.Text);

        Assert.DoesNotContain("KYC", copy, StringComparison.Ordinal);
        Assert.DoesNotContain("second line of the note", copy, StringComparison.Ordinal);
        Assert.Equal(transcript.Text.Replace("[2030-01-15 12:02] note Bob: KYC flag\nsecond line of the note\n", "", StringComparison.Ordinal), copy);
        Assert.Contains("import the token", copy, StringComparison.Ordinal);
        Assert.Contains("closed: solved", copy, StringComparison.Ordinal);
    }
}
