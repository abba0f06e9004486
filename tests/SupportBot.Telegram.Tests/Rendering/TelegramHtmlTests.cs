using SupportBot.Core.Messages;
using SupportBot.Telegram.Rendering;

namespace SupportBot.Telegram.Tests.Rendering;

public sealed class TelegramHtmlTests
{
    [Fact]
    public void Render_FormattingSubset_MapsToTelegramHtml()
    {
        var parts = TelegramHtml.Render(new OutboundMessage("**Bold** `0xabc` [MetaMask](https://support.metamask.io)\n- item\n2. step"));

        Assert.Equal("<b>Bold</b> <code>0xabc</code> <a href=\"https://support.metamask.io\">MetaMask</a>\n• item\n2. step", Assert.Single(parts).Html);
    }

    [Fact]
    public void Render_UserOrTokenText_EscapedNeverMarkup()
    {
        var html = Assert.Single(TelegramHtml.Render(new OutboundMessage("<script>&amp; \"x\" **<b>**"))).Html;

        Assert.Equal("&lt;script&gt;&amp;amp; &quot;x&quot; <b>&lt;b&gt;</b>", html);
    }

    [Fact]
    public void Render_ChoicesAndLinks_UrlButtonsFirstThenCallbackButtons()
    {
        var message = new OutboundMessage("text")
        {
            Choices = [new ChoiceButton("A much longer label for a choice", "c:x:y:0"), new ChoiceButton("Back", "g:back"), new ChoiceButton("Main menu", "g:menu")],
            Links = [new LinkButton("BscScan", "https://bscscan.com"), new LinkButton("BNB", "https://bnbchain.org")],
        };

        var keyboard = Assert.Single(TelegramHtml.Render(message)).Keyboard!;
        var rows = keyboard.InlineKeyboard.Select(r => r.ToList()).ToList();

        Assert.Equal("https://bscscan.com", Assert.Single(rows[0]).Url);
        Assert.Equal("https://bnbchain.org", Assert.Single(rows[1]).Url); // a short link label is not paired with a choice
        Assert.Equal("c:x:y:0", Assert.Single(rows[2]).CallbackData);
        Assert.Equal(["Back", "Main menu"], rows[3].Select(b => b.Text));
    }

    [Fact]
    public void Render_LongReply_SplitAtLinesUnderLimitWithTagsBalanced()
    {
        var text = string.Join("\n", Enumerable.Range(1, 400).Select(i => $"{i}. **Step {i}** — check `0x{i:x40}` on the explorer"));

        var parts = TelegramHtml.Render(new OutboundMessage(text) { Choices = [new ChoiceButton("Back", "g:back")] });

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.True(p.Html.Length <= TelegramHtml.MaxLength, $"{p.Html.Length}"));
        Assert.All(parts, p => Assert.Equal(Count(p.Html, "<b>"), Count(p.Html, "</b>")));
        Assert.All(parts, p => Assert.Equal(Count(p.Html, "<code>"), Count(p.Html, "</code>")));
        Assert.Null(parts[0].Keyboard);
        Assert.NotNull(parts[^1].Keyboard);
        Assert.Equal(400, parts.Sum(p => Count(p.Html, "<b>Step ")));
    }

    [Fact]
    public void Render_OneLineLongerThanAMessage_CutInsideSpansWithTagsReopened()
    {
        var text = "**" + new string('x', 5000) + "** and " + new string('&', 3000);

        var parts = TelegramHtml.Render(new OutboundMessage(text));

        Assert.All(parts, p => Assert.True(p.Html.Length <= TelegramHtml.MaxLength));
        Assert.All(parts, p => Assert.Equal(Count(p.Html, "<b>"), Count(p.Html, "</b>")));
        Assert.All(parts, p => Assert.DoesNotMatch("&(?!amp;|lt;|gt;|quot;)", p.Html));
        Assert.Equal(5000, parts.Sum(p => p.Html.Count(c => c == 'x')));
        Assert.Equal(3000, parts.Sum(p => Count(p.Html, "&amp;")));
    }

    private static int Count(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
