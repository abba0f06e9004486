using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>
/// Accepts TCP connections and reads whatever arrives, but never answers — a node that hangs. Disposing closes
/// the listener and every connection.
/// </summary>
public sealed class HangingEndpoint : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentBag<TcpClient> connections = [];
    private readonly Task acceptLoop;
    private int connectionCount;

    public HangingEndpoint()
    {
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        acceptLoop = AcceptLoopAsync();
    }

    public Uri Url { get; }

    /// <summary>How many connections were accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref connectionCount);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await acceptLoop;
        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        listener.Dispose();
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stopping.Token);
                connections.Add(client);
                Interlocked.Increment(ref connectionCount);
                _ = DrainAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task DrainAsync(TcpClient client)
    {
        var buffer = new byte[4096];
        try
        {
            var stream = client.GetStream();
            while (await stream.ReadAsync(buffer, stopping.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // Stopped, or the caller gave up and closed its end.
        }
    }
}
