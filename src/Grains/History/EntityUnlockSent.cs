namespace OrleansWorkflows.History;

/// <summary>The orchestration released its lock on an entity (its critical section ended).</summary>
/// <param name="EventId">The release's sequence number.</param>
/// <param name="EntityId">The entity, <c>@name@key</c>.</param>
public sealed record EntityUnlockSent(int EventId, string EntityId) : HistoryEvent, ISchedulingEvent
{
    /// <inheritdoc />
    public string Describe() => $"EntityUnlockSent to '{EntityId}'";
}
