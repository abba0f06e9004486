using System.Net.Http.Headers;
using System.Text.Json;

namespace SupportBot.Bench.Lookup;

/// <summary>
/// A bare JSON-RPC caller (one pooled HttpClient, no resilience pipeline, no DI) for the reference figures: it asks
/// what the product asks, either the way the product does (one batch per network: a plain transfer's receipt tells
/// that its recipient has no code) or the way a script would (every call its own HTTP request, eth_getCode included).
/// </summary>
internal sealed class PlainRpc : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>One network, as ChainLookupService asks it for a plain transfer: one batch of three calls.</summary>
    /// <returns>The number of HTTP round trips: 1.</returns>
    public async Task<int> AsProductAsync(Uri endpoint, string hash, CancellationToken cancellationToken)
    {
        using var batch = await PostAsync(endpoint, writer =>
        {
            writer.WriteStartArray();
            Call(writer, 0, "eth_getTransactionByHash", hash);
            Call(writer, 1, "eth_getTransactionReceipt", hash);
            Call(writer, 2, "eth_blockNumber");
            writer.WriteEndArray();
        }, cancellationToken).ConfigureAwait(false);

        _ = batch.RootElement.EnumerateArray().Single(a => a.GetProperty("id").GetInt32() == 0).GetProperty("result");
        return 1;
    }

    /// <summary>One HTTP round trip with an address lookup's core calls in one batch: the unit the token ratios are in.</summary>
    public async Task RoundTripAsync(Uri endpoint, string address, CancellationToken cancellationToken)
    {
        using var batch = await PostAsync(endpoint, writer =>
        {
            writer.WriteStartArray();
            Call(writer, 0, "eth_getBalance", address, "latest");
            Call(writer, 1, "eth_getTransactionCount", address, "latest");
            Call(writer, 2, "eth_getCode", address, "latest");
            Call(writer, 3, "eth_blockNumber");
            writer.WriteEndArray();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One network, as a script would ask it: the same calls and eth_getCode of "to", each its own HTTP request.</summary>
    /// <returns>The number of HTTP round trips.</returns>
    public async Task<int> OneCallPerRequestAsync(Uri endpoint, string hash, CancellationToken cancellationToken)
    {
        string? to;
        using (var transaction = await PostAsync(endpoint, writer => Call(writer, 0, "eth_getTransactionByHash", hash), cancellationToken).ConfigureAwait(false))
        {
            to = To(transaction.RootElement.GetProperty("result"));
        }

        using (await PostAsync(endpoint, writer => Call(writer, 0, "eth_getTransactionReceipt", hash), cancellationToken).ConfigureAwait(false))
        using (await PostAsync(endpoint, writer => Call(writer, 0, "eth_blockNumber"), cancellationToken).ConfigureAwait(false))
        {
        }

        if (to is null)
        {
            return 3;
        }

        using (await PostAsync(endpoint, writer => Call(writer, 0, "eth_getCode", to, "latest"), cancellationToken).ConfigureAwait(false))
        {
        }

        return 4;
    }

    /// <summary>The chain id an endpoint reports, to check the wiring before measuring.</summary>
    public async Task<long> ChainIdAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var answer = await PostAsync(endpoint, writer => Call(writer, 0, "eth_chainId"), cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(answer.RootElement.GetProperty("result").GetString(), 16);
    }

    public void Dispose() => http.Dispose();

    private static string? To(JsonElement transaction) =>
        transaction.ValueKind == JsonValueKind.Object && transaction.GetProperty("to") is { ValueKind: JsonValueKind.String } to ? to.GetString() : null;

    private static void Call(Utf8JsonWriter writer, int id, string method, params string[] parameters)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteNumber("id", id);
        writer.WriteString("method", method);
        writer.WriteStartArray("params");
        foreach (var parameter in parameters)
        {
            writer.WriteStringValue(parameter);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private async Task<JsonDocument> PostAsync(Uri endpoint, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            write(writer);
        }

        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = Json;
        using var response = await http.PostAsync(endpoint, content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var document = JsonDocument.Parse(bytes);
        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
        {
            document.Dispose();
            throw new InvalidOperationException($"{endpoint}: JSON-RPC error {error.GetRawText()}");
        }

        return document;
    }
}
