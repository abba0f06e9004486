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

    [Theory]
    [InlineData("0,x", 2, "Discord:ShardIds must be shard numbers separated by commas")]
    [InlineData("0,2", 2, "Discord:ShardIds must list shard numbers from 0 to 1, as Discord:ShardCount is 2")]
    [InlineData("1,1", 2, "Discord:ShardIds names a shard twice")]
    [InlineData("0", -1, "Discord:ShardCount must be the bot's total number of shards, or 0")]
    public void Validate_BadShardSettings_NamesTheKey(string shardIds, int shardCount, string expected)
    {
        var options = new DiscordOptions { Token = "MTAw.fake.bot-token", ShardIds = shardIds, ShardCount = shardCount };

        Assert.Contains(expected, new DiscordOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShardIdAndShardIds_Refused()
    {
        var options = new DiscordOptions { Token = "MTAw.fake.bot-token", ShardId = 0, ShardIds = "0", ShardCount = 2 };

        Assert.Contains("keep Discord:ShardIds alone", new DiscordOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, 3, "0,1,2")]
    [InlineData("2, 0", null, 3, "2,0")]
    [InlineData(null, 1, 2, "1")]
    [InlineData("3", null, 0, "")]
    public void ShardsToRun_Settings_TheShardsOfThisProcess(string? shardIds, int? shardId, int shardCount, string expected)
    {
        var options = new DiscordOptions { Token = "MTAw.fake.bot-token", ShardIds = shardIds, ShardId = shardId, ShardCount = shardCount };

        Assert.True(new DiscordOptionsValidator().Validate(null, options).Succeeded); // a count of 0 is checked once Discord gives it
        Assert.Equal(expected, shardCount == 0 ? "" : string.Join(",", options.ShardsToRun(shardCount)));
    }
}
