using System.Globalization;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SupportBot.Discord.Tests.OpenApi;

/// <summary>
/// Discord's OpenAPI description (<c>discord-openapi.json</c>, copied to the output): checks a request body against
/// the schema of its operation, as a JSON Schema 2020-12 evaluation (what OpenAPI 3.1 schemas are).
/// </summary>
internal static class DiscordOpenApi
{
    private const string DocumentUri = "https://discord.test/openapi.json";

    private static readonly Lazy<JsonSchema> Document = new(() =>
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "OpenApi", "discord-openapi.json")))!.AsObject();
        document["$id"] = DocumentUri;
        return JsonSchema.FromText(document.ToJsonString());
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<EvaluationOptions> FlagOptions = new(() => NewOptions(OutputFormat.Flag));

    private static readonly Lazy<EvaluationOptions> ListOptions = new(() => NewOptions(OutputFormat.List));

    private static readonly Dictionary<string, JsonSchema> Operations = new(StringComparer.Ordinal);

    /// <summary>
    /// The problems of <paramref name="body"/> as the request body of <paramref name="method"/> <paramref name="pathTemplate"/>
    /// (the document's template, e.g. <c>/channels/{channel_id}/messages</c>); empty when it is valid.
    /// </summary>
    public static IReadOnlyList<string> Check(string method, string pathTemplate, JsonNode? body)
    {
        // One evaluation at a time: the shared options and their registry are not documented as thread-safe.
        lock (Operations)
        {
            return CheckLocked(method, pathTemplate, body);
        }
    }

    private static IReadOnlyList<string> CheckLocked(string method, string pathTemplate, JsonNode? body)
    {
        var schema = OperationSchema(method, pathTemplate);
        var instance = AsDocumented(pathTemplate, body);
        if (schema.Evaluate(instance, Options(OutputFormat.Flag)).IsValid)
        {
            return [];
        }

        // Only a failure pays for the detailed output.
        var results = schema.Evaluate(instance, Options(OutputFormat.List));
        if (results.IsValid)
        {
            return [];
        }

        return [.. (results.Details ?? []).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e =>
            string.Create(CultureInfo.InvariantCulture, $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")))
            .Distinct()
            .Take(20)];
    }

    /// <summary>Builds the operation's schema and evaluates it once, so later checks are quick.</summary>
    public static void Prepare(string method, string pathTemplate) => Check(method, pathTemplate, new JsonObject());

    /// <summary>
    /// Where the document and the prose documentation disagree, the prose wins: <c>default_member_permissions</c> is a
    /// decimal string there ("permission sets are strings", topics/permissions.mdx and the application command object),
    /// while the document says integer. The string is checked as the number it spells.
    /// </summary>
    private static JsonNode? AsDocumented(string pathTemplate, JsonNode? body)
    {
        if (pathTemplate != "/applications/{application_id}/commands" || body is not JsonArray commands)
        {
            return body;
        }

        var copy = commands.DeepClone().AsArray();
        foreach (var command in copy.OfType<JsonObject>())
        {
            if (command["default_member_permissions"] is JsonValue value && value.TryGetValue<string>(out var text)
                && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                command["default_member_permissions"] = JsonNode.Parse(text);
            }
        }

        return copy;
    }

    private static JsonSchema OperationSchema(string method, string pathTemplate)
    {
        var key = method + " " + pathTemplate;
        lock (Operations)
        {
            if (!Operations.TryGetValue(key, out var schema))
            {
                var pointer = "/paths/" + Escape(pathTemplate) + "/" + method.ToLowerInvariant() + "/requestBody/content/application~1json/schema";
                schema = JsonSchema.FromText(new JsonObject
                {
                    ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                    ["$ref"] = DocumentUri + "#" + pointer,
                }.ToJsonString());
                Operations[key] = schema;
            }

            return schema;
        }
    }

    private static EvaluationOptions Options(OutputFormat format) => format == OutputFormat.Flag ? FlagOptions.Value : ListOptions.Value;

    private static EvaluationOptions NewOptions(OutputFormat format)
    {
        var options = new EvaluationOptions { OutputFormat = format };
        options.SchemaRegistry.Register(Document.Value);
        return options;
    }

    private static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
