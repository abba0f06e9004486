using System.Globalization;
using System.Text;

namespace SupportBot.Core.Tickets;

/// <summary>
/// A ticket written out for people: the summary form, the conversation before it, and every line since, with times in
/// UTC. Texts were redacted before they were stored, so a transcript never holds a secret.
/// </summary>
/// <param name="FileName">A file name for channels that attach it, e.g. <c>ticket-12.txt</c>.</param>
/// <param name="Text">The transcript as plain text.</param>
public sealed record TicketTranscript(string FileName, string Text)
{
    public static TicketTranscript Build(Ticket ticket, IReadOnlyList<TicketMessage> lines, string opening)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder();
        text.Append(opening.TrimEnd()).Append("\n\n");
        foreach (var line in lines)
        {
            text.Append('[').Append(line.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("] ")
                .Append(line.Author switch
                {
                    TicketAuthor.User => "user",
                    TicketAuthor.Staff => "staff",
                    TicketAuthor.Note => "note",
                    _ => "bot",
                })
                .Append(' ').Append(line.AuthorName).Append(": ").Append(line.Text).Append('\n');
        }

        if (ticket.ClosedAt is { } closed)
        {
            text.Append('[').Append(closed.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("] closed: ")
                .Append(ticket.CloseReason).Append('\n');
        }

        return new TicketTranscript(string.Create(CultureInfo.InvariantCulture, $"ticket-{ticket.Id}.txt"), text.ToString());
    }
}
