namespace SupportBot.Core.Messages;

/// <summary>
/// One message from a user, as every channel adapter hands it to the engine.
/// Exactly one of <see cref="Text"/> and <see cref="Payload"/> is normally set.
/// </summary>
public sealed record InboundMessage
{
    /// <summary>Channel name: <c>console</c>, <c>telegram</c>, <c>discord</c>.</summary>
    public required string Channel { get; init; }

    /// <summary>The channel's id of the conversation (a private chat, a DM channel, a user in a group).</summary>
    public required string ConversationId { get; init; }

    /// <summary>The channel's id of the author.</summary>
    public required string UserId { get; init; }

    /// <summary>
    /// The channel's id of this message when the channel may hand the same message over again after a crash (Telegram:
    /// the update id). Handled a second time, it gets the answer it got the first time, not a second turn.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>Free text the user typed, if any.</summary>
    public string? Text { get; init; }

    /// <summary>The payload of a pressed button, as produced by <see cref="ChoiceButton.Payload"/>.</summary>
    public string? Payload { get; init; }

    /// <summary>The user's locale as the platform reports it (an IETF tag such as <c>ru</c> or <c>en-US</c>).</summary>
    public string? Locale { get; init; }

    /// <summary>True in a private chat or DM; false in a group or server channel.</summary>
    public bool IsPrivate { get; init; } = true;

    /// <summary>
    /// Secrets the channel already cut out of <see cref="Text"/> before storing the update (it redacts before it
    /// persists). The engine warns about them exactly as if it had found them itself.
    /// </summary>
    public Triage.SecretKinds RedactedSecret { get; init; }

    /// <summary>
    /// Links the platform carries apart from <see cref="Text"/> (a Telegram <c>text_link</c>, e.g. in a forwarded
    /// message): checked for scams along with the links in the text.
    /// </summary>
    public IReadOnlyList<Scams.ShownLink> ShownLinks { get; init; } = [];

    /// <summary>The key conversation state is stored under.</summary>
    public string ConversationKey => $"{Channel}/{ConversationId}";
}
