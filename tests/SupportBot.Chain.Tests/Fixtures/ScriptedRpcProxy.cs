using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>One JSON-RPC call as a <see cref="ScriptedRpcProxy"/> received it.</summary>
public sealed record RpcCall(string Method, JsonArray Params)
{
    /// <summary>eth_call's <c>data</c> (the function selector and arguments), or null for other methods.</summary>
    public string? CallData => Method == "eth_call" ? Params[0]?["data"]?.GetValue<string>() : null;
}

/// <summary>What the script answers instead of the node: a result, or a JSON-RPC error object.</summary>
public sealed record RpcReply(JsonNode? Result, int? ErrorCode = null, string? ErrorMessage = null)
{
    public static RpcReply Error(int code, string message) => new(null, code, message);

    public static RpcReply Value(string result) => new(JsonValue.Create(result));
}

/// <summary>
/// A JSON-RPC endpoint in front of a real node that answers some calls by script and forwards the rest, one call at a
/// time, to the node; batches stay batches to the client. It can answer one item of a batch with a rate-limit
/// error, refuse wide eth_getLogs ranges, or claim another chain id — as real providers do.
/// </summary>
public sealed class ScriptedRpcProxy : IAsyncDisposable
{
    private readonly LoopbackHttpServer server;
    private readonly HttpClient client = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentQueue<RpcCall> calls = new();
    private int requestCount;

    /// <summary>
    /// Serves on a loopback port in front of the node at <paramref name="target"/>; <paramref name="script"/> answers a
    /// call itself (non-null) or lets the node answer it (null), and may be changed while in use.
    /// </summary>
    public ScriptedRpcProxy(Uri target, Func<RpcCall, RpcReply?> script)
    {
        Target = target;
        Script = script;
        server = new LoopbackHttpServer(HandleAsync);
    }

    public Uri Url => server.Url;

    public Uri Target { get; }

    public Func<RpcCall, RpcReply?> Script { get; set; }

    /// <summary>HTTP requests received (a batch is one).</summary>
    public int RequestCount => Volatile.Read(ref requestCount);

    /// <summary>Every call received, in order.</summary>
    public IReadOnlyList<RpcCall> Calls => [.. calls];

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        client.Dispose();
    }

    private async Task HandleAsync(System.Net.HttpListenerContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requestCount);
        var body = JsonNode.Parse(await LoopbackHttpServer.ReadBodyAsync(context.Request, cancellationToken))!;
        JsonNode answer;
        if (body is JsonArray batch)
        {
            var answers = new JsonArray();
            foreach (var item in batch)
            {
                answers.Add(await AnswerAsync(item!.AsObject(), cancellationToken));
            }

            answer = answers;
        }
        else
        {
            answer = await AnswerAsync(body.AsObject(), cancellationToken);
        }

        await LoopbackHttpServer.RespondAsync(context.Response, 200, "application/json", Encoding.UTF8.GetBytes(answer.ToJsonString()), cancellationToken);
    }

    private async Task<JsonObject> AnswerAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var call = new RpcCall(request["method"]!.GetValue<string>(), request["params"]?.AsArray() ?? []);
        calls.Enqueue(call);
        var id = request["id"]?.DeepClone();
        if (Script(call) is { } reply)
        {
            return reply.ErrorCode is { } code
                ? new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = code, ["message"] = reply.ErrorMessage } }
                : new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = reply.Result?.DeepClone() };
        }

        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(Target, content, cancellationToken);
        var forwarded = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        forwarded["id"] = id;
        return forwarded;
    }
}
