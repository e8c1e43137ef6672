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

/// <summary>
/// The caller information the compiler filled in on a scheduling call of the context (<c>[CallerFilePath]</c>,
/// <c>[CallerLineNumber]</c>): the line of the call expression itself. Empty (default) when the call came without it.
/// </summary>
/// <param name="File">The caller's source file.</param>
/// <param name="Line">The line of the call.</param>
internal readonly record struct Caller(string? File, int Line)
{
    /// <summary>The call site, or <c>null</c> when there is no caller information or it points into generated code (the
    /// typed activity calls forward their own callers').</summary>
    public CallSite? ToCallSite() =>
        Line > 0 && !string.IsNullOrEmpty(File) && !File.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase) ? new CallSite(File, Line) : null;
}
