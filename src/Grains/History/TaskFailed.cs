namespace OrleansWorkflows.History;

/// <summary>An activity threw.</summary>
/// <param name="TaskScheduledId">The sequence number of the call.</param>
/// <param name="FailureDetails">What went wrong.</param>
public sealed record TaskFailed(int TaskScheduledId, FailureDetails FailureDetails) : HistoryEvent, ICompletionEvent;
