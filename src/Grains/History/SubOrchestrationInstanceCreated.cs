namespace OrleansWorkflows.History;

/// <summary>The orchestration started a sub-orchestration.</summary>
/// <param name="EventId">The call's sequence number.</param>
/// <param name="Name">The child's orchestration name.</param>
/// <param name="InstanceId">The child's instance id.</param>
/// <param name="Input">The JSON input.</param>
public sealed record SubOrchestrationInstanceCreated(int EventId, string Name, string InstanceId, string? Input) : HistoryEvent, ISchedulingEvent
{
    /// <inheritdoc />
    public string Describe() => $"SubOrchestrationInstanceCreated '{Name}' (instance '{InstanceId}')";
}
