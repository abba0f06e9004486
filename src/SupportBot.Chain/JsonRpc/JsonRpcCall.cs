using System.Text.Json;

namespace SupportBot.Chain.JsonRpc;

/// <summary>
/// One JSON-RPC 2.0 method call. Parameters are texts, booleans, null, lists of those, or objects of those
/// (as eth_call and eth_getLogs take).
/// </summary>
public sealed record JsonRpcCall(string Method, IReadOnlyList<object?> Params)
{
    public JsonRpcCall(string method, params object?[] parameters)
        : this(method, (IReadOnlyList<object?>)parameters)
    {
    }

    internal void Write(Utf8JsonWriter json, int id)
    {
        json.WriteStartObject();
        json.WriteString("jsonrpc", "2.0");
        json.WriteNumber("id", id);
        json.WriteString("method", Method);
        json.WriteStartArray("params");
        foreach (var parameter in Params)
        {
            WriteValue(json, parameter);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case IReadOnlyDictionary<string, string> fields:
                json.WriteStartObject();
                foreach (var (name, field) in fields)
                {
                    json.WriteString(name, field);
                }

                json.WriteEndObject();
                break;
            case IReadOnlyDictionary<string, object?> fields:
                json.WriteStartObject();
                foreach (var (name, field) in fields)
                {
                    json.WritePropertyName(name);
                    WriteValue(json, field);
                }

                json.WriteEndObject();
                break;
            case System.Collections.IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"Unsupported JSON-RPC parameter type {value.GetType().Name}", nameof(value));
        }
    }
}

/// <summary>The answer to one call: a result (which may be JSON null) or an error object.</summary>
public readonly record struct JsonRpcResult(JsonElement Result, JsonRpcError? Error)
{
    public bool IsNull => Error is null && Result.ValueKind == JsonValueKind.Null;

    /// <summary>The result, or throws the error as a <see cref="JsonRpcException"/>.</summary>
    public JsonElement Value => Error is { } error ? throw new JsonRpcException(error) : Result;
}

/// <summary>A JSON-RPC error object: <c>{"code":…,"message":…}</c>.</summary>
public sealed record JsonRpcError(long Code, string Message)
{
    /// <summary>
    /// Rate limits and overloads: public endpoints answer them with HTTP 200 and an error body. They say nothing
    /// about the request, so another endpoint (or a later try) may well succeed.
    /// </summary>
    public bool IsTransient =>
        Code is -32005 or 429
        || Mentions("rate limit", "too many requests", "limit exceeded", "request limit", "try again", "overloaded", "capacity");

    /// <summary>
    /// An eth_getLogs range or result-size limit ("exceed maximum block range: 5000", "query returned more than 10000
    /// results", "block range is too wide", "query timeout exceeded"): a smaller block range will do. Check it before
    /// <see cref="IsTransient"/> for logs, as some providers answer it with the rate-limit code -32005.
    /// </summary>
    public bool IsRangeLimit =>
        Mentions("range", "more than", "results", "response size", "too large", "too wide", "too many blocks", "timeout", "timed out");

    private bool Mentions(params string[] words) => words.Any(w => Message.Contains(w, StringComparison.OrdinalIgnoreCase));
}
