namespace SupportBot.Core.Conversations;

/// <summary>
/// The short form the user checks before a ticket opens: prefilled from where the conversation was, changed by what
/// the user types (already cut of secrets), and sent or cancelled with its buttons.
/// </summary>
/// <param name="From">The step the user asked for the team at (<c>{scenario}/{step}</c>), for the figures and the staff.</param>
/// <param name="WhatHappened">The account of the problem: the way through the scenario, or the user's own sentence; null when not known yet.</param>
/// <param name="Network">A network key from content/networks.yaml, when known.</param>
/// <param name="TxHash">The transaction hash, when known.</param>
public sealed record TicketDraft(string From, string? WhatHappened, string? Network, string? TxHash);

/// <summary>A rating the user has just given: their next typed message is its comment.</summary>
/// <param name="Ticket">The ticket rated.</param>
/// <param name="Rating">The rating, 1–5, sent again with the comment.</param>
public sealed record PendingRating(long Ticket, int Rating);
