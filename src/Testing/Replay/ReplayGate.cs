using System.Reflection;

namespace OrleansWorkflows.Testing;

/// <summary>
/// The replay gate of a deploy pipeline: replays history files and folders against the orchestrators of the given
/// assemblies, writes one line per history (<see cref="ReplayResult.ToString"/>) and returns the exit code: 0 when
/// every history replayed, 1 when one diverged or failed, 2 for bad arguments or no history found. The
/// <c>OrleansWorkflows.ReplayGate</c> tool (<c>src/ReplayGate</c>) runs it:
/// <c>dotnet OrleansWorkflows.ReplayGate.dll --assembly MyWorkflows.dll histories/</c>.
/// </summary>
public static class ReplayGate
{
    /// <summary>The usage line.</summary>
    public const string Usage = "usage: ReplayGate --assembly <workflows.dll> [--assembly <more.dll>] <history.json | folder>...";

    /// <summary>Runs the gate over command-line <paramref name="args"/>.</summary>
    /// <param name="args"><c>--assembly</c> options (each assembly's orchestrators registered as <c>AddWorkflowsFromAssembly</c> does) and history paths.</param>
    /// <param name="output">Where the lines go.</param>
    /// <returns>The exit code.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var assemblies = new List<string>();
        var paths = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--assembly" or "-a")
            {
                if (++i >= args.Count)
                {
                    output.WriteLine(Usage);
                    return 2;
                }

                assemblies.Add(args[i]);
            }
            else
            {
                paths.Add(args[i]);
            }
        }

        if (assemblies.Count == 0 || paths.Count == 0)
        {
            output.WriteLine(Usage);
            return 2;
        }

        var registry = new WorkflowRegistry();
        foreach (var path in assemblies)
        {
            try
            {
                registry.AddWorkflowsFromAssembly(Assembly.LoadFrom(Path.GetFullPath(path)));
            }
            catch (Exception ex) when (ex is IOException or BadImageFormatException or WorkflowRegistrationException)
            {
                output.WriteLine($"INVALID {path}: {ex.Message}");
                return 2;
            }
        }

        return Run(new WorkflowReplayer(registry), paths, output);
    }

    /// <summary>Replays <paramref name="paths"/> (files or folders) with <paramref name="replayer"/>, one line per history.</summary>
    /// <param name="replayer">The replayer of today's registrations.</param>
    /// <param name="paths">History files or folders.</param>
    /// <param name="output">Where the lines go.</param>
    /// <returns>0 all replayed, 1 a divergence or failure, 2 an invalid history or none found.</returns>
    public static int Run(WorkflowReplayer replayer, IEnumerable<string> paths, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(replayer);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(output);
        var results = paths.SelectMany(replayer.ReplayPath).ToList();
        foreach (var result in results)
        {
            output.WriteLine(result);
        }

        var replayed = results.Count(r => r.Succeeded);
        output.WriteLine($"{replayed} of {results.Count} histories replayed");
        return results.Count == 0 || results.Any(r => r.Outcome == ReplayOutcome.Invalid) ? 2
            : replayed == results.Count ? 0
            : 1;
    }
}
