using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Runs activity calls (key = partition, see <see cref="WorkflowEngineOptions.ActivityWorkerPartitions"/>; placed at
/// random, so work spreads over the silos) and reports each result to its orchestration as a message, retrying until
/// it is acknowledged. Every call maps to one partition, so a repeated dispatch of a call that still runs here is
/// ignored; a dispatch after this activation died runs the call again (activities are at-least-once). Partitions stay
/// active while in use, so a call costs no grain activation. Reentrant on purpose: a worker runs many activity calls
/// concurrently (each off the grain scheduler) and keeps no state a call could see half-changed but the set of running calls.
/// </summary>
[Reentrant]
[RandomPlacement]
[GrainType("activityworker")]
internal sealed partial class ActivityWorkerGrain(
    WorkflowRegistry registry,
    ActivityThrottle throttle,
    IOptions<WorkflowEngineOptions> options,
    IServiceScopeFactory scopes,
    IRemoteActivityRunner remote,
    ILogger<ActivityWorkerGrain> logger) : Grain, IActivityWorkerGrain
{
    private static readonly TimeSpan MaxDeliveryTime = TimeSpan.FromMinutes(5);
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);

    /// <summary>The partition of a call: a stable hash of its key (the same on every silo and process).</summary>
    public static long PartitionOf(ActivityRequest request, int partitions)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hash = 2166136261u;
        foreach (var c in request.CallKey)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash % (uint)partitions;
    }

    public Task ExecuteAsync(ActivityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_running.Add(request.CallKey))
        {
            _ = RunAsync(request);
        }

        return Task.CompletedTask;
    }

    private async Task RunAsync(ActivityRequest request)
    {
        try
        {
            var result = await InvokeAsync(request);
            await ReportAsync(request, result);
        }
        finally
        {
            _running.Remove(request.CallKey);
        }
    }

    private async Task<WorkflowMessage> InvokeAsync(ActivityRequest request)
    {
        if (!registry.HasActivity(request.Name) && remote.Serves(request.Name))
        {
            // A remote worker runs it (it limits its own concurrency): no local slot is held while it waits for one.
            return await remote.RunAsync(request);
        }

        using var scope = scopes.CreateScope();
        await throttle.WaitAsync(CancellationToken.None);
        var began = Stopwatch.GetTimestamp();
        using var span = StartSpan(request);
        try
        {
            var activity = registry.CreateActivity(request.Name, scope.ServiceProvider)
                ?? throw new InvalidOperationException($"No activity named '{request.Name}' is registered.");
            var context = new ActivityContext(request.Name, request.InstanceId, request.TaskId, request.Attempt);
            // Off the grain scheduler: user code may block or do CPU work without stalling the silo's grain threads.
            var output = await Task.Run(() => activity.RunAsync(context, request.Input));
            if (output is { Length: var length } && length > options.Value.MaxPayloadLength)
            {
                throw new InvalidOperationException(
                    $"Activity '{request.Name}' returned {length} characters of JSON; the limit is {options.Value.MaxPayloadLength}.");
            }

            RecordExecution(request, began, span, null);
            return WorkflowMessages.ActivityCompleted(request.ExecutionId, request.TaskId, output);
        }
        catch (Exception ex)
        {
            RecordExecution(request, began, span, ex);
            LogActivityFailed(ex, request.Name, request.InstanceId, request.TaskId, request.Attempt);
            return WorkflowMessages.ActivityFailed(request.ExecutionId, request.TaskId, FailureDetails.FromException(ex));
        }
        finally
        {
            throttle.Release();
        }
    }

    private async Task ReportAsync(ActivityRequest request, WorkflowMessage result)
    {
        var orchestration = GrainReferences.Get<IOrchestrationGrain>(GrainFactory, request.InstanceId);
        var delay = TimeSpan.FromMilliseconds(100);
        var started = Environment.TickCount64;
        while (true)
        {
            try
            {
                await orchestration.DeliverResultAsync(result);
                return;
            }
            catch (Exception ex) when (TimeSpan.FromMilliseconds(Environment.TickCount64 - started) < MaxDeliveryTime)
            {
                // A silo died or the instance is reloading; the result is still wanted. After the budget, the
                // orchestration's lease re-dispatches the call instead.
                LogReportRetry(ex, request.InstanceId, request.TaskId);
                await Task.Delay(delay);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

    [LoggerMessage(EventId = LogEvents.Activities.ActivityFailed, Level = LogLevel.Information, Message = "Activity {Name} of {InstanceId} (#{TaskId}, attempt {Attempt}) failed")]
    private partial void LogActivityFailed(Exception exception, string name, string instanceId, int taskId, int attempt);

    [LoggerMessage(EventId = LogEvents.Activities.ResultReportRetrying, Level = LogLevel.Debug, Message = "Reporting the result of #{TaskId} to {InstanceId} failed; retrying")]
    private partial void LogReportRetry(Exception exception, string instanceId, int taskId);
}
