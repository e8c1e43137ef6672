using System.Diagnostics;

namespace OrleansWorkflows.UpgradeTests;

/// <summary>The distribution's PostgreSQL client tools (<c>pg_dump</c>, <c>psql</c>): clients run as any user, root included.</summary>
public static class PostgreSqlTools
{
    /// <summary>The path of <paramref name="tool"/> in the newest PostgreSQL under <c>/usr/lib/postgresql/*/bin</c>.</summary>
    /// <param name="tool">The tool's file name.</param>
    public static string Find(string tool) =>
        (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
            .Select(d => Path.Combine(d, "bin", tool))
            .Where(File.Exists)
            .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
            .FirstOrDefault() ?? throw new InvalidOperationException($"{tool} not found under /usr/lib/postgresql/*/bin (apt-get install postgresql).");

    /// <summary>Runs <paramref name="file"/>; throws with its output when it exits with an error.</summary>
    /// <param name="file">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    public static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
