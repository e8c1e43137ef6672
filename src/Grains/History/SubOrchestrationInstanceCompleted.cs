namespace OrleansWorkflows.History;

/// <summary>A sub-orchestration completed.</summary>
/// <param name="TaskScheduledId">The sequence number of the call.</param>
/// <param name="Result">The JSON output.</param>
public sealed record SubOrchestrationInstanceCompleted(int TaskScheduledId, string? Result) : HistoryEvent, ICompletionEvent;
