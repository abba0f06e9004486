using System.Globalization;
using System.Text;

namespace SupportBot.Core.Tickets;

/// <summary>
/// A ticket written out for people, with times in UTC. Texts were redacted before they were stored, so a transcript
/// never holds a secret. Staff get it whole; the user's copy has neither the staff summary nor internal notes.
/// </summary>
/// <param name="FileName">A file name for channels that attach it, e.g. <c>ticket-12.txt</c>.</param>
/// <param name="Text">For staff: the summary (form, conversation before, lookup) and every line since, notes included.</param>
/// <param name="UserText">For the user: a title and the lines between them and staff — no summary, no internal note.</param>
public sealed record TicketTranscript(string FileName, string Text, string UserText)
{
    public static TicketTranscript Build(Ticket ticket, IReadOnlyList<TicketMessage> lines, string opening)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(opening);
        var forStaff = new StringBuilder(opening.TrimEnd()).Append("\n\n");
        var forUser = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Ticket #{ticket.Id}")).Append("\n\n");
        foreach (var line in lines)
        {
            var written = Line(line);
            forStaff.Append(written);
            if (line.Author != TicketAuthor.Note)
                forUser.Append(written);
        }

        if (ticket.ClosedAt is { } closed)
        {
            var closing = $"[{Time(closed)}] closed: {ticket.CloseReason}\n";
            forStaff.Append(closing);
            forUser.Append(closing);
        }

        return new TicketTranscript(string.Create(CultureInfo.InvariantCulture, $"ticket-{ticket.Id}.txt"), forStaff.ToString(), forUser.ToString());
    }

    private static string Line(TicketMessage line)
    {
        var author = line.Author switch
        {
            TicketAuthor.User => "user",
            TicketAuthor.Staff => "staff",
            TicketAuthor.Note => "note",
            _ => "bot",
        };
        return $"[{Time(line.At)}] {author} {line.AuthorName}: {line.Text}\n";
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
