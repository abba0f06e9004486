using SupportBot.Core.Messages;
using SupportBot.Core.Scams;
using SupportBot.Core.Tests.Scams;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>A scam link sent to the bot in private is called out before the conversation goes on as usual.</summary>
public sealed class LinkWarningConversationTests
{
    private readonly TestBot bot = new(scams: ShippedLinkScanner.Guard());

    [Fact]
    public async Task ForwardedSupportMessage_WithScamLink_WarnedFirst_ThenTheUsualAnswer()
    {
        var chat = await bot.User("501").Says("hi, 'metamask support' dmed me this: go to https://metamask-verify.org/restore and sync ur wallet. legit??");

        var first = chat.Last.Replies[0];
        Assert.Equal(MessageKind.Warning, first.Kind);
        Assert.Contains("Don't open this link", first.Text, StringComparison.Ordinal);
        Assert.Contains("`metamask-verify.org`", first.Text, StringComparison.Ordinal);
        Assert.True(chat.Last.Replies.Count > 1, "the conversation still answers the message");
    }

    [Fact]
    public async Task HiddenLinkTarget_FromThePlatform_Checked()
    {
        var result = await bot.Engine.HandleAsync(new InboundMessage
        {
            Channel = "test", ConversationId = "502", UserId = "502", Locale = "ru",
            Text = "Это правда официальный сайт? support.metamask.io",
            ShownLinks = [new ShownLink("https://metamask-help-desk.example/ticket", "support.metamask.io")],
        }, CancellationToken.None);

        Assert.Contains("Не открывайте эту ссылку", result.Replies[0].Text, StringComparison.Ordinal);
        Assert.Contains("`metamask-help-desk.example`", result.Replies[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("i followed https://support.metamask.io/start/ but tokens still missing")]
    [InlineData("where are my tokens")]
    public async Task OrdinaryMessage_NoWarning(string text)
    {
        var chat = await bot.User("503").Says(text);

        Assert.DoesNotContain(chat.Last.Replies, r => r.Text.Contains("Don't open this link", StringComparison.Ordinal));
    }
}
