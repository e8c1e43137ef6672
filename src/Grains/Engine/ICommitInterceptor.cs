namespace OrleansWorkflows.Engine;

/// <summary>
/// Hooks on an orchestration's commit path, for fault injection in crash-safety tests. The engine resolves one from the
/// silo's services; the default (<see cref="NoCommitInterceptor"/>) does nothing. A test registers its own as
/// <c>ICommitInterceptor</c> to make an instance behave as if its process died around a commit.
/// </summary>
public interface ICommitInterceptor
{
    /// <summary>Right before an episode of <paramref name="instanceId"/> commits: <c>true</c> loses the episode (its callers
    /// get a retryable error and the next activation replays from the store).</summary>
    /// <param name="instanceId">The orchestration instance id.</param>
    bool CrashBeforeCommit(string instanceId);

    /// <summary>Right after an episode of <paramref name="instanceId"/> committed: <c>true</c> drops the activation and its
    /// in-memory state before anything is dispatched (recovery must come from the durable wake-up).</summary>
    /// <param name="instanceId">The orchestration instance id.</param>
    bool CrashAfterCommit(string instanceId);
}

/// <summary>The default <see cref="ICommitInterceptor"/>: never interferes.</summary>
internal sealed class NoCommitInterceptor : ICommitInterceptor
{
    public bool CrashBeforeCommit(string instanceId) => false;

    public bool CrashAfterCommit(string instanceId) => false;
}
