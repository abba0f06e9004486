using System.Text.Json;
using SupportBot.Discord.Interactions;

namespace SupportBot.Discord.Tests.Interactions;

public sealed class InteractionReplyTests
{
    [Fact]
    public void Inline_JsonObject_KeepsResponseAfterDocumentIsDisposed()
    {
        InteractionReply reply;
        using (var document = JsonDocument.Parse("""{"type":5}"""))
        {
            reply = InteractionReply.Inline(document.RootElement);
        }

        Assert.False(reply.IsAcknowledgedViaCallback);
        Assert.Equal("""{"type":5}""", reply.Response?.GetRawText());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("4")]
    [InlineData("null")]
    public void Inline_NotAnObject_ThrowsArgumentException(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Throws<ArgumentException>(() => InteractionReply.Inline(root));
    }

    [Fact]
    public void AcknowledgedViaCallback_HasNoResponse()
    {
        Assert.True(InteractionReply.AcknowledgedViaCallback.IsAcknowledgedViaCallback);
        Assert.Null(InteractionReply.AcknowledgedViaCallback.Response);
    }
}
