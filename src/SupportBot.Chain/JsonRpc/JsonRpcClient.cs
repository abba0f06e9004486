using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SupportBot.Chain.JsonRpc;

/// <summary>
/// Sends JSON-RPC 2.0 calls to an endpoint, as one batch (one HTTP round trip) where the endpoint accepts batches,
/// else one by one. HTTP retries, timeouts and circuit breaking happen below, in the resilience pipeline of the
/// <c>evm-rpc</c> HttpClient; this class turns what comes back into results or typed errors.
/// </summary>
public sealed class JsonRpcClient(IHttpClientFactory httpClientFactory, ILogger<JsonRpcClient> logger)
{
    /// <summary>The named HttpClient (with its resilience pipeline) used for every call.</summary>
    public const string HttpClientName = "evm-rpc";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    // Endpoints that refused a batch once are asked one call at a time from then on.
    private readonly ConcurrentDictionary<Uri, bool> refusesBatches = new();

    /// <summary>
    /// Calls every method in <paramref name="calls"/>; results come back in the same order, each a result or that call's
    /// error object (a rate limit on one call of a batch is that call's error: see <see cref="JsonRpcError.IsTransient"/>).
    /// </summary>
    /// <exception cref="JsonRpcTransientException">The whole request was rate limited, overloaded, or unreachable: try another endpoint.</exception>
    /// <exception cref="JsonRpcProtocolException">The answer is not JSON-RPC.</exception>
    public async Task<IReadOnlyList<JsonRpcResult>> CallAsync(Uri endpoint, IReadOnlyList<JsonRpcCall> calls, CancellationToken cancellationToken)
    {
        if (calls.Count == 0)
        {
            return [];
        }

        if (calls.Count > 1 && !refusesBatches.ContainsKey(endpoint))
        {
            var batch = await TryBatchAsync(endpoint, calls, cancellationToken).ConfigureAwait(false);
            if (batch is not null)
            {
                return batch;
            }

            refusesBatches[endpoint] = true;
            logger.LogInformation("Endpoint {Endpoint} refuses batches; calling one by one", endpoint.Authority);
        }

        var results = new JsonRpcResult[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            using var response = await PostAsync(endpoint, json => calls[i].Write(json, i), cancellationToken).ConfigureAwait(false);
            EnsureSuccess(response.Status, endpoint);
            results[i] = ReadSingle(response.Body, i, endpoint);
        }

        return results;
    }

    public async Task<JsonRpcResult> CallAsync(Uri endpoint, JsonRpcCall call, CancellationToken cancellationToken) =>
        (await CallAsync(endpoint, [call], cancellationToken).ConfigureAwait(false))[0];

    /// <returns>Null when the endpoint refuses batches.</returns>
    private async Task<IReadOnlyList<JsonRpcResult>?> TryBatchAsync(Uri endpoint, IReadOnlyList<JsonRpcCall> calls, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(endpoint, json =>
        {
            json.WriteStartArray();
            for (var i = 0; i < calls.Count; i++)
            {
                calls[i].Write(json, i);
            }

            json.WriteEndArray();
        }, cancellationToken).ConfigureAwait(false);

        // Some providers answer a batch with 400/405/413 or with one error object instead of an array.
        if (response.Status is HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.NotImplemented)
        {
            return null;
        }

        EnsureSuccess(response.Status, endpoint);
        var root = response.Body!.RootElement; // a success status always carries a parsed body
        if (root.ValueKind == JsonValueKind.Object)
        {
            var single = ReadSingle(response.Body, null, endpoint);
            return single.Error is { IsTransient: true } error
                ? throw new JsonRpcTransientException($"{endpoint.Authority}: {error.Message}")
                : null;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new JsonRpcProtocolException($"{endpoint.Authority} answered a batch with {root.ValueKind}");
        }

        var results = new JsonRpcResult?[calls.Count];
        foreach (var item in root.EnumerateArray())
        {
            var (id, result) = ReadResponse(item, endpoint);
            if (id is not { } index || index < 0 || index >= calls.Count)
            {
                throw new JsonRpcProtocolException($"{endpoint.Authority} answered with an unknown id");
            }

            results[index] = result;
        }

        return results.Select((r, i) => r ?? throw new JsonRpcProtocolException($"{endpoint.Authority} left call {calls[i].Method} unanswered")).ToList();
    }

    private async Task<RawResponse> PostAsync(Uri endpoint, Action<Utf8JsonWriter> writeBody, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer))
        {
            writeBody(json);
        }

        using var content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        content.Headers.ContentType = Json;
        var http = httpClientFactory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(endpoint, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException)
        {
            throw new JsonRpcTransientException($"{endpoint.Authority}: {ex.Message}", ex);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new RawResponse(response.StatusCode, null);
            }

            try
            {
                return new RawResponse(response.StatusCode, JsonDocument.Parse(bytes));
            }
            catch (JsonException ex)
            {
                throw new JsonRpcProtocolException($"{endpoint.Authority} answered with something that is not JSON", ex);
            }
        }
    }

    private static void EnsureSuccess(HttpStatusCode status, Uri endpoint)
    {
        if ((int)status is < 200 or > 299)
        {
            throw new JsonRpcTransientException($"{endpoint.Authority} answered HTTP {(int)status}");
        }
    }

    private static JsonRpcResult ReadSingle(JsonDocument? body, int? expectedId, Uri endpoint)
    {
        if (body?.RootElement is not { ValueKind: JsonValueKind.Object } root)
        {
            throw new JsonRpcProtocolException($"{endpoint.Authority} answered a call with something other than an object");
        }

        var (id, result) = ReadResponse(root, endpoint);
        if (expectedId is { } expected && id != expected && result.Error is null)
        {
            throw new JsonRpcProtocolException($"{endpoint.Authority} answered with id {id}, expected {expected}");
        }

        // An error object answering one call is that call's answer, as in a batch: the caller decides what it means.
        return result;
    }

    private static (int? Id, JsonRpcResult Result) ReadResponse(JsonElement item, Uri endpoint)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new JsonRpcProtocolException($"{endpoint.Authority} answered with a malformed response");
        }

        int? id = item.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt32(out var n) ? n : null;
        if (item.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) && c.TryGetInt64(out var value) ? value : 0;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
            return (id, new JsonRpcResult(default, new JsonRpcError(code, message)));
        }

        if (!item.TryGetProperty("result", out var result))
        {
            throw new JsonRpcProtocolException($"{endpoint.Authority} answered without a result or an error");
        }

        return (id, new JsonRpcResult(result.Clone(), null));
    }

    private sealed record RawResponse(HttpStatusCode Status, JsonDocument? Body) : IDisposable
    {
        public void Dispose() => Body?.Dispose();
    }
}
