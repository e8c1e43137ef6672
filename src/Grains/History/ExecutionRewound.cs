namespace OrleansWorkflows.History;

/// <summary>A failed instance was rewound: the failures recorded before this event count as not received, so those tasks run again. Nothing before it is deleted.</summary>
/// <param name="Reason">The reason given with the request.</param>
public sealed record ExecutionRewound(string? Reason) : HistoryEvent;
