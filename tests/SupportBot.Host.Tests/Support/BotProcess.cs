using System.Diagnostics;
using System.Text;

namespace SupportBot.Host.Tests.Support;

/// <summary>
/// The built bot (<c>SupportBot.dll</c>, next to the tests) run as its own process, the way a user starts it: real
/// stdin, stdout and stderr pipes, configuration from <c>SUPPORTBOT_</c> environment variables, offline RPC endpoints.
/// </summary>
internal sealed class BotProcess : IAsyncDisposable
{
    /// <summary>Only a guard against a hung process: a healthy run takes a few seconds even on a busy machine.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    private readonly Process process;
    private readonly Task<string> error;

    private BotProcess(Process process)
    {
        this.process = process;
        error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>
    /// Starts <c>SupportBot &lt;args&gt;</c> in <paramref name="workingDirectory"/> with these settings, and these other
    /// environment variables (<c>ASPNETCORE_URLS</c>, say).
    /// </summary>
    public static BotProcess Start(string workingDirectory, string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null,
        IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SupportBot.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only this test's settings: none from the machine running the tests (a token would start a channel).
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SUPPORTBOT_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in CliRunner.Offline.Concat(settings ?? []))
        {
            start.Environment["SUPPORTBOT_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["LANG"] = "C.UTF-8";
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        return new BotProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Writes raw bytes to stdin, as a pipe or a file would deliver them.</summary>
    public async Task WriteAsync(byte[] bytes)
    {
        await process.StandardInput.BaseStream.WriteAsync(bytes);
        await process.StandardInput.BaseStream.FlushAsync();
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>The next line of stdout, or null when stdout is closed.</summary>
    public async Task<string?> ReadLineAsync() => await process.StandardOutput.ReadLineAsync().WaitAsync(Hang);

    /// <summary>Closes stdin and returns everything printed after that, and the exit code.</summary>
    public async Task<CliRun> FinishAsync()
    {
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(Hang);
        await process.WaitForExitAsync().WaitAsync(Hang);
        return new CliRun(process.ExitCode, output, await error);
    }

    public bool HasExited => process.HasExited;

    /// <summary>
    /// Kills the process at once (SIGKILL), as a crash or the OOM killer would; returns what it wrote to stderr (also
    /// after it ended by itself).
    /// </summary>
    public async Task<string> KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(Hang);
        }

        return await error.WaitAsync(Hang);
    }

    /// <summary>SIGTERM, as <c>docker stop</c> or systemd sends it; waits for the process to end and returns its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        if (SendSignal(process.Id, Sigterm) != 0)
        {
            throw new InvalidOperationException("could not send SIGTERM to the bot process");
        }

        await process.WaitForExitAsync().WaitAsync(Hang);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private const int Sigterm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>The dotnet that runs these tests (the SDK passes its path down), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : "dotnet";
}
