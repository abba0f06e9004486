namespace SupportBot.Core.Tickets;

/// <summary>Where a ticket is in its life: waiting for staff, taken by one staff member, or finished.</summary>
public enum TicketState
{
    Open,
    Claimed,
    Closed,
}

/// <summary>
/// The summary staff read first, prefilled from the conversation's slots and confirmed by the user. The texts arrive
/// already redacted by the caller (no recovery phrases, keys or tokens); stores keep them as given.
/// </summary>
/// <param name="WhatHappened">The user's account of the problem.</param>
/// <param name="Network">The network (chain) concerned.</param>
/// <param name="TxHash">The transaction hash, when the user has one.</param>
public sealed record TicketForm(string WhatHappened, string Network, string? TxHash);

/// <summary>What a channel asks a store to open for a user.</summary>
/// <param name="ConversationKey">The conversation the ticket comes from, e.g. <c>telegram/123</c>.</param>
/// <param name="Channel">The channel's name, e.g. <c>telegram</c> or <c>discord</c>; with <paramref name="UserId"/> it names the user.</param>
/// <param name="UserId">The user's id on that channel.</param>
/// <param name="Form">The summary form, redacted by the caller.</param>
/// <param name="Language">The user's language (<c>en</c>, <c>ru</c>): what the bot tells the user about the ticket is in it.</param>
/// <param name="Context">What the conversation went through before the ticket (steps, what it found out), redacted; staff read it first.</param>
public sealed record TicketRequest(string ConversationKey, string Channel, string UserId, TicketForm Form, string Language = "en", string? Context = null);

/// <summary>
/// A hand-over of one user's problem to human staff. Platform-neutral: the channel keeps its own place for it
/// (a Discord private thread, a Telegram forum topic) in <see cref="Place"/>.
/// </summary>
/// <param name="Id">The store's number for it, shown to users and staff as <c>#id</c>.</param>
/// <param name="ConversationKey">The conversation it came from, e.g. <c>telegram/123</c>.</param>
/// <param name="Channel">The channel's name; with <paramref name="UserId"/> it names the user.</param>
/// <param name="UserId">The user's id on that channel.</param>
/// <param name="State">Open, claimed or closed.</param>
/// <param name="Form">The summary form, as redacted by the caller.</param>
/// <param name="Place">The channel's place for the ticket (thread or topic id), once the channel has created it.</param>
/// <param name="OpenedAt">When it was first opened; reopening keeps it.</param>
/// <param name="ClaimedAt">When staff claimed it.</param>
/// <param name="ClaimedBy">The staff member's id on the channel, while claimed (kept after closing, for the figures).</param>
/// <param name="ClosedAt">When it was closed.</param>
/// <param name="CloseReason">Why it was closed, as the caller worded it.</param>
/// <param name="Rating">The user's rating, 1 to 5, once given after closing.</param>
/// <param name="RatingComment">The user's comment with the rating, redacted by the caller.</param>
/// <param name="Language">The user's language, for everything the bot tells the user about the ticket.</param>
/// <param name="Context">The conversation before the ticket, as the request gave it (redacted); cleared by retention.</param>
/// <param name="LastActivityAt">The last message of the user or staff (or the opening/reopening): inactivity counts from it.</param>
/// <param name="FirstAnsweredAt">When staff first wrote to the user; kept across reopening, for the figures.</param>
/// <param name="WarnedAt">When the inactivity warning went out, if it did since the last activity.</param>
public sealed record Ticket(
    long Id,
    string ConversationKey,
    string Channel,
    string UserId,
    TicketState State,
    TicketForm Form,
    string? Place,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClaimedAt = null,
    string? ClaimedBy = null,
    DateTimeOffset? ClosedAt = null,
    string? CloseReason = null,
    int? Rating = null,
    string? RatingComment = null,
    string Language = "en",
    string? Context = null,
    DateTimeOffset? LastActivityAt = null,
    DateTimeOffset? FirstAnsweredAt = null,
    DateTimeOffset? WarnedAt = null)
{
    /// <summary>Since when the ticket has been quiet: its last activity, or its opening.</summary>
    public DateTimeOffset QuietSince => LastActivityAt ?? OpenedAt;
}
