using Orleans.Concurrency;

namespace OrleansWorkflows.Runtime;

/// <summary>
/// One orchestration instance (grain key = instance id). Engine plumbing: use <see cref="WorkflowClient"/> instead.
/// The grain is not reentrant: starts, control operations, purges, reminders and wake-ups run one at a time. Only
/// deliveries (<see cref="DeliverAsync"/>, <see cref="RaiseEventAsync"/>: they only append to the inbox, and concurrent
/// ones must be batched into one episode) and status reads (<see cref="GetStatusAsync"/>,
/// <see cref="WaitForCompletionAsync"/>, which waits long) interleave with them.
/// </summary>
[Alias("ow.IOrchestrationGrain")]
public interface IOrchestrationGrain : IGrainWithStringKey
{
    /// <summary>Starts a new execution; returns once its first episode is committed.</summary>
    /// <param name="request">What to start.</param>
    [Alias("StartAsync")]
    Task<OperationResult> StartAsync(StartRequest request);

    /// <summary>Durably accepts an external event from a client.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="payload">The JSON payload.</param>
    /// <param name="requestId">The caller's request id, or <c>null</c>: an event repeated with a request id the instance
    /// recently received is accepted without being applied again.</param>
    [Alias("RaiseEventAsync")]
    [AlwaysInterleave]
    Task<OperationResult> RaiseEventAsync(string eventName, string? payload, string? requestId);

    /// <summary>Accepts an engine message (activity result, sub-orchestration message, event from another instance).
    /// Returns once the message is durably recorded (or found to be a duplicate or obsolete), with the answer the sender
    /// must apply to itself when the message is refused (a sub-orchestration start or a rewind that cannot be done), else
    /// <c>null</c>: a refusal travels back with the acknowledgement, so no instance calls another inside its turn.</summary>
    /// <param name="message">The message.</param>
    [Alias("DeliverAsync")]
    [AlwaysInterleave]
    Task<WorkflowMessage?> DeliverAsync(WorkflowMessage message);

    /// <summary>Accepts an activity's result (<see cref="WorkflowMessageKind.ActivityCompleted"/> or
    /// <see cref="WorkflowMessageKind.ActivityFailed"/>) from an activity worker. Returns once the result is recorded (or
    /// found to be a duplicate or obsolete); a result is never refused, so the call carries no answer (the path every
    /// activity takes: no answer task or answer message per call).</summary>
    /// <param name="message">The activity result.</param>
    [Alias("DeliverResultAsync")]
    [AlwaysInterleave]
    Task DeliverResultAsync(WorkflowMessage message);

    /// <summary>Terminates a Pending, Running or Suspended instance (recursively: its running sub-orchestrations too).</summary>
    /// <param name="reason">Why; recorded in history and as the output.</param>
    /// <param name="recursive">Also terminate the sub-orchestrations it is waiting for.</param>
    /// <param name="requestId">The caller's request id, or <c>null</c>: a repeat of a request id this instance applied (a
    /// client's retry after a slow or lost answer) is answered <see cref="OperationResult.Ok"/> and changes nothing.</param>
    [Alias("TerminateAsync")]
    Task<OperationResult> TerminateAsync(string? reason, bool recursive, string? requestId);

    /// <summary>Suspends a running instance: incoming messages are buffered until it is resumed. A no-op when suspended.</summary>
    /// <param name="reason">Why; recorded in history.</param>
    /// <param name="requestId">The caller's request id, or <c>null</c>: a repeat of a request id this instance applied (a
    /// client's retry after a slow or lost answer) is answered <see cref="OperationResult.Ok"/> and changes nothing.</param>
    [Alias("SuspendAsync")]
    Task<OperationResult> SuspendAsync(string? reason, string? requestId);

    /// <summary>Resumes a suspended instance where it was. A no-op when running.</summary>
    /// <param name="reason">Why; recorded in history.</param>
    /// <param name="requestId">The caller's request id, or <c>null</c>: a repeat of a request id this instance applied (a
    /// client's retry after a slow or lost answer) is answered <see cref="OperationResult.Ok"/> and changes nothing.</param>
    [Alias("ResumeAsync")]
    Task<OperationResult> ResumeAsync(string? reason, string? requestId);

    /// <summary>Rewinds a failed instance: its failed tasks (and failed sub-orchestrations, recursively) run again.</summary>
    /// <param name="reason">Why; recorded in history.</param>
    /// <param name="requestId">The caller's request id, or <c>null</c>: a repeat of a request id this instance applied (a
    /// client's retry after a slow or lost answer) is answered <see cref="OperationResult.Ok"/> and changes nothing.</param>
    [Alias("RewindAsync")]
    Task<OperationResult> RewindAsync(string? reason, string? requestId);

    /// <summary>Deletes a finished instance's status, history and bookkeeping. Running instances cannot be purged.</summary>
    /// <param name="requestId">The caller's request id, or <c>null</c>: a purge repeated with the request id of one this
    /// instance applied (a client's retry after a slow or lost answer) is answered <see cref="OperationResult.Ok"/>
    /// while the instance's activation lasts (the purge deleted everything else the instance had).</param>
    [Alias("PurgeAsync")]
    Task<OperationResult> PurgeAsync(string? requestId);

    /// <summary>Gets the status, or <c>null</c> when the instance does not exist.</summary>
    /// <param name="includeInputsAndOutputs">Include input, output and custom status.</param>
    /// <param name="includeHistory">Include the history of the current execution.</param>
    [Alias("GetStatusAsync")]
    [AlwaysInterleave]
    Task<OrchestrationMetadata?> GetStatusAsync(bool includeInputsAndOutputs, bool includeHistory);

    /// <summary>Waits up to <paramref name="maxWait"/> for the instance to finish; returns its status either way
    /// (<c>null</c> when it does not exist).</summary>
    /// <param name="maxWait">How long to wait in this call (keep it below the grain call timeout).</param>
    [Alias("WaitForCompletionAsync")]
    [AlwaysInterleave]
    Task<OrchestrationMetadata?> WaitForCompletionAsync(TimeSpan maxWait);
}

/// <summary>Runs activity calls and reports each result to the calling orchestration (engine plumbing; key = partition).</summary>
[Alias("ow.IActivityWorkerGrain")]
public interface IActivityWorkerGrain : IGrainWithIntegerKey
{
    /// <summary>Runs the call unless the same call (<see cref="ActivityRequest.CallKey"/>) is already running here; one-way.</summary>
    /// <param name="request">The call.</param>
    [Alias("ExecuteAsync")]
    [OneWay]
    Task ExecuteAsync(ActivityRequest request);
}

/// <summary>Queries over the store's instance index, on any silo (engine plumbing behind <see cref="WorkflowClient"/>).</summary>
[Alias("ow.IWorkflowManagementGrain")]
public interface IWorkflowManagementGrain : IGrainWithIntegerKey
{
    /// <summary>Lists instances matching <paramref name="query"/>.</summary>
    /// <param name="query">The filter and page.</param>
    [Alias("QueryAsync")]
    Task<OrchestrationQueryResult> QueryAsync(OrchestrationQuery query);

    /// <summary>Reads a page of an instance's history, or <c>null</c> when the instance does not exist.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="skip">Events to skip.</param>
    /// <param name="take">The most events to return (1 to 10,000).</param>
    [Alias("GetHistoryAsync")]
    Task<HistoryPage?> GetHistoryAsync(string instanceId, int skip, int take);
}
