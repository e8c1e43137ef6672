namespace OrleansWorkflows.History;

/// <summary>The orchestration called an entity operation (a request message; the answer completes the call).</summary>
/// <param name="EventId">The call's sequence number.</param>
/// <param name="EntityId">The entity, <c>@name@key</c>.</param>
/// <param name="Operation">The operation name.</param>
/// <param name="Input">The JSON input.</param>
public sealed record EntityOperationCalled(int EventId, string EntityId, string Operation, string? Input) : HistoryEvent, ISchedulingEvent
{
    /// <inheritdoc />
    public string Describe() => $"EntityOperationCalled '{Operation}' on '{EntityId}'";
}
