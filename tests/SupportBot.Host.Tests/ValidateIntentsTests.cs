using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary><c>validate-content</c> over <c>content/intents/</c>: every mistake in the examples named by file and line.</summary>
public sealed class ValidateIntentsTests
{
    [Fact]
    public async Task ValidateContent_SameExampleUnderTwoIntents_ReportedWithBothPlaces()
    {
        using var content = new ContentCopy();
        var first = content.LineOf("intents/greeting.yaml", "    - \"hey there\"");
        var line = content.Replace("intents/human.yaml", "examples:\n  en:\n", "examples:\n  en:\n    - \"Hey there!\"\n") + 2;

        var run = await ValidateAsync(content);

        Assert.Contains($"content/intents/human.yaml:{line}: the same example is labelled 'greeting' in content/intents/greeting.yaml:{first}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContent_TransliteratedCopyOfAnExample_ReportedAsDuplicate()
    {
        using var content = new ContentCopy();
        var line = content.Replace("intents/greeting.yaml", "  ru-latn:\n", "  ru-latn:\n    - \"zdorovo rebyata iz chata\"\n    - \"Zdorovo, rebyata iz chata!!\"\n") + 2;

        var run = await ValidateAsync(content);

        Assert.Contains($"content/intents/greeting.yaml:{line}: duplicate example (first at line {line - 1})", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContent_ExampleHoldingARecoveryPhrase_Rejected()
    {
        using var content = new ContentCopy();
        var line = content.Replace("intents/fake-support.yaml", "examples:\n  en:\n",
            "examples:\n  en:\n    - \"support asked for legal winner thank year wave sausage worth useful legal winner thank yellow\"\n") + 2;

        var run = await ValidateAsync(content);

        Assert.Contains($"content/intents/fake-support.yaml:{line}: an example must not look like a recovery phrase or a private key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContent_IntentWithoutALanguageOrWithAnUnknownRoute_Reported()
    {
        using var content = new ContentCopy();
        content.Replace("intents/human.yaml", "route: none", "route: missing-tokens/no-such-step");
        var text = File.ReadAllText(Path.Combine(content.Root, "intents", "greeting.yaml"));
        File.WriteAllText(Path.Combine(content.Root, "intents", "greeting.yaml"), text[..text.IndexOf("  ru-latn:", StringComparison.Ordinal)]);

        var run = await ValidateAsync(content);

        Assert.Contains("content/intents/human.yaml:3: intent 'human' leads to unknown step 'no-such-step' of scenario 'missing-tokens'", run.Error, StringComparison.Ordinal);
        Assert.Contains("intent 'greeting' has no 'ru-latn' examples", run.Error, StringComparison.Ordinal);
    }

    private static Task<CliRun> ValidateAsync(ContentCopy content) => CliRunner.RunAsync(["validate-content", "--path", content.Root]);
}
