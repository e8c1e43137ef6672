namespace OrleansWorkflows.History;

/// <summary>An entity granted the lock the orchestration asked for.</summary>
/// <param name="TaskScheduledId">The sequence number of the lock request.</param>
public sealed record EntityLockGranted(int TaskScheduledId) : HistoryEvent, ICompletionEvent;
