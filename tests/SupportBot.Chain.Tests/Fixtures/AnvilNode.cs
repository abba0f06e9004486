using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>
/// One anvil process on a loopback port it chose itself (<c>--port 0</c>), emulating one EVM network.
/// Disposing kills it.
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    private const string ListeningPrefix = "Listening on ";
    private const int KeptOutputLines = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly ConcurrentQueue<string> output;

    private AnvilNode(Process process, ConcurrentQueue<string> output, long chainId, int port)
    {
        this.process = process;
        this.output = output;
        ChainId = chainId;
        Port = port;
        Url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public long ChainId { get; }

    public int Port { get; }

    /// <summary>The JSON-RPC endpoint, <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The last lines anvil printed (it logs every RPC method it serves), for failure messages.</summary>
    public string RecentOutput => string.Join('\n', output);

    /// <summary>Starts anvil (installing it with <c>npm ci</c> when missing) and waits until it listens.</summary>
    public static async Task<AnvilNode> StartAsync(long chainId, IEnumerable<string>? extraArguments = null,
        CancellationToken cancellationToken = default)
    {
        var binary = await NpmSetup.EnsureAnvilAsync(cancellationToken);
        var startInfo = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = ["--host", "127.0.0.1", "--port", "0", "--chain-id", chainId.ToString(CultureInfo.InvariantCulture)];
        foreach (var argument in arguments.Concat(extraArguments ?? []))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo };

        // anvil keeps logging after start-up: the handlers keep draining both pipes so it never blocks on a full one.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("anvil closed its output before listening."));
                return;
            }

            Keep(output, e.Data);
            if (TryParsePort(e.Data, out var port))
            {
                listening.TrySetResult(port);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Keep(output, "stderr: " + e.Data);
            }
        };

        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"anvil at {binary} could not start: {e.Message}. Run `npm ci` in {RepositoryPaths.Root}.", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var port = await listening.Task.WaitAsync(StartTimeout, cancellationToken);
            return new AnvilNode(process, output, chainId, port);
        }
        catch (Exception e)
        {
            await StopAsync(process);
            throw new InvalidOperationException(
                $"anvil for chain {chainId} did not report a port ({e.Message}). Its output:\n{string.Join('\n', output)}", e);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(process);

    public override string ToString() => $"anvil chain {ChainId} at {Url}";

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped within the timeout; nothing more to do in a test run.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static void Keep(ConcurrentQueue<string> output, string line)
    {
        output.Enqueue(line);
        while (output.Count > KeptOutputLines && output.TryDequeue(out _))
        {
        }
    }

    /// <summary>Reads the port from anvil's <c>Listening on 127.0.0.1:&lt;port&gt;</c> line.</summary>
    internal static bool TryParsePort(string line, out int port)
    {
        port = 0;
        var start = line.IndexOf(ListeningPrefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var endpoint = line[(start + ListeningPrefix.Length)..].Trim();
        var colon = endpoint.LastIndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        var digits = new string(endpoint[(colon + 1)..].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }
}
