using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary>
/// <c>validate-content</c> checks Discord's limits in every language: modal title and text-input label ≤ 45, button
/// label ≤ 80, placeholder ≤ 100; each breach is reported at the text's own line.
/// </summary>
public class ValidateDiscordLimitsTests
{
    [Theory]
    [InlineData("locales/en.yaml", "  modal-label: Transaction hash or address\n", "  modal-label: ", 46, "discord.modal-label", "en", 45, "a text-input label")]
    [InlineData("locales/ru.yaml", "  modal-title: Найти транзакцию или адрес\n", "  modal-title: ", 46, "discord.modal-title", "ru", 45, "a modal title")]
    [InlineData("locales/ru.yaml", "  still-missing: Всё ещё не видно или баланс нулевой\n", "  still-missing: ", 81, "missing-tokens.still-missing", "ru", 80, "a button label")]
    [InlineData("locales/en.yaml", "  type-input: Type a hash or address\n", "  type-input: ", 81, "discord.type-input", "en", 80, "a button label")]
    [InlineData("locales/ru.yaml", "  modal-placeholder: \"Хэш: 0x и 64 символа, адрес: 0x и 40\"\n", "  modal-placeholder: ", 101, "discord.modal-placeholder", "ru", 100, "a text-input placeholder")]
    public async Task ValidateContent_TextOverDiscordLimit_ReportedAtItsLine(string file, string line, string prefix, int length, string key,
        string language, int limit, string what)
    {
        using var content = new ContentCopy();
        var at = content.Replace(file, line, prefix + new string('ы', length) + "\n");

        var run = await CliRunner.RunAsync(["validate-content", "--path", content.Root]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            $"content/{file}:{at}: text '{key}' ({language}) is {length} characters; Discord allows {limit} in {what}\n1 error(s) in {content.Root}\n",
            run.Error);
    }

    [Fact]
    public async Task ValidateContent_TextsAtDiscordLimits_Accepted()
    {
        using var content = new ContentCopy();
        content.Replace("locales/en.yaml", "  modal-label: Transaction hash or address\n", "  modal-label: " + new string('x', 45) + "\n");
        content.Replace("locales/ru.yaml", "  still-missing: Всё ещё не видно или баланс нулевой\n", "  still-missing: " + new string('ы', 80) + "\n");

        var run = await CliRunner.RunAsync(["validate-content", "--path", content.Root]);

        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
    }
}
