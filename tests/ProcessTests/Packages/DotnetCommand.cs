using System.Diagnostics;
using System.Text;

namespace OrleansWorkflows.ProcessTests.Packages;

/// <summary>
/// Runs the <c>dotnet</c> CLI as a user would, in an isolated environment (<see cref="IsolatedDotnet"/>): its output is
/// captured, a non-zero exit fails the test with the command and its output, and a command that hangs is killed.
/// </summary>
internal static class DotnetCommand
{
    public static async Task<string> RunAsync(IsolatedDotnet environment, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        environment.ApplyTo(start);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within {timeout}:\n{Text(output)}");
        }

        process.WaitForExit();
        var text = Text(output);
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode} after {clock.Elapsed.TotalSeconds:0} s:\n{text}");
        environment.Log($"dotnet {string.Join(' ', arguments)}: {clock.Elapsed.TotalSeconds:0.0} s");
        return text;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
