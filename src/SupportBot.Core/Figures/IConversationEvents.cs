namespace SupportBot.Core.Figures;

/// <summary>
/// The record of conversation events the support figures are computed from. Texts in it were redacted by the secret
/// guard before they got here; a message holding a secret is never recorded at all.
/// </summary>
public interface IConversationEvents
{
    Task RecordAsync(IReadOnlyList<ConversationEvent> events, CancellationToken cancellationToken);

    /// <summary>The events with <paramref name="from"/> ≤ time &lt; <paramref name="to"/>, oldest first.</summary>
    Task<IReadOnlyList<ConversationEvent>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Forgets the events older than <paramref name="before"/> (retention); returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
