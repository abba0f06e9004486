using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Core.Triage;

namespace SupportBot.Host.Cli;

/// <summary>The one-object JSON the <c>triage --json</c> verb prints. Built from the redacted text only.</summary>
internal static class TriageJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(TriageResult result) => new JsonObject
    {
        ["scenario"] = result.Scenario,
        ["language"] = result.Language,
        ["transactions"] = new JsonArray([.. result.Entities.Transactions.Select(t => (JsonNode)t)]),
        ["addresses"] = new JsonArray([.. result.Entities.Addresses.Select(a => (JsonNode)new JsonObject
        {
            ["value"] = a.Value,
            ["kind"] = a.Kind.ToString().ToLowerInvariant(),
        })]),
        ["networks"] = new JsonArray([.. result.Networks.Select(n => (JsonNode)n)]),
        ["secret"] = result.Secret != SecretKinds.None,
    }.ToJsonString(Options);
}
