namespace OrleansWorkflows.History;

/// <summary>The orchestration sent an event to another instance.</summary>
/// <param name="EventId">The call's sequence number.</param>
/// <param name="InstanceId">The target instance.</param>
/// <param name="Name">The event name.</param>
/// <param name="Input">The JSON payload.</param>
public sealed record EventSent(int EventId, string InstanceId, string Name, string? Input) : HistoryEvent, ISchedulingEvent
{
    /// <inheritdoc />
    public string Describe() => $"EventSent '{Name}' to '{InstanceId}'";
}
