namespace OrleansWorkflows.Engine;

/// <summary>
/// Fault injection for crash-safety tests, registered as the silo's <see cref="ICommitInterceptor"/>. When
/// <see cref="CrashAfterCommit"/> returns true for an instance, its grain behaves as if its process died right after a
/// commit: nothing is dispatched and the activation is dropped with its in-memory state. Recovery must come from the
/// durable wake-up.
/// </summary>
public sealed class EngineFaults : ICommitInterceptor
{
    /// <summary>Decides, per instance id, whether to "crash" after the next commit.</summary>
    public Func<string, bool>? CrashAfterCommit { get; set; }

    /// <summary>Decides, per instance id, whether to "crash" right before the next commit: the episode is lost and
    /// its callers get a retryable error.</summary>
    public Func<string, bool>? CrashBeforeCommit { get; set; }

    bool ICommitInterceptor.CrashBeforeCommit(string instanceId) => CrashBeforeCommit?.Invoke(instanceId) == true;

    bool ICommitInterceptor.CrashAfterCommit(string instanceId) => CrashAfterCommit?.Invoke(instanceId) == true;
}
