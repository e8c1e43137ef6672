namespace OrleansWorkflows.History;

/// <summary>An entity operation called by the orchestration threw (its state change was rolled back).</summary>
/// <param name="TaskScheduledId">The sequence number of the call.</param>
/// <param name="FailureDetails">What went wrong.</param>
public sealed record EntityOperationFailed(int TaskScheduledId, FailureDetails FailureDetails) : HistoryEvent, ICompletionEvent;
