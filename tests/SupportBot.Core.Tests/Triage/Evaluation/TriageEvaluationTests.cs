using SupportBot.Core.Intents;
using SupportBot.Core.Tests.Support;
using SupportBot.Core.Triage;
using Xunit.Abstractions;

namespace SupportBot.Core.Tests.Triage.Evaluation;

/// <summary>
/// Routing measured on the development set: messages written apart from the training examples and never trained on.
/// The report is printed; the assertions hold the floor we have reached so a change that makes routing worse fails.
/// </summary>
public sealed class TriageEvaluationTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<LabelledMessage>> DevSet = new(() =>
    {
        using var reader = File.OpenText(Path.Combine(AppContext.BaseDirectory, "Triage", "Evaluation", "dev-set.jsonl"));
        return LabelledMessage.ReadJsonLines(reader);
    });

    [Fact]
    public void DevSet_RoutedMostlyRight_RarelyConfidentlyWrong_ReportPrinted()
    {
        var evaluation = TriageEvaluation.Run(new TriageService(TestContent.Catalog), DevSet.Value);

        output.WriteLine(evaluation.ToTable());
        foreach (var (expected, actual) in evaluation.ConfidentMistakes)
        {
            output.WriteLine($"  wrong: {expected.Intent}/{expected.Scenario} → {actual.Intent}/{actual.Scenario} ({actual.Confidence:F2}): {expected.Text}");
        }

        Assert.True(evaluation.Count >= 400, $"the development set has {evaluation.Count} messages");
        Assert.InRange(evaluation.ScenarioRight, 0.90, 1.0);
        Assert.InRange(evaluation.ConfidentlyWrong, 0.0, 0.05);
        Assert.InRange(evaluation.Clarifying, 0.0, 0.15);
    }

    [Fact]
    public void DevSet_EveryIntentOfContentIsMeasured_AndEveryLabelIsAKnownIntent()
    {
        var labelled = DevSet.Value.Select(m => m.Intent).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(labelled.Except(TestContent.Catalog.Intents.Keys));
        Assert.Empty(TestContent.Catalog.Intents.Keys.Except(labelled));
    }

    [Fact]
    public void DevSet_NeverUsedForTraining_NoMessageIsAlsoATrainingExample()
    {
        var training = TestContent.Catalog.Intents.Values.SelectMany(i => i.Labelled)
            .Select(e => string.Join(' ', IntentFeatures.Words(e.Text))).ToHashSet(StringComparer.Ordinal);

        var shared = DevSet.Value.Where(m => training.Contains(string.Join(' ', IntentFeatures.Words(m.Text)))).Select(m => m.Text).ToList();

        Assert.True(shared.Count == 0, "also training examples:\n" + string.Join('\n', shared));
    }
}
