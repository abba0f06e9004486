using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>
/// A loopback URL whose port refuses connections: the port was bound, noted and released, so nothing listens there
/// (another process could grab it later; on one test machine that is rare enough).
/// </summary>
public sealed class DeadEndpoint
{
    public DeadEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Url = new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public int Port { get; }

    public Uri Url { get; }
}
