namespace SupportBot.Core.Messages;

/// <summary>Shaping a turn's replies for chat platforms.</summary>
public static class Replies
{
    /// <summary>
    /// Short notices ("Welcome", "That button is from an earlier question") become the top of the message that
    /// follows, so a turn is one message with its buttons: easier to read, and fewer messages against platform limits.
    /// Warnings stay separate, so they stand out.
    /// </summary>
    public static IReadOnlyList<OutboundMessage> Combine(IReadOnlyList<OutboundMessage> replies)
    {
        var combined = new List<OutboundMessage>();
        string? pending = null;
        for (var i = 0; i < replies.Count; i++)
        {
            var reply = replies[i];
            var text = pending is null ? reply.Text : pending + "\n\n" + reply.Text;
            if (reply.Kind == MessageKind.Normal && reply.Choices.Count == 0 && reply.Links.Count == 0 && i < replies.Count - 1)
            {
                pending = text;
                continue;
            }

            combined.Add(reply with { Text = text });
            pending = null;
        }

        return combined;
    }
}
