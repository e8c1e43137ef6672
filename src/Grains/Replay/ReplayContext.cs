using Microsoft.Extensions.Logging;
using OrleansWorkflows.History;

namespace OrleansWorkflows.Replay;

/// <summary>
/// The <see cref="OrchestrationContext"/> of one execution. Every scheduling call takes the next sequence number and
/// records an action; the executor matches actions against history on replay and turns them into history events live.
/// Split by concern: activities and sub-orchestrations, timers, external events.
/// </summary>
internal sealed partial class ReplayContext : OrchestrationContext
{
    private readonly OrchestrationExecutor _executor;
    private readonly ExecutionStarted _started;
    private readonly ILoggerFactory _loggers;
    private int _nextSequence;
    private int _guidCounter;

    public ReplayContext(OrchestrationExecutor executor, string instanceId, ExecutionStarted started, ILoggerFactory loggers)
    {
        _executor = executor;
        InstanceId = instanceId;
        _started = started;
        _loggers = loggers;
    }

    public override string InstanceId { get; }

    public override string? ParentInstanceId => _started.ParentInstanceId;

    public override string Name => _started.Name;

    public override string? Version => _started.Version;

    public override bool IsReplaying => _executor.IsReplaying;

    public override DateTime CurrentUtcDateTime => _executor.CurrentUtcDateTime;

    /// <summary>Set by <see cref="ContinueAsNew(object, bool)"/>; <c>NewVersion</c> <c>null</c> keeps the version.</summary>
    public (string? Input, bool PreserveEvents, string? NewVersion)? ContinueAsNewRequest { get; private set; }

    /// <summary>The custom status JSON.</summary>
    public string? CustomStatus { get; private set; }

    public override T? GetInput<T>()
        where T : default
    {
        EnsureOnScheduler();
        return WorkflowJson.Deserialize<T>(_started.Input);
    }

    public override void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents = true)
    {
        EnsureOnScheduler();
        ContinueAsNewRequest = (WorkflowJson.Serialize(newInput), preserveUnprocessedEvents, null);
    }

    public override void ContinueAsNew(object? newInput, ContinueAsNewOptions options)
    {
        EnsureOnScheduler();
        ArgumentNullException.ThrowIfNull(options);
        if (WorkflowRegistry.VersionError(options.NewVersion) is { } error)
        {
            throw new ArgumentException(error, nameof(options));
        }

        ContinueAsNewRequest = (WorkflowJson.Serialize(newInput), options.PreserveUnprocessedEvents, options.NewVersion);
    }

    public override void SetCustomStatus(object? customStatus)
    {
        EnsureOnScheduler();
        CustomStatus = WorkflowJson.Serialize(customStatus);
    }

    public override Guid NewGuid()
    {
        EnsureOnScheduler();
        return DeterministicGuid.Create($"{InstanceId}|{_started.ExecutionId}|{_guidCounter++}");
    }

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(_loggers.CreateLogger(categoryName), () => _executor.IsReplaying);

    private int NextSequence() => _nextSequence++;

    internal int NextSequenceForDiagnostics => _nextSequence;

    /// <summary>
    /// Runs <paramref name="onCanceled"/> when <paramref name="token"/> is canceled by the orchestration's own code (inline,
    /// on its thread). A cancellation from anywhere else (CancelAfter, CancelAsync, another thread) must not touch the
    /// executor: it is reported as a violation that fails the instance in its next episode.
    /// </summary>
    private void OnCanceled(CancellationToken token, Action onCanceled)
    {
        if (!token.CanBeCanceled)
        {
            return;
        }

        token.Register(() =>
        {
            if (_executor.Scheduler.IsPumpingOnCurrentThread)
            {
                onCanceled();
                return;
            }

            _executor.Scheduler.ReportOutsideViolation(
                "A CancellationToken passed to CreateTimer or WaitForExternalEvent was canceled outside the orchestration " +
                "(CancelAfter, a CancellationTokenSource created with a delay, CancelAsync, or another thread), so the " +
                "cancellation is not durable and cannot be replayed. Cancel durable waits with Cancel() from the orchestration " +
                "code itself, and use context.CreateTimer (or the WaitForExternalEvent overload with a timeout) for time limits.");
        });
    }

    /// <summary>
    /// Context calls are valid only from orchestrator code running on the orchestrator scheduler. A call from elsewhere
    /// (after ConfigureAwait(false), from Task.Run, from another thread) is recorded first, so a user try/catch
    /// cannot swallow it, and then thrown.
    /// </summary>
    private void EnsureOnScheduler()
    {
        if (TaskScheduler.Current != _executor.Scheduler || !_executor.Scheduler.IsPumpingOnCurrentThread)
        {
            const string message =
                "An OrchestrationContext method was called outside the orchestration's scheduler (after ConfigureAwait(false), " +
                "inside Task.Run, or from another thread). Orchestration code must await context tasks directly, without " +
                "ConfigureAwait(false), and must not start threads.";
            _executor.Scheduler.RecordViolation(message);
            throw new InvalidOperationException(message);
        }
    }
}
