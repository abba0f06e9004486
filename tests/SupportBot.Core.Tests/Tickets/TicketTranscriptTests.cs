using SupportBot.Core.Tickets;

namespace SupportBot.Core.Tests.Tickets;

/// <summary>Staff's transcript is whole; the user's copy has no staff summary and no internal note — not even a note's later lines.</summary>
public sealed class TicketTranscriptTests
{
    [Fact]
    public void Build_StaffGetEverything_TheUsersCopyLeavesOutTheSummaryAndNotes()
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
        ], "**Ticket #3**\nWhat happened: lost USDT\nReply here and the user gets it.");

        Assert.Equal("ticket-3.txt", transcript.FileName);
        Assert.Contains("Reply here and the user gets it.", transcript.Text, StringComparison.Ordinal);
        Assert.Contains("[2030-01-15 12:02] note Bob: KYC flag\nsecond line of the note\n", transcript.Text, StringComparison.Ordinal);
        Assert.Equal(
            "Ticket #3\n\n"
            + "[2030-01-15 12:01] user Alice: where are my tokens?\n"
            + "[2030-01-15 12:03] staff Bob: they are on BSC\nimport the token\n"
            + "[2030-01-15 12:04] bot bot: closed by Bob\n"
            + "[2030-01-15 12:09] closed: solved\n",
            transcript.UserText);
    }
}
