namespace OrleansWorkflows.History;

/// <summary>The orchestration sent a one-way operation to an entity.</summary>
/// <param name="EventId">The call's sequence number.</param>
/// <param name="EntityId">The entity, <c>@name@key</c>.</param>
/// <param name="Operation">The operation name.</param>
/// <param name="Input">The JSON input.</param>
public sealed record EntitySignaled(int EventId, string EntityId, string Operation, string? Input) : HistoryEvent, ISchedulingEvent
{
    /// <inheritdoc />
    public string Describe() => $"EntitySignaled '{Operation}' to '{EntityId}'";
}
