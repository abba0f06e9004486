using System.Text.Json;

namespace SupportBot.Chain.JsonRpc;

/// <summary>One JSON-RPC 2.0 method call. Parameters are texts, booleans or flat objects of texts (as eth_call takes).</summary>
public sealed record JsonRpcCall(string Method, IReadOnlyList<object> Params)
{
    public JsonRpcCall(string method, params object[] parameters)
        : this(method, (IReadOnlyList<object>)parameters)
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
            switch (parameter)
            {
                case string text:
                    json.WriteStringValue(text);
                    break;
                case bool flag:
                    json.WriteBooleanValue(flag);
                    break;
                case IReadOnlyDictionary<string, string> fields:
                    json.WriteStartObject();
                    foreach (var (name, value) in fields)
                    {
                        json.WriteString(name, value);
                    }

                    json.WriteEndObject();
                    break;
                default:
                    throw new ArgumentException($"Unsupported JSON-RPC parameter type {parameter.GetType().Name}", nameof(Params));
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
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

    private bool Mentions(params string[] words) => words.Any(w => Message.Contains(w, StringComparison.OrdinalIgnoreCase));
}
