namespace SupportBot.Core.Tickets;

/// <summary>Who wrote a line of a ticket.</summary>
public enum TicketAuthor
{
    /// <summary>The user who opened it.</summary>
    User,

    /// <summary>Staff, to the user.</summary>
    Staff,

    /// <summary>Staff, to each other only: an internal note never reaches the user.</summary>
    Note,

    /// <summary>The bot: claims, warnings, closing.</summary>
    Bot,
}

/// <summary>One line of a ticket's conversation, as the transcript shows it. The text is redacted before it is stored.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="SourceId">
/// The platform's id of the message (e.g. <c>telegram:update:812</c>, <c>discord:message:1234</c>): handling the same
/// message again after a restart adds nothing.
/// </param>
/// <param name="At">When, by the bot's clock.</param>
/// <param name="Author">User, staff, note or bot.</param>
/// <param name="AuthorName">How the transcript names the author (a display name, or a role such as "staff").</param>
/// <param name="Text">What was written, secrets redacted.</param>
public sealed record TicketMessage(long TicketId, string SourceId, DateTimeOffset At, TicketAuthor Author, string AuthorName, string Text);

/// <summary>The lines of every ticket: the transcript staff and the user get at closing, kept for the configured retention.</summary>
public interface ITicketMessages
{
    /// <summary>Adds a line; false (and nothing added) when a line with its <see cref="TicketMessage.SourceId"/> is already there.</summary>
    Task<bool> AddAsync(TicketMessage message, CancellationToken cancellationToken);

    /// <summary>A ticket's lines, oldest first.</summary>
    Task<IReadOnlyList<TicketMessage>> ListAsync(long ticketId, CancellationToken cancellationToken);

    /// <summary>Retention: forgets the lines written before <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
