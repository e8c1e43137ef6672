namespace OrleansWorkflows.DurableTaskGrpcTests.Scenarios;

using global::DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;
using OrleansWorkflows.Testing;

/// <summary>Managing instances through the SDK client: terminate, suspend/resume, query pages, purge, history.</summary>
[Collection(SdkBackendsCollection.Name)]
public sealed class ManagementScenarioTests(SdkBackends backends)
{
    [Fact]
    public async Task Terminate_EndsAWaitingInstanceWithTheOutputGiven()
    {
        var observed = await backends.SameOnBothAsync(async (client, ct) =>
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync("WaitForever", cancellation: ct);
            await client.WaitForInstanceStartAsync(id, ct);
            await client.TerminateInstanceAsync(id, "stopped", ct);
            return Observed.Of(await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct));
        });

        Assert.Equal(new Observed("Terminated", "\"stopped\"", null, null, null), observed);
    }

    [Fact]
    public async Task SuspendResume_EventRaisedWhileSuspended_IsDeliveredAfterResume()
    {
        var observed = await backends.SameOnBothAsync(async (client, ct) =>
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval", cancellation: ct);
            await EventScenarioTests.WaitForCustomStatusAsync(client, id, "\"waiting\"", ct);
            await client.SuspendInstanceAsync(id, "pause", ct);
            await WaitForStatusAsync(client, id, OrchestrationRuntimeStatus.Suspended, ct);
            await client.RaiseEventAsync(id, "Approval", "while suspended", ct);
            var whileSuspended = (await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct))!.RuntimeStatus;
            await client.ResumeInstanceAsync(id, "go on", ct);
            var final = Observed.Of(await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct));
            return (whileSuspended, final);
        });

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, observed.whileSuspended);
        Assert.Equal(new Observed("Completed", "\"approval:while suspended\"", "\"decided\"", null, null), observed.final);
    }

    [Fact]
    public async Task Query_ByPrefixInPagesOfTwo_ListsEveryInstanceOnce()
    {
        var observed = await backends.SameOnBothAsync(async (client, ct) =>
        {
            var prefix = $"page-{Guid.NewGuid():N}-";
            for (var i = 0; i < 5; i++)
            {
                var id = await client.ScheduleNewOrchestrationInstanceAsync("HelloSequence", null, new StartOrchestrationOptions($"{prefix}{i}"), ct);
                await client.WaitForInstanceCompletionAsync(id, ct);
            }

            var sizes = new List<int>();
            var ids = new List<string>();
            var query = new OrchestrationQuery(InstanceIdPrefix: prefix, PageSize: 2, Statuses: [OrchestrationRuntimeStatus.Completed]);
            await foreach (var page in client.GetAllInstancesAsync(query).AsPages(pageSizeHint: 2).WithCancellation(ct))
            {
                sizes.Add(page.Values.Count);
                ids.AddRange(page.Values.Select(v => v.InstanceId[prefix.Length..]));
            }

            return $"sizes={string.Join(",", sizes.Where(s => s > 0))} ids={string.Join(",", ids.Order(StringComparer.Ordinal))}";
        });

        Assert.Equal("sizes=2,2,1 ids=0,1,2,3,4", observed);
    }

    [Fact]
    public async Task Purge_OneFinishedInstance_RemovesIt()
    {
        var observed = await backends.SameOnBothAsync(async (client, ct) =>
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync("HelloSequence", cancellation: ct);
            await client.WaitForInstanceCompletionAsync(id, ct);
            var purged = await client.PurgeInstanceAsync(id, cancellation: ct);
            var after = await client.GetInstanceAsync(id, ct);
            return $"purged={purged.PurgedInstanceCount} exists={after is not null}";
        });

        Assert.Equal("purged=1 exists=False", observed);
    }

    /// <summary>Not differential: the oracle streams only the history of a work item in flight, not a finished instance's.</summary>
    [Fact]
    public async Task History_OfACompletedInstance_StreamsItsSteps()
    {
        var client = backends.Ours.Client;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await client.ScheduleNewOrchestrationInstanceAsync("HelloSequence", cancellation: timeout.Token);
        await client.WaitForInstanceCompletionAsync(id, timeout.Token);

        var history = await client.GetOrchestrationHistoryAsync(id, timeout.Token);

        string[] kinds = ["ExecutionStartedEvent", "TaskScheduledEvent", "TaskCompletedEvent", "ExecutionCompletedEvent"];
        Assert.Equal(
            "ExecutionStartedEvent,TaskScheduledEvent,TaskCompletedEvent,TaskScheduledEvent,TaskCompletedEvent,TaskScheduledEvent,TaskCompletedEvent,ExecutionCompletedEvent",
            string.Join(",", history.Select(e => e.GetType().Name).Where(kinds.Contains)));
    }

    /// <summary>
    /// Not differential: rewind of a remote orchestration (its worker is an SDK worker) through the SDK client. The
    /// failed activity runs again, the one that succeeded does not, and the instance completes.
    /// </summary>
    [Fact]
    public async Task Rewind_AFailedRemoteOrchestration_RunsOnlyItsFailedActivityAgain_AndCompletes()
    {
        var client = backends.Ours.Client;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await client.ScheduleNewOrchestrationInstanceAsync("GreetThenFailUntilAttempt", 2, cancellation: timeout.Token);
        var failed = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Contains("attempt 1 failed", failed.FailureDetails?.ErrorMessage, StringComparison.Ordinal);

        await client.RewindInstanceAsync(id, "deployed a fix", timeout.Token);
        var completed = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal("\"Hello Rewind! / succeeded on attempt 2\"", completed.SerializedOutput);
        var history = await client.GetOrchestrationHistoryAsync(id, timeout.Token);
        Assert.Single(history, e => e is TaskScheduledEvent { Name: "SayHello" }); // the succeeded activity is not run again
    }

    private static Task WaitForStatusAsync(DurableTaskClient client, string id, OrchestrationRuntimeStatus status, CancellationToken cancellationToken) =>
        Eventually.UntilAsync(
            async () => (await client.GetInstanceAsync(id, cancellationToken))?.RuntimeStatus == status,
            TimeSpan.FromSeconds(30),
            $"instance {id} to be {status}");
}
