namespace OrleansWorkflows;

/// <summary>How <see cref="WorkflowClient"/> starts an instance.</summary>
public sealed record StartOrchestrationOptions
{
    /// <summary>
    /// The instance id; a new random id when <c>null</c>. The id of a finished instance may be reused (its old history is
    /// replaced); a Pending, Running or Suspended id is a conflict.
    /// </summary>
    public string? InstanceId { get; init; }

    /// <summary>
    /// The caller's id for this start (1-128 characters, no control characters), e.g. an HTTP request id; a new random
    /// one when <c>null</c>. Starting the same instance id again with the same request id — a retry whose first answer
    /// was lost — is accepted as the same start, even after the instance finished or continued as new, instead of being
    /// refused as a conflict or starting it twice.
    /// </summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// The orchestration version to start (it must be registered); <c>null</c> (the default) starts the orchestration's
    /// default version (<see cref="WorkflowRegistry.GetDefaultVersion"/>). The instance records it and runs it for its
    /// whole life.
    /// </summary>
    public string? Version { get; init; }

    /// <summary>
    /// When the instance starts; <c>null</c> or a time not in the future starts it now. Until then the instance exists
    /// as <see cref="OrchestrationRuntimeStatus.Pending"/> (a start with its id is a conflict); the scheduled start is
    /// durable (it survives restarts), events raised meanwhile wait for it, and it can be terminated (which cancels it)
    /// but not suspended, resumed or rewound before it runs.
    /// </summary>
    public DateTimeOffset? ScheduledStartTime { get; init; }
}
