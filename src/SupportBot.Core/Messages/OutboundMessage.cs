namespace SupportBot.Core.Messages;

/// <summary>
/// A reply for a channel adapter to render natively. <see cref="Text"/> uses the small formatting subset that
/// <see cref="RichText"/> parses: paragraphs, <c>- </c> and <c>1. </c> list items, <c>**bold**</c>, <c>`code`</c>
/// and <c>[label](https://…)</c> links.
/// </summary>
public sealed record OutboundMessage(string Text)
{
    /// <summary>Buttons that send a payload back to the engine, in display order.</summary>
    public IReadOnlyList<ChoiceButton> Choices { get; init; } = [];

    /// <summary>Buttons that open a web page.</summary>
    public IReadOnlyList<LinkButton> Links { get; init; } = [];

    /// <summary>
    /// Every button in the order all channels show them: the pages to open first, then the choices (which end with
    /// Back and Main menu), so the way on never sits above what the advice points to.
    /// </summary>
    public IEnumerable<MessageButton> Buttons => Links.Concat<MessageButton>(Choices);

    /// <summary>Warnings are rendered so they stand out; adapters may also act on them (see <see cref="Conversations.TurnResult"/>).</summary>
    public MessageKind Kind { get; init; } = MessageKind.Normal;
}

public enum MessageKind
{
    Normal,
    Warning,
}

/// <summary>A button of a reply: a <see cref="ChoiceButton"/> or a <see cref="LinkButton"/>.</summary>
public abstract record MessageButton(string Label);

/// <summary>A button whose press comes back as <see cref="InboundMessage.Payload"/>. Payloads stay within 64 bytes.</summary>
public sealed record ChoiceButton(string Label, string Payload) : MessageButton(Label);

/// <summary>A button that opens <paramref name="Url"/>.</summary>
public sealed record LinkButton(string Label, string Url) : MessageButton(Label);
