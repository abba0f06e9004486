using SupportBot.Core.Content;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>
/// Replies typed at a step whose buttons answer a yes/no question: the ways people say yes, no and "not sure"
/// (content/answers.yaml) press the button that says the same, in English, Russian and Russian typed in Latin
/// letters; anything more than such a reply is read as free text.
/// </summary>
public sealed class TypedAnswerTests
{
    private const string Yes = "missing-tokens/import-token";
    private const string NoOrUnsure = "missing-tokens/add-network";

    // "Is BNB Smart Chain added and selected in MetaMask?" — "Yes, it's selected" / "No, or I'm not sure".
    private static async Task<Chat> AtNetworkSelected(string locale, string answer)
    {
        var chat = await new TestBot().User($"ta-{locale}-{answer}", locale).Says("/start").Says("3").Says("1");
        return chat.ExpectAt("missing-tokens/network-selected");
    }

    [Theory]
    [InlineData("en", "yep", Yes)]
    [InlineData("en", "Yeah!", Yes)]
    [InlineData("en", "sure", Yes)]
    [InlineData("en", "ok", Yes)]
    [InlineData("en", "yesss", Yes)]
    [InlineData("en", "nope", NoOrUnsure)]
    [InlineData("en", "nah", NoOrUnsure)]
    [InlineData("en", "No thanks", NoOrUnsure)]
    [InlineData("en", "not really", NoOrUnsure)]
    [InlineData("en", "idk", NoOrUnsure)]
    [InlineData("en", "dunno", NoOrUnsure)]
    [InlineData("en", "mabye", NoOrUnsure)]
    [InlineData("ru", "ага", Yes)]
    [InlineData("ru", "угу", Yes)]
    [InlineData("ru", "конечно", Yes)]
    [InlineData("ru", "канечно", Yes)]
    [InlineData("ru", "да, было", Yes)]
    [InlineData("ru", "неа", NoOrUnsure)]
    [InlineData("ru", "не", NoOrUnsure)]
    [InlineData("ru", "хз", NoOrUnsure)]
    [InlineData("ru", "не знаю", NoOrUnsure)]
    [InlineData("ru", "не помню", NoOrUnsure)]
    [InlineData("ru", "без понятия", NoOrUnsure)]
    [InlineData("ru", "da", Yes)]
    [InlineData("ru", "net", NoOrUnsure)]
    [InlineData("ru", "ne znayu", NoOrUnsure)]
    [InlineData("ru", "yes", Yes)]
    [InlineData("en", "нет", NoOrUnsure)]
    public async Task ReplyMeaningYesNoOrUnsure_PressesTheButtonThatSaysIt(string locale, string answer, string step)
    {
        var chat = await AtNetworkSelected(locale, answer);

        await chat.Says(answer);

        chat.ExpectAt(step);
    }

    [Theory]
    [InlineData("en", "idk")]
    [InlineData("ru", "хз")]
    [InlineData("ru", "ne znayu")]
    public async Task NotSure_WhereOnlyTheHashButtonSaysIt_PressesThat(string locale, string answer)
    {
        // "Which network?" … "I don't know — I have the transaction hash".
        var chat = await new TestBot().User($"ta-hash-{locale}-{answer}", locale).Says("/start").Says("3");
        chat.ExpectAt("missing-tokens/which-network");

        await chat.Says(answer);

        chat.ExpectAt("missing-tokens/check-tx");
    }

    [Theory]
    [InlineData("en", "no tokens showed up after withdrawal")]
    [InlineData("en", "yes but the balance is still zero")]
    [InlineData("ru", "нет токенов после вывода с бинанса")]
    [InlineData("ru", "da no balans 0")]
    public async Task MoreThanAReply_ReadAsFreeText(string locale, string text)
    {
        var chat = await AtNetworkSelected(locale, text);

        await chat.Says(text);

        Assert.NotEqual(Yes, chat.Step);
        Assert.NotEqual(NoOrUnsure, chat.Step);
    }

    [Theory]
    [InlineData("en", "yep")]
    [InlineData("en", "nope")]
    [InlineData("ru", "ага")]
    public async Task YesOrNo_WhereNoButtonSaysIt_PressesNothing(string locale, string answer)
    {
        var chat = await new TestBot().User($"ta-none-{locale}-{answer}", locale).Says("/start").Says("3");
        var buttons = chat.Buttons.Select(b => b.Payload).ToList();

        await chat.Says(answer);

        chat.ExpectAt("missing-tokens/which-network");
        Assert.Equal(buttons, chat.Buttons.Select(b => b.Payload));
    }

    [Fact]
    public void Answers_ReplyMeaningTwoAnswers_RejectedAtStartUp()
    {
        var root = Path.Combine(Path.GetTempPath(), $"supportbot-answers-{Guid.NewGuid():N}");
        try
        {
            CopyDirectory(TestContent.Root, root);
            var file = Path.Combine(root, "answers.yaml");
            // "nope" is already a "no"; a typo of it among the yeses would make it mean both.
            File.WriteAllText(file, File.ReadAllText(file).Replace("yes please]", "yes please, nopee]", StringComparison.Ordinal));

            var errors = ContentCatalog.Validate(root);

            var error = Assert.Single(errors);
            Assert.Equal("content/answers.yaml", error.File);
            Assert.Contains("'nopee' of answer 'yes'", error.Message, StringComparison.Ordinal);
            Assert.Contains("'nope' of answer 'no'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
