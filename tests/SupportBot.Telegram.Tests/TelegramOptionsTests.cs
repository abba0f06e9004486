namespace SupportBot.Telegram.Tests;

public sealed class TelegramOptionsTests
{
    private const string Token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    [Fact]
    public void Validate_TicketSettings_EachMistakeNamesItsKey()
    {
        var validator = new TelegramOptionsValidator();

        var failures = validator.Validate(null, new TelegramOptions { Token = Token, StaffChatId = 4242, TicketLogThreadId = 3 }).Failures!.ToList();
        var logWithoutStaff = validator.Validate(null, new TelegramOptions { Token = Token, TicketLogChatId = -1001 }).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Telegram:StaffChatId must be the id of a supergroup", StringComparison.Ordinal));
        Assert.Contains(failures, f => f == "Telegram:TicketLogThreadId needs Telegram:TicketLogChatId");
        Assert.Equal(["Telegram:TicketLogChatId needs Telegram:StaffChatId (tickets are off without it)"], logWithoutStaff);
    }

    [Fact]
    public void TicketsEnabled_OnlyWithATokenAndAStaffChat()
    {
        Assert.True(new TelegramOptions { Token = Token, StaffChatId = -1001234567890 }.TicketsEnabled);
        Assert.False(new TelegramOptions { Token = Token }.TicketsEnabled);
        Assert.False(new TelegramOptions { StaffChatId = -1001234567890 }.TicketsEnabled);
        Assert.True(new TelegramOptionsValidator().Validate(null, new TelegramOptions
        {
            Token = Token, StaffChatId = -1001234567890, TicketLogChatId = -1009876543210, TicketLogThreadId = 5,
        }).Succeeded);
    }
}
