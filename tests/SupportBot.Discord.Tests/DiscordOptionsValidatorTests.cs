namespace SupportBot.Discord.Tests;

public sealed class DiscordOptionsValidatorTests
{
    private static DiscordOptions Tickets() => new()
    {
        Token = "MTAw.fake.bot-token", TicketChannelId = 700, StaffRoleId = 800, MessageContentIntent = true,
    };

    [Fact]
    public void Validate_TicketsWithRoleAndMessageContent_Accepted()
    {
        var options = Tickets();

        Assert.True(new DiscordOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(options.TicketsEnabled);
    }

    [Fact]
    public void Validate_TicketChannelWithoutStaffRole_NamesTheKey()
    {
        var options = Tickets();
        options.StaffRoleId = null;

        var result = new DiscordOptionsValidator().Validate(null, options);

        Assert.Contains("Discord:StaffRoleId", result.FailureMessage, StringComparison.Ordinal);
        Assert.False(options.TicketsEnabled);
    }

    [Fact]
    public void Validate_TicketsWithoutMessageContent_Refused()
    {
        var options = Tickets();
        options.MessageContentIntent = false;

        Assert.Contains("Discord:MessageContentIntent", new DiscordOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TicketsEnabled_WithoutATicketChannel_Off()
    {
        var options = Tickets();
        options.TicketChannelId = null;

        Assert.True(new DiscordOptionsValidator().Validate(null, options).Succeeded);
        Assert.False(options.TicketsEnabled);
    }

    [Fact]
    public void Validate_MembersIntentWithoutTheGateway_Refused()
    {
        var options = new DiscordOptions
        {
            Token = "MTAw.fake.bot-token", GuildMembersIntent = true, Gateway = false, InteractionsOverHttp = true, PublicKey = new string('a', 64),
        };

        Assert.Contains("Discord:GuildMembersIntent", new DiscordOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Intents_MembersIntentAddsGuildMembersOnly()
    {
        Assert.Equal(37377, SupportBot.Discord.Gateway.GatewayIntents.ForSupportBot(messageContent: true));
        Assert.Equal(37377 | 2, SupportBot.Discord.Gateway.GatewayIntents.ForSupportBot(messageContent: true, guildMembers: true));
    }
}
