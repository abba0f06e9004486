using SupportBot.Core.Messages;
using SupportBot.Discord.Channel;

namespace SupportBot.Discord.Tests.Channel;

public sealed class DiscordMessagesTests
{
    [Fact]
    public void Render_FormattingSubset_DiscordMarkdownWithoutPreviewsOrMentions()
    {
        var payload = Assert.Single(DiscordMessages.Render(new OutboundMessage("**Bold** `0xabc` [MetaMask](https://support.metamask.io)\n- item\n2. step")));

        Assert.Equal("**Bold** `0xabc` [MetaMask](<https://support.metamask.io>)\n- item\n2. step", payload["content"]!.GetValue<string>());
        Assert.Empty(payload["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public void Render_TextThatLooksLikeMarkupOrMentions_Escaped()
    {
        var content = Assert.Single(DiscordMessages.Render(new OutboundMessage("@everyone _hi_ ~x~ ||spoiler|| > quote")))["content"]!.GetValue<string>();

        Assert.Equal("\\@everyone \\_hi\\_ \\~x\\~ \\|\\|spoiler\\|\\| \\> quote", content);
    }

    [Fact]
    public void Render_ChannelMention_KeptWhole_EverythingAroundEscaped()
    {
        var content = Assert.Single(DiscordMessages.Render(new OutboundMessage("Continue in <#1234567890123456789> (#12) or <@&800>")))["content"]!.GetValue<string>();

        Assert.Equal(@"Continue in <#1234567890123456789> \(\#12\) or <\@&800\>", content);
    }

    [Fact]
    public void Render_ChoicesAndLinks_LinksFirstButtonsFivePerRowCustomIdIsPayload()
    {
        var message = new OutboundMessage("pick")
        {
            Choices = [.. Enumerable.Range(0, 7).Select(i => new ChoiceButton($"Choice {i}", $"c:s:t:{i}")), new ChoiceButton("Main menu", "g:menu")],
            Links = [new LinkButton("BscScan", "https://bscscan.com")],
        };

        var rows = Assert.Single(DiscordMessages.Render(message, ephemeral: true))["components"]!.AsArray();

        Assert.Equal(2, rows.Count);
        Assert.Equal(5, rows[0]!["components"]!.AsArray().Count);
        var link = rows[0]!["components"]![0]!;
        Assert.Equal((5, "https://bscscan.com"), (link["style"]!.GetValue<int>(), link["url"]!.GetValue<string>()));
        Assert.Equal("c:s:t:0", rows[0]!["components"]![1]!["custom_id"]!.GetValue<string>());
        Assert.Equal(1, rows[0]!["components"]![1]!["style"]!.GetValue<int>());
        Assert.Equal("g:menu", rows[1]!["components"]!.AsArray()[^1]!["custom_id"]!.GetValue<string>());
    }

    [Fact]
    public void Render_Ephemeral_SetsEphemeralAndSuppressEmbeds()
    {
        Assert.Equal(64 | 4, Assert.Single(DiscordMessages.Render(new OutboundMessage("x"), ephemeral: true))["flags"]!.GetValue<int>());
    }

    [Fact]
    public void Render_LongReply_SplitUnder2000_ComponentsOnLastPart()
    {
        var text = string.Join("\n", Enumerable.Range(1, 200).Select(i => $"{i}. **Step {i}** check the explorer and the network"));

        var parts = DiscordMessages.Render(new OutboundMessage(text) { Choices = [new ChoiceButton("Back", "g:back")] });

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.True(p["content"]!.GetValue<string>().Length <= DiscordMessages.MaxContent));
        Assert.Null(parts[0]["components"]);
        Assert.NotNull(parts[^1]["components"]);
        Assert.Equal(200, parts.Sum(p => p["content"]!.GetValue<string>().Split("**Step ").Length - 1));
    }
}
