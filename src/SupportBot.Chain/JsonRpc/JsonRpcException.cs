namespace SupportBot.Chain.JsonRpc;

/// <summary>An endpoint answered a call with a JSON-RPC error.</summary>
public class JsonRpcException(JsonRpcError error) : Exception($"JSON-RPC error {error.Code}: {error.Message}")
{
    public JsonRpcError Error { get; } = error;
}

/// <summary>
/// The endpoint is rate-limiting or overloaded (or failed at the HTTP level): worth retrying elsewhere or later.
/// </summary>
public sealed class JsonRpcTransientException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The endpoint's answer is not valid JSON-RPC: not JSON, the wrong shape, or missing answers.</summary>
public sealed class JsonRpcProtocolException(string message, Exception? inner = null) : Exception(message, inner);
