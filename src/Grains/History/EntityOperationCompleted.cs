namespace OrleansWorkflows.History;

/// <summary>An entity answered a call with a result.</summary>
/// <param name="TaskScheduledId">The sequence number of the call.</param>
/// <param name="Result">The JSON result.</param>
public sealed record EntityOperationCompleted(int TaskScheduledId, string? Result) : HistoryEvent, ICompletionEvent;
