using SupportBot.Telegram.Sending;
using Telegram.Bot.Types.ReplyMarkups;

namespace SupportBot.Telegram.Tests.Sending;

public sealed class TelegramCallTests
{
    [Fact]
    public void ToJson_FromJson_KeepsTheWholeCallWithItsButtons()
    {
        var keyboard = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("Yes", "s:1"), InlineKeyboardButton.WithUrl("Docs", "https://example.org/a?b=1")]]);
        var call = new TelegramCall(TelegramCall.SendMessage, -100500, true, Html: "<b>Hi</b> &amp; bye", Keyboard: keyboard, ReplyTo: 17);

        var back = TelegramCall.FromJson(call.ToJson());

        Assert.Equal((call.Method, call.ChatId, call.IsGroup, call.Html, call.ReplyTo), (back.Method, back.ChatId, back.IsGroup, back.Html, back.ReplyTo));
        var buttons = back.Keyboard!.InlineKeyboard.SelectMany(r => r).ToList();
        Assert.Equal(["Yes", "Docs"], buttons.Select(b => b.Text));
        Assert.Equal("s:1", buttons[0].CallbackData);
        Assert.Equal("https://example.org/a?b=1", buttons[1].Url);
    }

    [Fact]
    public void ToJson_FromJson_KeepsTicketCalls_CopiesFilesAndTopics()
    {
        TelegramCall[] calls =
        [
            new(TelegramCall.CopyMessage, -100500, true, 12, "👤 Dana:\n[photo]", ThreadId: 7, FromChatId: 5005),
            new(TelegramCall.SendDocument, 5005, false, ThreadId: null, FileName: "ticket-3.txt", FileText: "[2030-01-15 12:00] user Dana: привет"),
            new(TelegramCall.CloseForumTopic, -100500, true, ThreadId: 7),
            new(TelegramCall.ReopenForumTopic, -100500, true, ThreadId: 7),
        ];

        Assert.Equal(calls, calls.Select(c => TelegramCall.FromJson(c.ToJson())));
    }

    [Fact]
    public void FromJson_UnknownMethod_Refused()
    {
        var json = new TelegramCall("sendPhoto", 1, false).ToJson();

        Assert.Throws<System.Text.Json.JsonException>(() => TelegramCall.FromJson(json));
    }
}
