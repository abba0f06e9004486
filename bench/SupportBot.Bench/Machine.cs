using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace SupportBot.Bench;

/// <summary>What the figures were measured on; throughput means little without it.</summary>
internal static class Machine
{
    public static IEnumerable<(string Name, string Value)> Describe()
    {
        yield return ("OS", RuntimeInformation.OSDescription);
        yield return ("Runtime", $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})");
        yield return ("CPU", ProcInfo("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString());
        yield return ("Processors", Environment.ProcessorCount.ToString(Fmt.Culture));
        yield return ("Memory", Fmt.Bytes(TotalMemory()));
        var concurrent = AppContext.GetData("System.GC.Concurrent") as bool? ?? true;
        yield return ("GC", $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {(concurrent ? "concurrent" : "non-concurrent")}, {GCSettings.LatencyMode}");
        yield return ("Temp dir", $"{Path.GetTempPath()} ({FileSystemOf(Path.GetTempPath()) ?? "unknown fs"})");
    }

    /// <summary>
    /// Starts watching the noise behind every figure on a shared machine: how many CPUs other processes (and the
    /// hypervisor) keep busy, and the share of time some process waits for the disk. The function returned tells, on
    /// average since the start, where the OS reports it.
    /// </summary>
    public static Func<(double? OtherCpus, double? IoStalled)> WatchNoise()
    {
        var (machine, io, own, clock) = (CpuTicks(), IoStallMicros(), Environment.CpuUsage.TotalTime, Stopwatch.StartNew());
        return () =>
        {
            var others = CpuTicks() is { } end && machine is { } start && end.Total > start.Total
                ? Math.Max(0, (double)(end.Busy - start.Busy) / (end.Total - start.Total) * Environment.ProcessorCount
                    - (Environment.CpuUsage.TotalTime - own) / clock.Elapsed)
                : (double?)null;
            return (others, IoStallMicros() - io is { } stalled ? stalled / clock.Elapsed.TotalMicroseconds : null);
        };
    }

    // "some ... total=N": microseconds in which at least one task was stalled on I/O.
    private static long? IoStallMicros()
    {
        try
        {
            return File.Exists("/proc/pressure/io") && File.ReadLines("/proc/pressure/io").FirstOrDefault() is { } some
                && long.TryParse(some[(some.LastIndexOf('=') + 1)..], Fmt.Culture, out var total) ? total : null;
        }
        catch (IOException)
        {
            return null; // kernels booted with psi=0 list the file but refuse to read it
        }
    }

    private static (long Busy, long Total)? CpuTicks()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        // cpu user nice system idle iowait irq softirq steal: time stolen by the hypervisor is not ours either.
        var t = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..9].Select(f => long.Parse(f, Fmt.Culture)).ToArray();
        return (t[0] + t[1] + t[2] + t[5] + t[6] + t[7], t.Sum());
    }

    private static long TotalMemory() =>
        ProcInfo("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ')[0], out var kb)
            ? kb * 1024
            : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    private static string? ProcInfo(string file, string key) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(key, StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;

    // SQLite figures depend on the file system far more than on the CPU (tmpfs vs. ext4 vs. overlay).
    private static string? FileSystemOf(string path) =>
        File.Exists("/proc/mounts")
            ? File.ReadLines("/proc/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 2 && path.StartsWith(f[1], StringComparison.Ordinal))
                .MaxBy(f => f[1].Length)?[2]
            : null;
}
