namespace SupportBot.Core.Channels;

/// <summary>
/// Calls a channel owes the platform: the messages a handled update produced, each kept until the platform confirms
/// it. Committing a turn stores its calls and marks its update done in the <see cref="IUpdateInbox"/> in one step, so
/// after a crash the turn is never run again; delivery resumes from the first unconfirmed call, and only the one that
/// was in flight can go out twice. Confirmed calls are forgotten at once, so the log holds only what is still owed.
/// </summary>
public interface IOutboundLog
{
    /// <summary>Stores the calls of a handled update, in order, and marks the update done in the inbox, atomically.</summary>
    Task CommitTurnAsync(string channel, long updateId, IReadOnlyList<OutboundEntry> calls, CancellationToken cancellationToken);

    /// <summary>Unconfirmed calls, oldest first: of one chat, or of every chat when <paramref name="chat"/> is null.</summary>
    Task<IReadOnlyList<OutboundItem>> PendingAsync(string channel, string? chat, int limit, CancellationToken cancellationToken);

    /// <summary>The platform confirmed the call: it is removed and never handed out again.</summary>
    Task MarkSentAsync(long id, CancellationToken cancellationToken);

    /// <summary>A failed attempt; after <paramref name="maxAttempts"/> the call is dropped.</summary>
    /// <returns>True when the call was dropped.</returns>
    Task<bool> MarkFailedAsync(long id, int maxAttempts, CancellationToken cancellationToken);
}

/// <summary>One call to store: the chat it goes to (its order key) and the channel's description of it.</summary>
public sealed record OutboundEntry(string Chat, string Payload);

/// <summary>A stored call, its place in the log (<paramref name="Id"/>, increasing) and how many attempts have failed.</summary>
public sealed record OutboundItem(long Id, string Channel, string Chat, long UpdateId, string Payload, int Attempts);
