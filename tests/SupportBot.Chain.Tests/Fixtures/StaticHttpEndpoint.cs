using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>
/// Answers every request with the same status code and body: a JSON-RPC error with HTTP 200, a malformed body,
/// HTTP 429 or 503, … Records what it received.
/// </summary>
public sealed class StaticHttpEndpoint : IAsyncDisposable
{
    private readonly LoopbackHttpServer server;
    private readonly ConcurrentQueue<string> requestBodies = new();
    private readonly ConcurrentQueue<string?> requestContentTypes = new();
    private int requestCount;

    /// <summary>Answers with <paramref name="status"/> and <paramref name="body"/>; <paramref name="headers"/> are extra response headers.</summary>
    public StaticHttpEndpoint(HttpStatusCode status, string body, string contentType = "application/json",
        IReadOnlyDictionary<string, string>? headers = null)
    {
        StatusCode = status;
        Body = body;
        ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        server = new LoopbackHttpServer(async (context, cancellationToken) =>
        {
            var received = await LoopbackHttpServer.ReadBodyAsync(context.Request, cancellationToken);
            requestBodies.Enqueue(Encoding.UTF8.GetString(received));
            requestContentTypes.Enqueue(context.Request.ContentType);
            Interlocked.Increment(ref requestCount);
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                context.Response.AddHeader(name, value);
            }

            await LoopbackHttpServer.RespondAsync(context.Response, (int)status, contentType, bytes, cancellationToken);
        });
    }

    public Uri Url => server.Url;

    public HttpStatusCode StatusCode { get; }

    public string Body { get; }

    public string ContentType { get; }

    public int RequestCount => Volatile.Read(ref requestCount);

    /// <summary>Request bodies in arrival order (UTF-8).</summary>
    public IReadOnlyList<string> RequestBodies => [.. requestBodies];

    /// <summary>Request Content-Type headers in arrival order.</summary>
    public IReadOnlyList<string?> RequestContentTypes => [.. requestContentTypes];

    /// <summary>HTTP 200 with a JSON-RPC error, e.g. <c>JsonRpcError(-32005, "limit exceeded")</c>. The id is always 1.</summary>
    public static StaticHttpEndpoint JsonRpcError(int code, string message) =>
        new(HttpStatusCode.OK, JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, error = new { code, message } }));

    /// <summary>HTTP 200 whose body is not JSON (a proxy's error page).</summary>
    public static StaticHttpEndpoint Malformed(string body = "<html>oops") => new(HttpStatusCode.OK, body, "text/html");

    /// <summary>HTTP 429 with a Retry-After header (seconds).</summary>
    public static StaticHttpEndpoint TooManyRequests(int retryAfterSeconds = 1) =>
        new(HttpStatusCode.TooManyRequests, """{"jsonrpc":"2.0","id":1,"error":{"code":429,"message":"Too Many Requests"}}""",
            headers: new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) });

    /// <summary>HTTP 503 with a plain-text body.</summary>
    public static StaticHttpEndpoint ServiceUnavailable() => new(HttpStatusCode.ServiceUnavailable, "Service Unavailable", "text/plain");

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
