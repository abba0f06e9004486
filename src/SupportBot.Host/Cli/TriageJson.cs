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
        return json.ToJsonString(Options);
    }
}
