using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansWorkflows.Bench;

/// <summary>
/// A built .NET app (<c>dotnet app.dll --key=value ...</c>) run as a child process, keeping its last 40 output lines
/// for error messages. Disposing kills it (and its children).
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly Dictionary<string, int> _watched = new(StringComparer.Ordinal);

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the process printed (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    /// <summary>How many lines the process printed that contain <paramref name="text"/>, one of the texts it was started
    /// to watch for.</summary>
    /// <param name="text">A watched text.</param>
    public int Seen(string text)
    {
        lock (_lastLines)
        {
            return _watched.TryGetValue(text, out var count) ? count : throw new ArgumentException($"'{text}' is not watched.", nameof(text));
        }
    }

    /// <summary>Starts <paramref name="dll"/> with <c>--key=value</c> arguments, in its own folder, logging warnings only.</summary>
    /// <param name="dll">The app.</param>
    /// <param name="settings">Its settings, as command-line arguments.</param>
    /// <param name="watch">Texts whose lines are counted (<see cref="Seen"/>).</param>
    public static ChildProcess Start(string dll, IEnumerable<KeyValuePair<string, string>> settings, IEnumerable<string>? watch = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll),
        };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var child = new ChildProcess(new Process { StartInfo = start });
        foreach (var text in watch ?? [])
        {
            child._watched[text] = 0;
        }

        child._process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    /// <summary><paramref name="count"/> loopback ports free at this moment.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    /// <summary>Whether something accepts connections on loopback <paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            foreach (var text in _watched.Keys)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    _watched[text]++;
                }
            }

            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }
}
