using System.Runtime.InteropServices;

namespace OrleansWorkflows.Bench;

/// <summary>The machine the benchmark ran on.</summary>
internal sealed record MachineInfo(int Cores, string Cpu, double MemoryGiB, string Os, string DotNet, string Configuration)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        ProcLine("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Math.Round(double.Parse(ProcLine("/proc/meminfo", "MemTotal")?.Split(' ')[0] ?? "0", System.Globalization.CultureInfo.InvariantCulture) / 1048576, 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
#if DEBUG
        "Debug");
#else
        "Release");
#endif

    /// <summary>/proc/loadavg (1, 5 and 15 minute averages), or "n/a".</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string? ProcLine(string file, string key) =>
        File.Exists(file)
            ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
}
