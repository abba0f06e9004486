using System.Net;
using System.Net.Http.Headers;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>
/// Forwards each HTTP POST to <see cref="Target"/> after waiting <see cref="Delay"/>: a slow network in front of a
/// real node. It forwards the body and Content-Type and returns the target's status, body and Content-Type;
/// the request path is not forwarded (JSON-RPC has one URL).
/// </summary>
public sealed class DelayProxy : IAsyncDisposable
{
    private readonly LoopbackHttpServer server;
    private readonly HttpClient client = new() { Timeout = Timeout.InfiniteTimeSpan };
    private long delayTicks;
    private int forwardedCount;

    public DelayProxy(Uri target, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        Delay = delay;
        server = new LoopbackHttpServer(ForwardAsync);
    }

    public Uri Url => server.Url;

    public Uri Target { get; }

    /// <summary>The injected delay; may be changed while requests flow.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref delayTicks));
        set => Interlocked.Exchange(ref delayTicks, value.Ticks);
    }

    /// <summary>How many requests were answered by the target.</summary>
    public int ForwardedCount => Volatile.Read(ref forwardedCount);

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        client.Dispose();
    }

    private async Task ForwardAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var body = await LoopbackHttpServer.ReadBodyAsync(context.Request, cancellationToken);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Target) { Content = new ByteArrayContent(body) };
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType))
        {
            request.Content.Headers.ContentType = contentType;
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        Interlocked.Increment(ref forwardedCount);
        await LoopbackHttpServer.RespondAsync(context.Response, (int)response.StatusCode,
            response.Content.Headers.ContentType?.ToString(), responseBody, cancellationToken);
    }
}
