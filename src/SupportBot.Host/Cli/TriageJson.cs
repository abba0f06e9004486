using System.Text.Encodings.Web;
using System.Text.Json;
using SupportBot.Core.Triage;

namespace SupportBot.Host.Cli;

/// <summary>The one-object JSON the <c>triage --json</c> verb prints. Built from the redacted text only.</summary>
internal static class TriageJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(TriageResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString("scenario", result.Scenario);
            json.WriteString("language", result.Language);
            json.WriteStartArray("transactions");
            foreach (var tx in result.Entities.Transactions)
            {
                json.WriteStringValue(tx);
            }

            json.WriteEndArray();
            json.WriteStartArray("addresses");
            foreach (var address in result.Entities.Addresses)
            {
                json.WriteStartObject();
                json.WriteString("value", address.Value);
                json.WriteString("kind", address.Kind.ToString().ToLowerInvariant());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("networks");
            foreach (var network in result.Networks)
            {
                json.WriteStringValue(network);
            }

            json.WriteEndArray();
            json.WriteBoolean("secret", result.Secret != SecretKinds.None);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
