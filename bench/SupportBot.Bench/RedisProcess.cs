using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SupportBot.Bench;

/// <summary>
/// A redis-server of the benchmark's own on a free loopback port, set up as production should run it: append-only file
/// on, fsync every second. Null when redis-server is not installed (the Redis runs are then skipped with a note).
/// </summary>
internal sealed class RedisProcess : IDisposable
{
    private readonly Process process;

    private RedisProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<RedisProcess?> StartAsync(string folder)
    {
        var port = FreePort();
        Directory.CreateDirectory(folder);
        Process? process;
        try
        {
            process = Process.Start(new ProcessStartInfo("redis-server",
                ["--port", port.ToString(Fmt.Culture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--dir", folder])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        if (process is null)
        {
            return null;
        }

        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new RedisProcess(process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        process.Kill();
        return null;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
