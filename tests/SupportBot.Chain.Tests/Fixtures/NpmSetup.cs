using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>
/// Makes sure the pinned npm packages (anvil, solc) are installed: when the anvil binary is missing,
/// runs <c>npm ci</c> at the repository root once, even when several test classes or test processes ask at once.
/// </summary>
public static class NpmSetup
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Why anvil cannot run on this machine, or null where it can (Linux x64). Tests that need a real node are skipped
    /// with this reason elsewhere (see <c>RealNodeFactAttribute</c>) instead of failing on an npm install that cannot work.
    /// </summary>
    public static string? UnsupportedPlatform { get; } =
        UnsupportedPlatformReason(OperatingSystem.IsLinux(), RuntimeInformation.OSArchitecture, RuntimeInformation.OSDescription);

    /// <summary>The reason for <see cref="UnsupportedPlatform"/> on a machine with this OS and architecture.</summary>
    public static string? UnsupportedPlatformReason(bool linux, Architecture architecture, string osDescription) =>
        linux && architecture == Architecture.X64
            ? null
            : $"Real-node test skipped: anvil comes from the npm package @foundry-rs/anvil-linux-amd64, which installs only on Linux x64; "
              + $"this machine is {osDescription} {architecture}. Run the tests on Linux x64 to include it.";

    /// <summary>Returns the path of the anvil binary, installing it first when needed.</summary>
    public static async Task<string> EnsureAnvilAsync(CancellationToken cancellationToken = default)
    {
        if (UnsupportedPlatform is { } reason)
        {
            throw new PlatformNotSupportedException(reason);
        }

        if (IsInstalled())
        {
            return RepositoryPaths.AnvilBinary;
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsInstalled())
            {
                // Another test process (another test project, a benchmark) may be installing too.
                using var crossProcessLock = await AcquireFileLockAsync(cancellationToken);
                if (!IsInstalled())
                {
                    await RunNpmCiAsync(cancellationToken);
                }
            }
        }
        finally
        {
            Gate.Release();
        }

        if (!IsInstalled())
        {
            throw new InvalidOperationException(
                $"npm ci finished but {RepositoryPaths.AnvilBinary} is still missing: check package.json and package-lock.json.");
        }

        return RepositoryPaths.AnvilBinary;
    }

    private static bool IsInstalled() =>
        File.Exists(RepositoryPaths.AnvilBinary) && File.Exists(RepositoryPaths.NpmInstallMarker);

    private static async Task<FileStream> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        var rootHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RepositoryPaths.Root)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"supportbot-npm-{rootHash}.lock");
        var started = TestClock.Instance.GetTimestamp();
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive advisory lock (flock) on Unix: one holder across processes.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (TestClock.Instance.GetElapsedTime(started) < InstallTimeout)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static async Task RunNpmCiAsync(CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("npm")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo)
                ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"The chain tests need anvil, installed from npm, but npm could not be started ({e.Message}). "
                + $"Install Node.js 20 or later (with npm) and put it on PATH, or run `npm ci` in {RepositoryPaths.Root}.", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(InstallTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"npm ci in {RepositoryPaths.Root} did not finish within {InstallTimeout}.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"npm ci in {RepositoryPaths.Root} failed with exit code {process.ExitCode}:\n{await stdout}\n{await stderr}");
            }
        }
    }
}
