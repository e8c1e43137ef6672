namespace OrleansWorkflows.History;

/// <summary>The orchestration scheduled an activity call.</summary>
/// <param name="EventId">The call's sequence number.</param>
/// <param name="Name">The activity name.</param>
/// <param name="Input">The JSON input.</param>
public sealed record TaskScheduled(int EventId, string Name, string? Input) : HistoryEvent, ISchedulingEvent
{
    /// <summary>The attempt number under the caller's retry policy (1-based).</summary>
    public int Attempt { get; init; } = 1;

    /// <inheritdoc />
    public string Describe() => $"TaskScheduled '{Name}'";
}
