using Orleans.Concurrency;

namespace OrleansWorkflows.Runtime;

/// <summary>
/// One orchestration instance (grain key = instance id). Engine plumbing: use <see cref="WorkflowClient"/> instead.
/// </summary>
public interface IOrchestrationGrain : IGrainWithStringKey
{
    /// <summary>Starts a new execution; returns once its first episode is committed.</summary>
    /// <param name="request">What to start.</param>
    Task<OperationResult> StartAsync(StartRequest request);

    /// <summary>Durably accepts an external event from a client.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="payload">The JSON payload.</param>
    Task<OperationResult> RaiseEventAsync(string eventName, string? payload);

    /// <summary>Accepts an engine message (activity result, sub-orchestration message, event from another instance).
    /// Returns once the message is durably recorded (or found to be a duplicate or obsolete).</summary>
    /// <param name="message">The message.</param>
    Task DeliverAsync(WorkflowMessage message);

    /// <summary>Gets the status, or <c>null</c> when the instance does not exist.</summary>
    /// <param name="includeInputsAndOutputs">Include input, output and custom status.</param>
    /// <param name="includeHistory">Include the history of the current execution.</param>
    Task<OrchestrationMetadata?> GetStatusAsync(bool includeInputsAndOutputs, bool includeHistory);

    /// <summary>Waits up to <paramref name="maxWait"/> for the instance to finish; returns its status either way
    /// (<c>null</c> when it does not exist).</summary>
    /// <param name="maxWait">How long to wait in this call (keep it below the grain call timeout).</param>
    Task<OrchestrationMetadata?> WaitForCompletionAsync(TimeSpan maxWait);
}

/// <summary>Runs one activity call and reports its result to the calling orchestration (engine plumbing).</summary>
public interface IActivityWorkerGrain : IGrainWithStringKey
{
    /// <summary>Runs the call unless it is already running or done here; one-way.</summary>
    /// <param name="request">The call.</param>
    [OneWay]
    Task ExecuteAsync(ActivityRequest request);
}
