using Microsoft.CodeAnalysis;

namespace OrleansWorkflows.Analyzers;

/// <summary>
/// The diagnostics of the orchestrator-code analyzer: ids <c>OW10xx</c>, documented in <c>src/Analyzers/README.md</c>.
/// Ids never change meaning; a retired rule keeps its id unused.
/// </summary>
public static class Rules
{
    /// <summary>Category of the determinism rules.</summary>
    public const string Determinism = "Determinism";

    /// <summary>Category of the registration rules.</summary>
    public const string Registration = "Registration";

    /// <summary>Key of the diagnostic property naming the orchestration context in scope (for the code fixes).</summary>
    public const string ContextProperty = "Context";

    /// <summary>Key of the diagnostic property saying which code fix applies (absent: none).</summary>
    public const string FixProperty = "Fix";

    /// <summary>Key of the diagnostic property holding the nearest registered name (OW1020).</summary>
    public const string SuggestionProperty = "Suggestion";

    /// <summary>OW1001: the system clock.</summary>
    public static readonly DiagnosticDescriptor Clock = Determinism1(
        "OW1001",
        "Orchestrator code must not read the system clock",
        "'{0}' reads the system clock, which gives another value when the orchestration replays: use '{1}.CurrentUtcDateTime'");

    /// <summary>OW1002: Guid.NewGuid.</summary>
    public static readonly DiagnosticDescriptor NewGuid = Determinism1(
        "OW1002",
        "Orchestrator code must not create random GUIDs",
        "'Guid.{0}()' gives another value when the orchestration replays: use '{1}.NewGuid()'");

    /// <summary>OW1003: Task.Delay.</summary>
    public static readonly DiagnosticDescriptor Delay = Determinism1(
        "OW1003",
        "Orchestrator code must wait with durable timers",
        "'Task.Delay' is neither recorded in the history nor survives a restart: wait with '{0}.CreateTimer'");

    /// <summary>OW1004: Thread.Sleep.</summary>
    public static readonly DiagnosticDescriptor Sleep = Determinism1(
        "OW1004",
        "Orchestrator code must not block its thread",
        "'Thread.Sleep' blocks the orchestration's scheduler: wait with 'await {0}.CreateTimer'");

    /// <summary>OW1005: Task.Run and friends.</summary>
    public static readonly DiagnosticDescriptor ThreadPool = Determinism1(
        "OW1005",
        "Orchestrator code must not run work on the thread pool",
        "'{0}' runs code on the thread pool, off the orchestration's scheduler: do the work in an activity");

    /// <summary>OW1006: ConfigureAwait(false).</summary>
    public static readonly DiagnosticDescriptor ConfigureAwait = Determinism1(
        "OW1006",
        "Orchestrator code must not leave its scheduler with ConfigureAwait(false)",
        "'ConfigureAwait(false)' continues on the thread pool, off the orchestration's scheduler: await the task itself");

    /// <summary>OW1007: .Result, .Wait(), GetResult().</summary>
    public static readonly DiagnosticDescriptor Blocking = Determinism1(
        "OW1007",
        "Orchestrator code must await tasks, not block on them",
        "'{0}' blocks on a task, which never completes on the orchestration's single-threaded scheduler: await it");

    /// <summary>OW1008: Random.</summary>
    public static readonly DiagnosticDescriptor Random = Determinism1(
        "OW1008",
        "Orchestrator code must not use random numbers",
        "'{0}' gives other values when the orchestration replays: draw random values in an activity, or derive them from 'context.NewGuid()'");

    /// <summary>OW1009: Environment.</summary>
    public static readonly DiagnosticDescriptor Environment = Determinism1(
        "OW1009",
        "Orchestrator code must not read the environment",
        "'Environment.{0}' depends on the machine and the moment, which can differ when the orchestration replays: read it in an activity");

    /// <summary>OW1010: I/O.</summary>
    public static readonly DiagnosticDescriptor InputOutput = Determinism1(
        "OW1010",
        "Orchestrator code must not do I/O",
        "'{0}' does I/O (file, network or database) whose result is not recorded in the history: do it in an activity");

    /// <summary>OW1011: CancellationTokenSource cancelling on the thread pool.</summary>
    public static readonly DiagnosticDescriptor Cancellation = Determinism1(
        "OW1011",
        "Orchestrator code must cancel synchronously",
        "'{0}' cancels on the thread pool, off the orchestration's scheduler, and the instance fails: call 'Cancel()' (after a durable timer for a delay)");

    /// <summary>OW1012: static mutable fields.</summary>
    public static readonly DiagnosticDescriptor StaticField = Determinism1(
        "OW1012",
        "Orchestrator code must not use static mutable fields",
        "Static field '{0}' is mutable: its value is shared by all instances and lost on restart, so a replay can see another value; keep state in locals, or make the field readonly or const");

    /// <summary>OW1020: a name no registration has.</summary>
    public static readonly DiagnosticDescriptor UnknownName = new(
        "OW1020",
        "Unknown activity, orchestration or entity name",
        "No {0} named '{1}' is registered in this compilation{2}",
        Registration,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Activity, orchestration and entity names are resolved at run time; a typo fails the instance only when the call runs.");

    /// <summary>OW1021: input or output type that does not match the registered class.</summary>
    public static readonly DiagnosticDescriptor TypeMismatch = new(
        "OW1021",
        "Input or output type does not match the registration",
        "{0} '{1}' ({2}) {3} '{4}', but this call {5} '{6}'",
        Registration,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Inputs and outputs travel as JSON: a type the registered class does not take or return fails, or loses data, at run time.");

    private static DiagnosticDescriptor Determinism1(string id, string title, string message) => new(
        id,
        title,
        message,
        Determinism,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Orchestrations are replayed from their history, so their code (orchestrator classes, lambdas registered as orchestrators and the methods they call) must make the same decisions every time.");
}
