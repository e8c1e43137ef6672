namespace OrleansWorkflows.History;

/// <summary>The orchestration created a durable timer.</summary>
/// <param name="EventId">The call's sequence number (the timer id).</param>
/// <param name="FireAt">When it fires, UTC.</param>
public sealed record TimerCreated(int EventId, DateTime FireAt) : HistoryEvent, ISchedulingEvent
{
    /// <inheritdoc />
    public string Describe() => $"TimerCreated (fireAt {FireAt:O})";
}
