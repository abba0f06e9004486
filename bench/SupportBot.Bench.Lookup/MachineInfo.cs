using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;

namespace SupportBot.Bench.Lookup;

/// <summary>What the figures were measured on.</summary>
internal static class MachineInfo
{
    public static IEnumerable<string> Describe(string anvilVersion)
    {
        yield return $"OS          {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})";
        yield return $".NET        {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {Configuration()} build";
        yield return $"Cores       {Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)} (logical, as seen by .NET)";
        yield return $"CPU         {CpuModel()}";
        yield return $"Memory      {Memory()}";
        yield return $"anvil       {anvilVersion}";
    }

    /// <summary>Release or Debug, from the JIT optimizer flag the compiler recorded in this assembly.</summary>
    public static bool IsOptimized() =>
        typeof(MachineInfo).Assembly.GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };

    private static string Configuration() => IsOptimized() ? "optimized (Release)" : "NOT optimized (Debug: figures are not representative)";

    private static string CpuModel() =>
        ReadField("/proc/cpuinfo", "model name") ?? "unknown (no /proc/cpuinfo)";

    private static string Memory() =>
        ReadField("/proc/meminfo", "MemTotal") is { } total
        && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
            ? string.Create(CultureInfo.InvariantCulture, $"{kib / 1024.0 / 1024.0:0.0} GiB total")
            : "unknown (no /proc/meminfo)";

    /// <summary>The value after the first <c>name: value</c> line of a /proc file.</summary>
    private static string? ReadField(string path, string name)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == name)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
