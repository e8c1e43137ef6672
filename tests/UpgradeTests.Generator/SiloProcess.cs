using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using OrleansWorkflows.Hosting;

namespace OrleansWorkflows.UpgradeTests.Generator;

/// <summary>This program started again as <see cref="GeneratorSilo"/>; its output is echoed, its markers recorded.</summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private volatile bool _ready;

    public SiloProcess(StorageSettings storage, string clusterId, string serviceId, int siloPort, int gatewayPort)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SiloProcess).Assembly.Location);
        }

        string[] arguments = ["silo", storage.Kind.ToString(), storage.ConnectionString, clusterId, serviceId,
            siloPort.ToString(CultureInfo.InvariantCulture), gatewayPort.ToString(CultureInfo.InvariantCulture)];
        arguments.ToList().ForEach(start.ArgumentList.Add);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the silo process.");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>True once the silo has started.</summary>
    public bool Ready => _ready && !_process.HasExited;

    /// <summary>The instances whose blocking activity has started.</summary>
    public ConcurrentDictionary<string, bool> ActivitiesStarted { get; } = new();

    /// <summary>Kills the silo process (SIGKILL) and waits until it is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line == GeneratorSilo.ReadyLine)
        {
            _ready = true;
        }
        else if (line.StartsWith(GeneratorSilo.ActivityStartedLine, StringComparison.Ordinal))
        {
            ActivitiesStarted[line[GeneratorSilo.ActivityStartedLine.Length..]] = true;
        }
        else
        {
            Console.WriteLine("  [silo] " + line);
        }
    }
}
