namespace OrleansWorkflows.History;

/// <summary>A sub-orchestration failed or could not be started.</summary>
/// <param name="TaskScheduledId">The sequence number of the call.</param>
/// <param name="FailureDetails">What went wrong.</param>
public sealed record SubOrchestrationInstanceFailed(int TaskScheduledId, FailureDetails FailureDetails) : HistoryEvent, ICompletionEvent;
