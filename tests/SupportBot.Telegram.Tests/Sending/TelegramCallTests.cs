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
    public void FromJson_UnknownMethod_Refused()
    {
        var json = new TelegramCall("sendPhoto", 1, false).ToJson();

        Assert.Throws<System.Text.Json.JsonException>(() => TelegramCall.FromJson(json));
    }
}
