using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SupportBot.Storage.Tests.Redis;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, its data in a folder of its own with the append-only file on, as
/// production runs it. <see cref="Kill"/> and <see cref="Start"/> restart it on the same port and data, as a crash and
/// a restart would. Killed, and its folder removed, on dispose.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PingPause = TimeSpan.FromMilliseconds(50);
    private Process? _process;

    public RedisServer()
    {
        Executable = Find() ?? throw new InvalidOperationException(
            "redis-server is not installed, and the Redis store tests run against a real one. Install it "
            + "(Debian: apt-get install -y redis-server; .ci/run does this when it is missing) and run the tests again.");
        DataDirectory = Path.Combine(Path.GetTempPath(), "supportbot-redis-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        Port = FreePort();
        Start();
    }

    public string Executable { get; }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,syncTimeout=5000,asyncTimeout=5000";

    /// <summary>Starts the server (again) on the same port and folder; returns once it answers PING.</summary>
    public void Start()
    {
        if (_process is { HasExited: false })
            throw new InvalidOperationException("redis-server is already running");
        var start = new ProcessStartInfo(Executable) { UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--port", $"{Port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
            "--dir", DataDirectory, "--logfile", LogFile, "--daemonize", "no",
        })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start");
        WaitForPong();
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would: nothing is flushed on the way out.</summary>
    public void Kill()
    {
        if (_process is not { HasExited: false } process)
            return;
        process.Kill();
        process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>Every key in the server's database, for tests that check where the stores write.</summary>
    public IReadOnlyList<string> Keys()
    {
        using var redis = StackExchange.Redis.ConnectionMultiplexer.Connect(Configuration + ",allowAdmin=true");
        return [.. redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: "*").Select(key => (string)key!)];
    }

    private string LogFile => Path.Combine(DataDirectory, "redis.log");

    private void WaitForPong()
    {
        for (var attempt = 0; attempt * PingPause < StartTimeout; attempt++)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}: {Log()}");
            if (Ping())
                return;
            Thread.Sleep(PingPause);
        }

        throw new TimeoutException($"redis-server on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s: {Log()}");
    }

    private bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.ReadTimeout = 1000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[64];
            var read = stream.Read(buffer);
            // While it loads the append-only file it answers -LOADING instead.
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return false;
        }
    }

    private string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
