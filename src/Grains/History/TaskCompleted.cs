namespace OrleansWorkflows.History;

/// <summary>An activity returned.</summary>
/// <param name="TaskScheduledId">The sequence number of the call.</param>
/// <param name="Result">The JSON result.</param>
public sealed record TaskCompleted(int TaskScheduledId, string? Result) : HistoryEvent, ICompletionEvent;
