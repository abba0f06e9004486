using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>
/// A loopback URL whose port refuses connections: the port stays bound (so no server started by a parallel test can
/// take it) but never listens.
/// </summary>
public sealed class DeadEndpoint : IDisposable
{
    private readonly Socket reserved = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public DeadEndpoint()
    {
        reserved.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)reserved.LocalEndPoint!).Port;
        Url = new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public int Port { get; }

    public Uri Url { get; }

    public void Dispose() => reserved.Dispose();
}
