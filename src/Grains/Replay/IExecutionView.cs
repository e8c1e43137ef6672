namespace OrleansWorkflows.Replay;

/// <summary>
/// What the engine reads of an execution after an episode to decide the commit and what to dispatch: how it ended, its
/// custom status, what it waits for and which entity locks it holds. <see cref="OrchestrationExecutor"/> is one; an
/// episode produced elsewhere (a remote worker) describes its execution the same way.
/// </summary>
internal interface IExecutionView
{
    /// <summary>How the execution ended, once it has.</summary>
    ExecutionOutcome? Outcome { get; }

    /// <summary>The custom status JSON set by the code.</summary>
    string? CustomStatus { get; }

    /// <summary>Entities whose lock the execution requested and did not release.</summary>
    IReadOnlyList<EntityId> HeldEntityLocks { get; }

    /// <summary>Scheduled activities, timers, sub-orchestrations and entity calls without a result yet.</summary>
    IEnumerable<OrchestratorAction> OpenActions { get; }
}
