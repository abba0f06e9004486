namespace SupportBot.Core.Channels;

/// <summary>
/// Updates a channel received but has not finished handling. A channel stores each update here before it confirms
/// receipt to the platform (Telegram's offset, a webhook's 200), so a crash or restart loses nothing; the update id
/// is the key, so an update delivered twice is handled once. Texts are stored with any secret already redacted.
/// </summary>
public interface IUpdateInbox
{
    /// <summary>Stores an update; false when this channel already has one with this id (a duplicate delivery).</summary>
    Task<bool> TryAddAsync(string channel, long updateId, string payload, CancellationToken cancellationToken);

    /// <summary>Updates not yet handled, oldest first.</summary>
    Task<IReadOnlyList<InboxItem>> PendingAsync(string channel, int limit, CancellationToken cancellationToken);

    /// <summary>Handled: never handed out again.</summary>
    Task MarkDoneAsync(string channel, long updateId, CancellationToken cancellationToken);

    /// <summary>A failed attempt; after <paramref name="maxAttempts"/> the update is given up (kept, with the reason).</summary>
    /// <returns>True when the update was given up.</returns>
    Task<bool> MarkFailedAsync(string channel, long updateId, string reason, int maxAttempts, CancellationToken cancellationToken);

    /// <summary>The highest update id ever stored for the channel, or null: where polling resumes after a restart.</summary>
    Task<long?> LastUpdateIdAsync(string channel, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets handled and given-up updates older than <paramref name="before"/>, except each channel's newest: it is
    /// where polling resumes (<see cref="LastUpdateIdAsync"/>).
    /// </summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>A stored update and how many times handling it has failed.</summary>
public sealed record InboxItem(string Channel, long UpdateId, string Payload, int Attempts);
