namespace OrleansWorkflows;

/// <summary>
/// What an instance does when the version it runs (recorded when it started) is registered on no silo of the cluster,
/// e.g. after a deploy that dropped version 1 while version-1 instances were still running. Set per orchestration with
/// <see cref="WorkflowRegistry.SetMissingVersionPolicy"/>.
/// </summary>
public enum MissingVersionPolicy
{
    /// <summary>
    /// The instance waits, runs nothing and keeps every message it receives; its status says what it waits for
    /// (<see cref="OrchestrationMetadata.WaitingFor"/>). When a silo that registers the version joins the cluster, the
    /// instance moves there and carries on. The default.
    /// </summary>
    Wait = 0,

    /// <summary>The instance fails with an error naming the missing version (a rewind after the version is deployed
    /// again runs it on).</summary>
    Fail = 1,
}
