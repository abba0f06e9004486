using System.Text.Json.Nodes;
using SupportBot.Core.Intents;
using SupportBot.Core.Triage;

namespace SupportBot.Host.Cli;

/// <summary>The <c>eval</c> verb: the same routing report the tests print, for any labelled JSON Lines file.</summary>
internal static class EvaluationCommand
{
    public static async Task<int> RunAsync(TriageService triage, string file, bool json, TextReader input, TextWriter output, TextWriter error)
    {
        IReadOnlyList<LabelledMessage> messages;
        try
        {
            using var reader = file == "-" ? null : File.OpenText(file);
            messages = LabelledMessage.ReadJsonLines(reader ?? input);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            await error.WriteLineAsync($"Cannot read {file}: {ex.Message}");
            return 1;
        }

        if (messages.Count == 0)
        {
            await error.WriteLineAsync($"{file} holds no labelled messages.");
            return 1;
        }

        var evaluation = TriageEvaluation.Run(triage, messages);
        await output.WriteLineAsync(json ? Json(evaluation) : evaluation.ToTable());
        return 0;
    }

    private static string Json(TriageEvaluation evaluation) => new JsonObject
    {
        ["messages"] = evaluation.Count,
        ["scenarioRight"] = Math.Round(evaluation.ScenarioRight, 4),
        ["confidentlyWrong"] = Math.Round(evaluation.ConfidentlyWrong, 4),
        ["clarifying"] = Math.Round(evaluation.Clarifying, 4),
        ["intentAccuracy"] = Math.Round(evaluation.IntentAccuracy, 4),
        ["networksExact"] = Math.Round(evaluation.NetworksExact, 4),
    }.ToJsonString();
}
