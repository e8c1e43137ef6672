namespace OrleansWorkflows.History;

/// <summary>The instance was resumed after a suspension.</summary>
/// <param name="Reason">The reason given with the request.</param>
public sealed record ExecutionResumed(string? Reason) : HistoryEvent;
