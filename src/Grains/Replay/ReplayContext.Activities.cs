namespace OrleansWorkflows.Replay;

internal sealed partial class ReplayContext
{
    public override Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null, string callerFilePath = "", int callerLineNumber = 0)
    {
        EnsureOnScheduler();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var inputJson = WorkflowJson.Serialize(input);
        var caller = new Caller(callerFilePath, callerLineNumber);
        return options?.Retry is { } retry
            ? WithRetry(retry, caller, attempt => ScheduleActivity<TResult>(name, inputJson, attempt, caller))
            : ScheduleActivity<TResult>(name, inputJson, 1, caller);
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, string? instanceId = null, TaskOptions? options = null, string callerFilePath = "", int callerLineNumber = 0)
    {
        EnsureOnScheduler();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ThrowIfInCriticalSection("start a sub-orchestration");
        if (instanceId is not null)
        {
            InstanceIds.ThrowIfInvalid(instanceId);
        }

        if (WorkflowRegistry.VersionError(options?.Version) is { } versionError)
        {
            throw new ArgumentException(versionError, nameof(options));
        }

        var inputJson = WorkflowJson.Serialize(input);
        var version = options?.Version;
        var caller = new Caller(callerFilePath, callerLineNumber);
        return options?.Retry is { } retry
            ? WithRetry(retry, caller, attempt => StartSubOrchestration<TResult>(name, inputJson, instanceId, version, attempt, caller))
            : StartSubOrchestration<TResult>(name, inputJson, instanceId, version, 1, caller);
    }

    public override void SendEvent(string instanceId, string eventName, object? eventData, string callerFilePath = "", int callerLineNumber = 0)
    {
        EnsureOnScheduler();
        InstanceIds.ThrowIfInvalid(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        if (ReservedNames.ValidateEventName(eventName) is { } reserved)
        {
            throw new ArgumentException(reserved, nameof(eventName));
        }

        _executor.AddAction(new SendEventAction(NextSequence(), instanceId, eventName, WorkflowJson.Serialize(eventData)), null, new Caller(callerFilePath, callerLineNumber));
    }

    private Task<TResult> ScheduleActivity<TResult>(string name, string? inputJson, int attempt, Caller caller)
    {
        var task = new OpenTask<TResult>();
        _executor.AddAction(new ScheduleActivityAction(NextSequence(), name, inputJson, attempt), task, caller);
        return task.Task;
    }

    private Task<TResult> StartSubOrchestration<TResult>(string name, string? inputJson, string? instanceId, string? version, int attempt, Caller caller)
    {
        var sequence = NextSequence();
        // A retry needs a fresh child instance: the failed one keeps its history.
        var childId = instanceId is null
            ? DefaultChildId(sequence)
            : attempt == 1 ? instanceId : $"{instanceId}:retry{attempt}";
        var task = new OpenTask<TResult>();
        _executor.AddAction(new StartSubOrchestrationAction(sequence, name, childId, inputJson) { Version = version }, task, caller);
        return task.Task;
    }

    private string DefaultChildId(int sequence)
    {
        var id = $"{InstanceId}:{sequence}";
        return id.Length <= InstanceIds.MaxLength && id[0] != '@'
            ? id
            : DeterministicGuid.Create($"{InstanceId}|{_started.ExecutionId}|child|{sequence}").ToString("N");
    }

    private async Task<TResult> WithRetry<TResult>(RetryPolicy policy, Caller caller, Func<int, Task<TResult>> attemptCall)
    {
        var firstAttemptAt = CurrentUtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await attemptCall(attempt);
            }
            catch (TaskFailedException failure) when (attempt < policy.MaxNumberOfAttempts && (policy.Handle?.Invoke(failure.FailureDetails) ?? true))
            {
                var delay = policy.GetDelay(attempt);
                var nextAttemptAt = CurrentUtcDateTime + delay;
                if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && nextAttemptAt - firstAttemptAt > policy.RetryTimeout)
                {
                    throw;
                }

                await ScheduleTimer(nextAttemptAt, CancellationToken.None, caller);
            }
        }
    }
}
