using System.Diagnostics;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows;

/// <summary>
/// Starts and manages orchestration instances from outside the engine (a web app, a test, a tool), over an Orleans
/// <see cref="IGrainFactory"/> (an <c>IClusterClient</c> or a silo's grain factory). Refusals throw
/// <see cref="WorkflowClientException"/>; transient cluster errors (a silo that just died) are retried, since every
/// operation here is idempotent or deduplicated by the engine.
/// </summary>
public sealed partial class WorkflowClient
{
    private readonly IGrainFactory _grains;

    /// <summary>
    /// How long one wait call to an instance lasts at most (<see cref="WaitForCompletionAsync(string, TimeSpan, CancellationToken)"/>).
    /// The wait is event-driven: the instance answers the moment it finishes, and an activation that deactivates (idle
    /// collection, silo shutdown) answers at once, so the wait moves to the next activation; a call that fails (a silo
    /// that died) is retried with backoff. Only when none of that happened does the client ask again after this time,
    /// a fallback that bounds what a lost answer could cost. Keep it below the response timeout of grain calls (Orleans'
    /// default 30 s; the gateway's client uses 15 s). Default 10 seconds; at most an hour.
    /// </summary>
    public TimeSpan CompletionWaitSlice
    {
        get;
        init => field = value > TimeSpan.Zero && value <= TimeSpan.FromHours(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The wait slice must be positive and at most an hour.");
    } = TimeSpan.FromSeconds(10);

    /// <summary>Creates the client.</summary>
    /// <param name="grains">The grain factory of a cluster client or silo.</param>
    public WorkflowClient(IGrainFactory grains)
    {
        _grains = grains ?? throw new ArgumentNullException(nameof(grains));
    }

    /// <summary>Starts orchestration <paramref name="name"/> with an object input (serialized to JSON).</summary>
    /// <param name="name">The orchestration name.</param>
    /// <param name="input">The input.</param>
    /// <param name="instanceId">The instance id; a new random id when <c>null</c>. The id of a finished instance may be
    /// reused (its old history is replaced); a Pending, Running or Suspended id is a conflict.</param>
    /// <param name="cancellationToken">Cancels waiting (not the start).</param>
    /// <returns>The instance id.</returns>
    public Task<string> StartAsync(string name, object? input = null, string? instanceId = null, CancellationToken cancellationToken = default) =>
        StartJsonAsync(name, WorkflowJson.Serialize(input), new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);

    /// <summary>Starts orchestration <paramref name="name"/> with an object input (serialized to JSON).</summary>
    /// <param name="name">The orchestration name.</param>
    /// <param name="input">The input.</param>
    /// <param name="options">The instance id and request id.</param>
    /// <param name="cancellationToken">Cancels waiting (not the start).</param>
    /// <returns>The instance id.</returns>
    public Task<string> StartAsync(string name, object? input, StartOrchestrationOptions options, CancellationToken cancellationToken = default) =>
        StartJsonAsync(name, WorkflowJson.Serialize(input), options, cancellationToken);

    /// <summary>Starts orchestration <paramref name="name"/> with a JSON input.</summary>
    /// <param name="name">The orchestration name.</param>
    /// <param name="inputJson">The JSON input, or <c>null</c>.</param>
    /// <param name="instanceId">The instance id, or <c>null</c> for a new one.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The instance id.</returns>
    public Task<string> StartJsonAsync(string name, string? inputJson, string? instanceId = null, CancellationToken cancellationToken = default) =>
        StartJsonAsync(name, inputJson, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);

    /// <summary>
    /// Starts orchestration <paramref name="name"/> with a JSON input. The instance id and request id are fixed before
    /// the first attempt, so a start retried after a transient cluster error is recognised by the engine as the same
    /// start (see <see cref="StartOrchestrationOptions.RequestId"/>).
    /// </summary>
    /// <param name="name">The orchestration name.</param>
    /// <param name="inputJson">The JSON input, or <c>null</c>.</param>
    /// <param name="options">The instance id and request id.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The instance id.</returns>
    public async Task<string> StartJsonAsync(string name, string? inputJson, StartOrchestrationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new WorkflowClientException(OperationOutcome.InvalidInput, "The orchestration name must not be empty.");
        }

        var instanceId = string.IsNullOrEmpty(options.InstanceId) ? InstanceIds.New() : options.InstanceId;
        CheckId(instanceId);
        CheckRequestId(options.RequestId);
        if (WorkflowJson.Validate(inputJson) is { } jsonError)
        {
            throw new WorkflowClientException(OperationOutcome.InvalidInput, $"The input is not valid JSON: {jsonError}");
        }

        if (WorkflowRegistry.VersionError(options.Version) is { } versionError)
        {
            throw new WorkflowClientException(OperationOutcome.InvalidInput, versionError);
        }

        var request = new StartRequest
        {
            Name = name,
            Input = inputJson,
            Version = options.Version,
            TraceParent = Activity.Current?.Id,
            RequestId = options.RequestId ?? InstanceIds.New(),
            ScheduledStartTime = options.ScheduledStartTime?.UtcDateTime,
        };
        var result = await RetryTransientAsync(
            () => StartPlacement.WithHintAsync(instanceId, name, options.Version, () => Grain(instanceId).StartAsync(request)), cancellationToken);
        ThrowIfRefused(result, instanceId);
        return instanceId;
    }

    /// <summary>Gets the status of an instance, or <c>null</c> when it does not exist.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="includeInputsAndOutputs">Include input, output and custom status.</param>
    /// <param name="includeHistory">Include the history of the current execution.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<OrchestrationMetadata?> GetStatusAsync(string instanceId, bool includeInputsAndOutputs = true, bool includeHistory = false, CancellationToken cancellationToken = default)
    {
        CheckId(instanceId);
        return RetryTransientAsync(() => Grain(instanceId).GetStatusAsync(includeInputsAndOutputs, includeHistory), cancellationToken);
    }

    /// <summary>Waits until the instance is finished and returns its final status (see <see cref="CompletionWaitSlice"/>).</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="WorkflowClientException">The instance does not exist.</exception>
    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken = default) =>
        await WaitForCompletionAsync(instanceId, TimeSpan.MaxValue, cancellationToken)
            ?? throw new WorkflowClientException(OperationOutcome.NotFound, $"No orchestration instance '{instanceId}' exists.");

    /// <summary>
    /// Waits until the instance is finished (Completed, Failed, Canceled or Terminated: a continue-as-new, a rewind or a
    /// restart is not the end) or <paramref name="timeout"/> has passed, and returns its status at that moment: the
    /// final status, or the current one when it is still running. The instance answers the moment it finishes, on
    /// whichever silo it runs (see <see cref="CompletionWaitSlice"/>).
    /// </summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="timeout">How long to wait at most; <see cref="TimeSpan.Zero"/> reads the status once.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The status, or <c>null</c> when the instance does not exist.</returns>
    public async Task<OrchestrationMetadata?> WaitForCompletionAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        CheckId(instanceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remaining = timeout - clock.Elapsed;
            var slice = remaining < CompletionWaitSlice ? remaining : CompletionWaitSlice;
            slice = slice > TimeSpan.Zero ? slice : TimeSpan.Zero;
            var status = await RetryTransientAsync(() => Grain(instanceId).WaitForCompletionAsync(slice), cancellationToken, slice * 2);
            if (status is null || status.IsCompleted || clock.Elapsed >= timeout)
            {
                return status;
            }
        }
    }

    /// <summary>Raises an external event with an object payload (serialized to JSON).</summary>
    /// <param name="instanceId">The target instance.</param>
    /// <param name="eventName">The event name (case-insensitive).</param>
    /// <param name="eventData">The payload.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventData = null, CancellationToken cancellationToken = default) =>
        RaiseEventJsonAsync(instanceId, eventName, WorkflowJson.Serialize(eventData), null, cancellationToken);

    /// <summary>Raises an external event with an object payload (serialized to JSON), once per request id.</summary>
    /// <param name="instanceId">The target instance.</param>
    /// <param name="eventName">The event name (case-insensitive).</param>
    /// <param name="eventData">The payload.</param>
    /// <param name="requestId">See <see cref="RaiseEventJsonAsync(string, string, string?, string?, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventData, string? requestId, CancellationToken cancellationToken = default) =>
        RaiseEventJsonAsync(instanceId, eventName, WorkflowJson.Serialize(eventData), requestId, cancellationToken);

    /// <summary>Raises an external event with a JSON payload. Returns once the event is durably recorded.</summary>
    /// <param name="instanceId">The target instance.</param>
    /// <param name="eventName">The event name (case-insensitive).</param>
    /// <param name="payloadJson">The JSON payload.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="WorkflowClientException">Unknown instance, finished instance or invalid payload.</exception>
    public Task RaiseEventJsonAsync(string instanceId, string eventName, string? payloadJson, CancellationToken cancellationToken = default) =>
        RaiseEventJsonAsync(instanceId, eventName, payloadJson, null, cancellationToken);

    /// <summary>
    /// Raises an external event with a JSON payload. Returns once the event is durably recorded. The event carries a
    /// request id (<paramref name="requestId"/>, or a new one for this call), so it is applied once even when the call
    /// is repeated — by this client's retries after a transient cluster error, or by a caller that passes the same
    /// request id again: the store remembers every request id an instance received for the engine's request-id window
    /// (<c>WorkflowEngineOptions.RequestIdWindow</c>, 15 minutes by default).
    /// </summary>
    /// <param name="instanceId">The target instance.</param>
    /// <param name="eventName">The event name (case-insensitive).</param>
    /// <param name="payloadJson">The JSON payload.</param>
    /// <param name="requestId">The caller's id for this request (1-128 characters, no control characters), or <c>null</c> for a new one.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="WorkflowClientException">Unknown instance, finished instance or invalid payload.</exception>
    public async Task RaiseEventJsonAsync(string instanceId, string eventName, string? payloadJson, string? requestId, CancellationToken cancellationToken = default)
    {
        CheckId(instanceId);
        CheckMessage("event name", eventName, "event payload", payloadJson, requestId);
        if (ReservedNames.ValidateEventName(eventName) is { } reserved)
        {
            throw new WorkflowClientException(OperationOutcome.InvalidInput, reserved);
        }

        requestId ??= InstanceIds.New();

        var result = await RetryTransientAsync(() => Grain(instanceId).RaiseEventAsync(eventName, payloadJson, requestId), cancellationToken);
        ThrowIfRefused(result, instanceId);
    }

    private IOrchestrationGrain Grain(string instanceId) => _grains.GetGrain<IOrchestrationGrain>(instanceId);

    private static void CheckId(string instanceId)
    {
        if (InstanceIds.Validate(instanceId) is { } error)
        {
            throw new WorkflowClientException(OperationOutcome.InvalidInput, error);
        }
    }

    private static void ThrowIfRefused(OperationResult result, string instanceId)
    {
        if (result.Outcome != OperationOutcome.Accepted)
        {
            throw new WorkflowClientException(result.Outcome, result.Detail ?? $"The operation on '{instanceId}' was refused: {result.Outcome}.");
        }
    }
}
