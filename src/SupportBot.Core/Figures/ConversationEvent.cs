namespace SupportBot.Core.Figures;

/// <summary>Something that happened in a conversation and counts in the support figures.</summary>
/// <param name="At">When, by the bot's clock.</param>
/// <param name="ConversationKey">The conversation (channel and user), so figures count conversations, not turns.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Value">
/// The scenario entered, the intent followed, the step of the final advice (<c>{scenario}/{step}</c>), or the
/// redacted, normalised text that was not understood; null for the other kinds.
/// </param>
public sealed record ConversationEvent(DateTimeOffset At, string ConversationKey, ConversationEventKind Kind, string? Value = null);

/// <summary>The kinds of <see cref="ConversationEvent"/>. Stored by name: renaming one loses its history.</summary>
public enum ConversationEventKind
{
    Started,
    ScenarioEntered,
    IntentFollowed,
    FinalAdvice,
    Solved,
    Unsolved,
    NotUnderstood,

    /// <summary>The user asked for the team and was shown the ticket form; the value is the step they were at (<c>{scenario}/{step}</c>).</summary>
    Escalated,
}
