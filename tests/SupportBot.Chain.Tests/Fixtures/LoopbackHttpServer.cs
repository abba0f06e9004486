using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>
/// A tiny HTTP server on a free loopback port (System.Net.HttpListener), handing each request to a handler.
/// The building block of <see cref="StaticHttpEndpoint"/> and <see cref="DelayProxy"/>.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private const int PortAttempts = 20;

    private readonly Func<HttpListenerContext, CancellationToken, Task> handler;
    private readonly HttpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;

    /// <summary>Starts serving; <paramref name="handler"/> writes each response (exceptions become HTTP 500).</summary>
    public LoopbackHttpServer(Func<HttpListenerContext, CancellationToken, Task> handler)
    {
        this.handler = handler;
        (listener, Url) = StartOnFreePort();
        acceptLoop = AcceptLoopAsync();
    }

    public Uri Url { get; }

    /// <summary>Writes a complete response and closes it.</summary>
    public static async Task RespondAsync(HttpListenerResponse response, int statusCode, string? contentType, byte[] body,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(body);
        response.StatusCode = statusCode;
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }

        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body, cancellationToken);
        response.Close();
    }

    /// <summary>Reads a request's whole body.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpListenerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Close();
        await acceptLoop;
        stopping.Dispose();
    }

    private static (HttpListener Listener, Uri Url) StartOnFreePort()
    {
        // HttpListener cannot pick a port itself: take one the OS just handed out, retry if someone else got it first.
        for (var attempt = 1; ; attempt++)
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(url.ToString());
            try
            {
                listener.Start();
                return (listener, url);
            }
            catch (HttpListenerException) when (attempt < PortAttempts)
            {
                listener.Close();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            await handler(context, stopping.Token);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            try
            {
                await RespondAsync(context.Response, 500, "text/plain", Encoding.UTF8.GetBytes(e.ToString()), CancellationToken.None);
            }
            catch (Exception)
            {
                context.Response.Abort(); // the client went away
            }
        }
        catch (Exception)
        {
            context.Response.Abort(); // shutting down
        }
    }
}
