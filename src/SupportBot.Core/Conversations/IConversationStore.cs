namespace SupportBot.Core.Conversations;

/// <summary>
/// Durable conversation state with optimistic concurrency, shaped so that one store can serve several bot instances:
/// every write names the version it read, and loses if someone else wrote in between.
/// </summary>
public interface IConversationStore
{
    /// <summary>The stored state, or null when there is none or it has expired.</summary>
    Task<ConversationState?> LoadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="state"/> as version <c>expectedVersion + 1</c> if the stored version is still
    /// <paramref name="expectedVersion"/> (0: nothing stored, or only an expired state).
    /// </summary>
    /// <returns>
    /// False when another writer got there first, or the conversation was deleted or expired since it was read (a
    /// missing state is version 0); nothing is written then.
    /// </returns>
    Task<bool> TrySaveAsync(ConversationState state, long expectedVersion, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Forgets a conversation.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes every state that expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
