namespace OrleansWorkflows.History;

/// <summary>A durable timer fired.</summary>
/// <param name="TimerId">The timer's sequence number.</param>
/// <param name="FireAt">When it was due, UTC.</param>
public sealed record TimerFired(int TimerId, DateTime FireAt) : HistoryEvent, ICompletionEvent
{
    /// <inheritdoc />
    int ICompletionEvent.TaskScheduledId => TimerId;
}
