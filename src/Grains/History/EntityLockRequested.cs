namespace OrleansWorkflows.History;

/// <summary>The orchestration asked to lock an entity (one event per entity of a critical section, in lock order).</summary>
/// <param name="EventId">The request's sequence number.</param>
/// <param name="EntityId">The entity, <c>@name@key</c>.</param>
public sealed record EntityLockRequested(int EventId, string EntityId) : HistoryEvent, ISchedulingEvent
{
    /// <inheritdoc />
    public string Describe() => $"EntityLockRequested on '{EntityId}'";
}
