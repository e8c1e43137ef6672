namespace OrleansWorkflows;

/// <summary>The runtime status of an orchestration instance, named exactly as Durable Functions names them.</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Scheduled but not yet started.</summary>
    Pending = 0,

    /// <summary>Started and not finished.</summary>
    Running = 1,

    /// <summary>Finished successfully; the output is available.</summary>
    Completed = 2,

    /// <summary>Restarted itself with a new input; a new execution follows.</summary>
    ContinuedAsNew = 3,

    /// <summary>Finished with an unhandled failure; the output carries the failure details.</summary>
    Failed = 4,

    /// <summary>Canceled.</summary>
    Canceled = 5,

    /// <summary>Stopped by a terminate request.</summary>
    Terminated = 6,

    /// <summary>Paused by a suspend request; buffers incoming messages until resumed.</summary>
    Suspended = 7,
}

/// <summary>Helpers over <see cref="OrchestrationRuntimeStatus"/>.</summary>
public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>True when no further work happens for this execution (Completed, Failed, Canceled, Terminated).</summary>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) => status is
        OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or
        OrchestrationRuntimeStatus.Canceled or OrchestrationRuntimeStatus.Terminated;
}
