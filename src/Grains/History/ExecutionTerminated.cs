namespace OrleansWorkflows.History;

/// <summary>The instance was terminated by a request; an ExecutionCompleted with status Terminated follows.</summary>
/// <param name="Reason">The reason given with the request.</param>
public sealed record ExecutionTerminated(string? Reason) : HistoryEvent;
