using SupportBot.Core.Content;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Content;

/// <summary>The <c>handoff</c> flag of scenario steps and intents, read and checked at start-up.</summary>
public sealed class HandoffContentTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "handoff-content-" + Guid.NewGuid().ToString("N"));

    public HandoffContentTests() => Copy(TestContent.Root, root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void ShippedContent_MarksTheStepsOnlyAPersonCanTakeFurther()
    {
        var scenarios = TestContent.Catalog.Scenarios;

        Assert.True(scenarios["exchange-withdrawal"].Steps["wrong-network-binance"].Handoff);
        Assert.True(scenarios["exchange-withdrawal"].Steps["deposit-tx-advice"].Handoff);
        Assert.False(scenarios["exchange-withdrawal"].Steps["withdraw-advice"].Handoff);
        Assert.True(TestContent.Catalog.Intents["wallet-drained"].Handoff);
        Assert.False(TestContent.Catalog.Intents["human"].Handoff);
    }

    [Fact]
    public void Handoff_NotTrueOrFalse_Rejected()
    {
        Edit("scenarios/exchange-withdrawal.yaml", "    text: exchange-withdrawal.wrong-network-binance\n    handoff: true",
            "    text: exchange-withdrawal.wrong-network-binance\n    handoff: maybe");

        Assert.Contains(ContentCatalog.Validate(root), e => e.Message.Contains("'handoff' must be true or false", StringComparison.Ordinal));
    }

    [Fact]
    public void Handoff_OnTheMenu_Rejected()
    {
        Edit("scenarios/menu.yaml", "    text: menu.main\n", "    text: menu.main\n    handoff: true\n");

        Assert.Contains(ContentCatalog.Validate(root), e => e.Message.Contains("of the menu cannot hand over to the team", StringComparison.Ordinal));
    }

    [Fact]
    public void Handoff_OnAnIntentLeadingToAScenario_Rejected()
    {
        Edit("intents/bridge-stuck.yaml", "route: cross-chain-transfer\n", "route: cross-chain-transfer\nhandoff: true\n");

        Assert.Contains(ContentCatalog.Validate(root), e => e.Message.Contains("intent 'bridge-stuck' leads to a scenario: mark the steps there", StringComparison.Ordinal));
    }

    [Fact]
    public void TicketFormText_MissingInOneLanguage_Rejected()
    {
        Edit("locales/ru.yaml", "  send: \"📨 Отправить команде\"\n", "");

        Assert.Contains(ContentCatalog.Validate(root), e => e.Message.Contains("'ticket-form.send'", StringComparison.Ordinal));
    }

    [Fact]
    public void TicketButtonLabel_OverDiscordsLimit_Rejected()
    {
        Edit("locales/en.yaml", "  button: \"💬 Talk to the team\"", "  button: \"💬 " + new string('x', 90) + "\"");

        Assert.Contains(ContentCatalog.Validate(root), e => e.Message.Contains("'ticket-form.button' (en)", StringComparison.Ordinal)
            && e.Message.Contains("a button label", StringComparison.Ordinal));
    }

    private void Edit(string file, string old, string replacement)
    {
        var path = Path.Combine(root, file);
        var text = File.ReadAllText(path);
        Assert.Contains(old, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(old, replacement, StringComparison.Ordinal));
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
