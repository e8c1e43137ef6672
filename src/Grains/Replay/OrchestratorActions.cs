namespace OrleansWorkflows.Replay;

/// <summary>Something the orchestration code asked the engine to do; the grain dispatches it after the commit.</summary>
/// <param name="Id">The sequence number of the call.</param>
internal abstract record OrchestratorAction(int Id);

/// <summary>Run an activity.</summary>
internal sealed record ScheduleActivityAction(int Id, string Name, string? Input, int Attempt) : OrchestratorAction(Id);

/// <summary>Arm a durable timer.</summary>
internal sealed record CreateTimerAction(int Id, DateTime FireAt) : OrchestratorAction(Id);

/// <summary>Start a sub-orchestration.</summary>
internal sealed record StartSubOrchestrationAction(int Id, string Name, string InstanceId, string? Input) : OrchestratorAction(Id)
{
    /// <summary>The version to start; <c>null</c> for the child's default version.</summary>
    public string? Version { get; init; }
}

/// <summary>Send an event to another instance.</summary>
internal sealed record SendEventAction(int Id, string InstanceId, string EventName, string? Input) : OrchestratorAction(Id);

/// <summary>How an execution ended.</summary>
/// <param name="Status">Completed, Failed or ContinuedAsNew.</param>
/// <param name="Output">The JSON output, or the next input for ContinuedAsNew.</param>
/// <param name="Failure">The failure, for Failed.</param>
/// <param name="CarriedEvents">External events carried into the next execution, for ContinuedAsNew.</param>
internal sealed record ExecutionOutcome(
    OrchestrationRuntimeStatus Status,
    string? Output,
    FailureDetails? Failure,
    IReadOnlyList<History.EventRaised> CarriedEvents)
{
    /// <summary>For ContinuedAsNew: the version the next execution runs; <c>null</c> keeps the current one.</summary>
    public string? NewVersion { get; init; }
}
