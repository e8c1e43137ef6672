namespace OrleansWorkflows.History;

/// <summary>The instance was suspended: incoming messages are buffered until it is resumed.</summary>
/// <param name="Reason">The reason given with the request.</param>
public sealed record ExecutionSuspended(string? Reason) : HistoryEvent;
