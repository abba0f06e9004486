using SupportBot.Core.Messages;

namespace SupportBot.Core.Conversations;

/// <summary>What one user message produced.</summary>
/// <param name="Replies">Messages to send, in order.</param>
/// <param name="SecretDetected">
/// The user's message contained a recovery phrase or private key. Adapters delete the original where they can;
/// nothing of the original text was stored or logged.
/// </param>
/// <param name="ScenarioId">The scenario the conversation is in after the turn.</param>
/// <param name="StepId">The step the conversation is at after the turn.</param>
public sealed record TurnResult(IReadOnlyList<OutboundMessage> Replies, bool SecretDetected, string ScenarioId, string StepId)
{
    /// <summary>
    /// The message the user answered shows final advice, which must stay readable: channels send the replies as new
    /// messages and only take the buttons off that message, instead of editing it into the next step.
    /// </summary>
    public bool KeepAnswered { get; init; }
}
