using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// A built host (<c>dotnet app.dll ...</c>) running as a real process, its output captured for failure messages.
/// <see cref="KillAsync"/> kills it abruptly (SIGKILL): nothing is flushed or shut down.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>A name for messages (e.g. <c>silo-0</c>).</summary>
    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The path of a built host, recorded by the project file as assembly metadata <paramref name="key"/>.</summary>
    public static string BuiltDll(string key) =>
        typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>Starts <c>dotnet <paramref name="dll"/> arguments</c>; in <paramref name="workingDirectory"/> (its content root) when given.</summary>
    public static ServiceProcess Start(string name, string dll, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments.Prepend(dll))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var service = new ServiceProcess(name, new Process { StartInfo = start });
        service._process.OutputDataReceived += (_, e) => service.Append(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Fails the test with the output when the process has exited.</summary>
    public void AssertRunning()
    {
        if (_process.HasExited)
        {
            Assert.Fail($"{Name} exited with {_process.ExitCode}:\n{Output}");
        }
    }

    /// <summary>Kills the process with SIGKILL and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
