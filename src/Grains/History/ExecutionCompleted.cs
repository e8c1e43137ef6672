namespace OrleansWorkflows.History;

/// <summary>The execution ended: Completed, Failed or ContinuedAsNew (then <see cref="Result"/> is the next input).</summary>
/// <param name="OrchestrationStatus">How it ended.</param>
/// <param name="Result">The JSON output (or the next execution's input for ContinuedAsNew).</param>
/// <param name="FailureDetails">The failure, for Failed.</param>
public sealed record ExecutionCompleted(OrchestrationRuntimeStatus OrchestrationStatus, string? Result, FailureDetails? FailureDetails) : HistoryEvent;
