using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>A client's start, event and status read.</summary>
internal sealed partial class OrchestrationInstance
{
    public async Task<OperationResult> StartAsync(StartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await OrchestrationRequests.RepeatedStartAsync(this, request.RequestId) is { } repeated)
        {
            return repeated;
        }

        if (RefuseStart(request.Name, request.Version, request.Input) is { } refused)
        {
            return refused;
        }

        var version = StartVersion(request.Name, request.Version);
        if (request.ScheduledStartTime is { } at && at.ToUniversalTime() > Now)
        {
            return await ScheduleStartAsync(request with { Version = version }, at.ToUniversalTime());
        }

        var work = new StartWork(request.Name, request.Input, version, request.TraceParent, null, null, null) { RequestId = request.RequestId };
        await RunStartAsync(work);
        return work.Result!;
    }

    public async Task<OperationResult> RaiseEventAsync(string eventName, string? payload, string? requestId)
    {
        ThrowIfBroken();
        if (_record is null)
        {
            _host.DeactivateOnIdle();
            return new OperationResult(OperationOutcome.NotFound, $"No orchestration instance '{InstanceId}' exists.");
        }

        if (!IsRunning)
        {
            return await Requests.IsRepeatedRequestAsync(requestId)
                ? OperationResult.Ok
                : new OperationResult(OperationOutcome.InstanceFinished, $"Instance '{InstanceId}' is {_record.Status} and accepts no more events.");
        }

        if (payload is { Length: var length } && length > Options.MaxPayloadLength)
        {
            return new OperationResult(OperationOutcome.InvalidInput, $"The event payload has {length} characters; the limit is {Options.MaxPayloadLength}.");
        }

        if (ReservedNames.ValidateEventName(eventName) is { } reserved)
        {
            return new OperationResult(OperationOutcome.InvalidInput, reserved);
        }

        // Addressed to the instance, not to an execution: an event accepted while a continue-as-new commit is in flight
        // belongs to the next execution (see AppliesTo).
        var message = WorkflowMessages.EventRaised(eventName, payload);
        await AppendToInboxAsync(message, requestId: requestId);
        return OperationResult.Ok;
    }

    /// <summary>The status, or <c>null</c> (and the activation dropped once idle) when there is no instance.</summary>
    public async Task<OrchestrationMetadata?> GetStatusAsync(bool includeInputsAndOutputs, bool includeHistory)
    {
        if (_record is not { } record)
        {
            _host.DeactivateOnIdle();
            return null;
        }

        string? history = null;
        if (includeHistory)
        {
            var events = await Store.ReadHistoryAsync(InstanceId);
            history = "[" + string.Join(",", events) + "]";
        }

        return StatusMapping.ToMetadata(record, includeInputsAndOutputs, history) with
        {
            RuntimeStatus = NextExecutionWaits ? OrchestrationRuntimeStatus.Running : record.Status,
            Version = _state.Version ?? record.OrchestrationVersion,
            WaitingFor = WaitingFor ?? WaitingForOutside(),
        };
    }

    private OperationResult? RefuseStart(string name, string? version, string? input)
    {
        ThrowIfBroken();
        var registry = _services.Registry;
        if (!registry.HasOrchestrator(name) && !_services.Runner.ServesRemotely(name))
        {
            return new OperationResult(OperationOutcome.UnknownOrchestration, $"No orchestration named '{name}' is registered.");
        }

        if (WorkflowRegistry.VersionError(version) is { } versionError)
        {
            return new OperationResult(OperationOutcome.InvalidInput, versionError);
        }

        if (version is not null && registry.HasOrchestrator(name) && !registry.GetOrchestratorVersions(name).Contains(version, StringComparer.OrdinalIgnoreCase))
        {
            var known = string.Join(", ", registry.GetOrchestratorVersions(name).Select(v => v is null ? "(unversioned)" : $"'{v}'"));
            return new OperationResult(OperationOutcome.UnknownOrchestration, $"Version '{version}' of orchestration '{name}' is not registered (registered: {known}).");
        }

        if (input is { Length: var length } && length > Options.MaxPayloadLength)
        {
            return new OperationResult(OperationOutcome.InvalidInput, $"The input has {length} characters; the limit is {Options.MaxPayloadLength}.");
        }

        if (IsRunning || _start is not null)
        {
            return new OperationResult(OperationOutcome.AlreadyExists, $"Instance '{InstanceId}' already exists and is {_record?.Status.ToString() ?? "starting"}.");
        }

        return null;
    }

    /// <summary>The version a start records: the one asked for, else the orchestration's default version here (none for
    /// a name only remote workers serve).</summary>
    private string? StartVersion(string name, string? version) =>
        version ?? (_services.Registry.HasOrchestrator(name) ? _services.Registry.GetDefaultVersion(name) : null);
}
