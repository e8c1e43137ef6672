using System.Diagnostics;
using System.Reflection;

namespace OrleansWorkflows.Replay;

/// <summary>The source file and line of the orchestrator code that made a scheduling call.</summary>
/// <param name="File">The source file, as the PDB names it.</param>
/// <param name="Line">The line.</param>
internal sealed record CallSite(string File, int Line)
{
    private static readonly Assembly Engine = typeof(CallSite).Assembly;
    private static readonly Assembly Authoring = typeof(OrchestrationContext).Assembly;

    /// <summary>
    /// The first frame of the current stack with source information that is neither the engine, the authoring API nor
    /// generated code (the typed activity calls): the orchestrator's own line. <c>null</c> without symbols.
    /// </summary>
    public static CallSite? Capture()
    {
        foreach (var frame in new StackTrace(1, fNeedFileInfo: true).GetFrames())
        {
            var assembly = frame.GetMethod()?.DeclaringType?.Assembly;
            var file = frame.GetFileName();
            if (assembly is null || assembly == Engine || assembly == Authoring || string.IsNullOrEmpty(file)
                || file.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            return new CallSite(file, frame.GetFileLineNumber());
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}";
}
