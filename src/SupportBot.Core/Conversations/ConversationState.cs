using System.Text.Json.Serialization;

namespace SupportBot.Core.Conversations;

/// <summary>
/// Everything the engine remembers about one conversation: small, serialisable, versioned for optimistic concurrency.
/// It never holds what the user typed, only the facts extracted from it (slots).
/// </summary>
public sealed record ConversationState
{
    /// <summary>Storage key, <c>{channel}/{conversation id}</c>.</summary>
    public required string Key { get; init; }

    /// <summary>Reply language: <c>en</c> or <c>ru</c>.</summary>
    public string Language { get; init; } = "en";

    /// <summary>True once the user picked the language themselves; then it no longer follows what they write in.</summary>
    public bool LanguageChosen { get; init; }

    public required string ScenarioId { get; init; }

    public required string StepId { get; init; }

    /// <summary>Facts gathered so far: network, direction, tx hash, address…</summary>
    public IReadOnlyDictionary<string, string> Slots { get; init; } = new Dictionary<string, string>();

    /// <summary>Earlier steps, newest last, for "back".</summary>
    public IReadOnlyList<StepFrame> History { get; init; } = [];

    /// <summary>The language picker was the last thing shown, so a typed number picks a language.</summary>
    public bool LanguagePromptOpen { get; init; }

    /// <summary>
    /// The "which network did you mean?" question was the last thing shown, so a typed number answers it:
    /// the ambiguous name's id, and the scenario the message pointed to (after a <c>:</c>), if any.
    /// </summary>
    public string? OpenClarification { get; init; }

    /// <summary>
    /// The step (<c>{scenario}/{step}</c>) whose last lookup found the transaction pending or could not reach every
    /// network: while the conversation is there, it offers "Check again".
    /// </summary>
    public string? RecheckStep { get; init; }

    /// <summary>The ticket form, while the user is filling it in; null otherwise (and in states saved before tickets).</summary>
    public TicketDraft? TicketDraft { get; init; }

    /// <summary>A ticket was just rated: the next typed message is the rating's comment.</summary>
    public PendingRating? RatingAwaitingComment { get; init; }

    /// <summary>
    /// Users of this conversation's channel can open tickets, so "Talk to the team" is offered. Not stored: the engine
    /// asks the ticket desk every turn, so a channel set up (or switched off) later is seen at once.
    /// </summary>
    [JsonIgnore]
    public bool TicketsAvailable { get; init; }

    /// <summary>
    /// The <see cref="Messages.InboundMessage.Id"/> of the message whose turn made this state, and the state before that
    /// turn: if the message comes again (an instance died after saving the turn but before its answer was committed),
    /// the answer is worked out again from <see cref="Before"/> and nothing is saved. Null for messages without an id.
    /// </summary>
    public string? LastMessageId { get; init; }

    /// <inheritdoc cref="LastMessageId"/>
    public ConversationState? Before { get; init; }

    /// <summary>The stored version this state was read at; 0 for a conversation never saved.</summary>
    public long Version { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A step the user has been at, with the slots as they were there.</summary>
public sealed record StepFrame(string ScenarioId, string StepId, IReadOnlyDictionary<string, string> Slots);
