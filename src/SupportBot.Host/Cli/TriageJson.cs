using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Core.Triage;

namespace SupportBot.Host.Cli;

/// <summary>The one-object JSON the <c>triage --json</c> verb prints. Built from the redacted text only.</summary>
internal static class TriageJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The object; with <paramref name="line"/> (batch mode) it starts with the input line it answers.</summary>
    public static string Write(TriageResult result, int? line = null)
    {
        var json = new JsonObject();
        if (line is { } number)
        {
            json["line"] = number;
        }

        json["scenario"] = result.Scenario;
        json["language"] = result.Language;
        json["transactions"] = new JsonArray([.. result.Entities.Transactions.Select(t => (JsonNode)t)]);
        json["addresses"] = new JsonArray([.. result.Entities.Addresses.Select(a => (JsonNode)new JsonObject
        {
            ["value"] = a.Value,
            ["kind"] = a.Kind.ToString().ToLowerInvariant(),
        })]);
        json["networks"] = new JsonArray([.. result.Networks.Select(n => (JsonNode)n)]);
        json["secret"] = result.Secret != SecretKinds.None;
        json["intent"] = result.Intent;
        json["confidence"] = Math.Round(result.Confidence, 3);
        json["alternatives"] = new JsonArray([.. result.Alternatives.Select(a => (JsonNode)new JsonObject
        {
            ["intent"] = a.Intent,
            ["confidence"] = Math.Round(a.Confidence, 3),
        })]);
        json["clarify"] = result.Clarify;
        return json.ToJsonString(Options);
    }
}
