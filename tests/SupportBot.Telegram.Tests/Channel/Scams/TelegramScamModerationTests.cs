namespace SupportBot.Telegram.Tests.Channel.Scams;

/// <summary>The moderators' "not a scam" button under a log line, end to end.</summary>
public sealed class TelegramScamModerationTests : ScamGroup
{
    [Fact]
    public async Task ModeratorMarksFalsePositive_ButtonGoesLogSaysWho_DomainThenPasses()
    {
        await using var bot = await StartBotAsync();
        Say(Dmitry, "our new landing page: rnetamask.io (yes, a partner project)");
        var log = await LoggedAsync("Link flagged");

        Api.EnqueueCallbackQuery(ModLog, Admin, log.MessageId, Assert.Single(log.Buttons).CallbackData!);
        var marked = await PostedAsync("marked as not a scam by @sasha_mod", ModLog);
        await Api.WaitUntilAsync(() => Api.Edits.Any(e => e.ChatId == ModLog && e.MessageId == log.MessageId));

        var answer = Assert.Single(Api.CallbackAnswers);
        Assert.False(answer.ShowAlert);
        Assert.Null(Api.GetMessage(ModLog, log.MessageId)!.ReplyMarkup); // its only button is gone
        Assert.Equal(log.MessageId, (int?)marked.ReplyParameters?["message_id"]);
        Assert.Contains("rnetamask.io", marked.PlainText, StringComparison.Ordinal);

        var again = Say(Olga, "а rnetamask.io/import точно нормальный?");
        await SettledAsync();
        Assert.DoesNotContain(Api.Deletions, d => d.MessageId == again);
        Assert.Single(LogLines(), l => l.PlainText.Contains("Link flagged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoFlaggedDomains_MarkingOneKeepsTheOtherButton()
    {
        await using var bot = await StartBotAsync();
        Say(Dmitry, "mirror 1: rnetamask.io mirror 2: metamask-verify.org");
        var log = await LoggedAsync("Link flagged");
        Assert.Equal(2, log.Buttons.Count());

        Api.EnqueueCallbackQuery(ModLog, Admin, log.MessageId, "scam:ok:rnetamask.io");
        await Api.WaitUntilAsync(() => Api.Edits.Any(e => e.ChatId == ModLog && e.MessageId == log.MessageId));

        var edit = Api.Edits.Single(e => e.ChatId == ModLog);
        Assert.Equal("editMessageReplyMarkup", edit.Method);
        Assert.Equal("scam:ok:metamask-verify.org", Assert.Single(edit.InlineKeyboard.SelectMany(r => r)).CallbackData);
    }

    [Fact]
    public async Task NonModeratorPresses_RefusedInAnAlert_NothingChanges()
    {
        Api.SetChatMember(ModLog, Dmitry, "member"); // in the log chat, but no administrator
        await using var bot = await StartBotAsync();
        Say(Olga, "вот сайт для синхронизации rnetamask.io");
        var log = await LoggedAsync("Link flagged");

        Api.EnqueueCallbackQuery(ModLog, Dmitry, log.MessageId, log.Buttons.Single().CallbackData!);
        var answer = Assert.Single(await Api.WaitForCallbackAnswersAsync(1));

        Assert.True(answer.ShowAlert);
        Assert.Equal("Only the community's moderators can mark a link as not a scam.", answer.Text);
        var again = Say(Olga, "rnetamask.io ещё раз");
        await SettledAsync();
        Assert.Contains(Api.Deletions, d => d.MessageId == again);
        Assert.DoesNotContain(Api.Edits, e => e.ChatId == ModLog);
        Assert.NotNull(Api.GetMessage(ModLog, log.MessageId)!.ReplyMarkup);
    }

    [Fact]
    public async Task NonModeratorPresses_RussianClient_RefusedInRussian()
    {
        await using var bot = await StartBotAsync();
        Say(Dmitry, "rnetamask.io");
        var log = await LoggedAsync("Link flagged");

        Api.EnqueueCallbackQuery(ModLog, Olga, log.MessageId, log.Buttons.Single().CallbackData!, "ru");

        Assert.StartsWith("Отмечать ссылки", Assert.Single(await Api.WaitForCallbackAnswersAsync(1)).Text, StringComparison.Ordinal);
    }
}
