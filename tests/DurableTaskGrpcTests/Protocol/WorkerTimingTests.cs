namespace OrleansWorkflows.DurableTaskGrpcTests.Protocol;

using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansWorkflows.DurableTask.Grpc.Workers;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Testing;
using P = Microsoft.DurableTask.Protobuf;

/// <summary>
/// A remote orchestration is never left waiting while a worker could run it, whenever the worker comes: one that
/// connects while the instance's first episode (which found no worker) still commits — what a Durable Task app does
/// that starts its worker and at once schedules an orchestration (the JS smoke test's flake) — and one that stays
/// connected but did not answer an episode in time.
/// </summary>
public sealed class WorkerTimingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Well under the recovery interval (one minute): an instance that only the recovery sweep would move on counts as stuck.</summary>
    private static readonly TimeSpan NotStuck = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task WorkerConnectingWhileTheFirstEpisodeCommits_RunsTheOrchestration()
    {
        const string id = "worker-connects-during-the-first-commit";
        var gate = new CommitGate(id);
        await using var gateway = await GatewayHost.StartAsync(silo: silo =>
        {
            silo.Services.RemoveAll<IWorkflowStore>();
            silo.Services.AddSingleton(gate.Wrap(new InMemoryWorkflowStore()));
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(gate);
        });
        using var timeout = new CancellationTokenSource(Timeout);
        var client = gateway.Services.GetRequiredService<WorkflowClient>();

        var start = client.StartAsync("HelloSequence", instanceId: id, cancellationToken: timeout.Token);
        await gate.CommitEntered.WaitAsync(timeout.Token); // the first episode found no worker and commits
        await using var worker = await SdkWorker.StartAsync(gateway.GrpcAddress, ScenarioTasks.Register);
        await gate.WakeDelivered.WaitAsync(timeout.Token); // the worker connected and woke the instance, mid-commit
        gate.Release();
        Assert.Equal(id, await start);

        using var stuck = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        stuck.CancelAfter(NotStuck);
        var done = await client.WaitForCompletionAsync(id, stuck.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("""["Hello Tokyo!","Hello Seattle!","Hello London!"]""", done.SerializedOutput);
    }

    [Fact]
    public async Task EpisodeNotAnsweredInTime_IsSentAgainToTheWorkerThatStaysConnected()
    {
        await using var gateway = await GatewayHost.StartAsync(o => o.EpisodeTimeout = TimeSpan.FromSeconds(1));
        using var channel = GrpcChannel.ForAddress(gateway.GrpcAddress);
        var sidecar = new P.TaskHubSidecarService.TaskHubSidecarServiceClient(channel);
        using var timeout = new CancellationTokenSource(Timeout);
        using var stream = sidecar.GetWorkItems(new P.GetWorkItemsRequest(), cancellationToken: timeout.Token);
        var hub = gateway.Services.GetRequiredService<WorkerHub>();
        await Eventually.UntilAsync(() => hub.ConnectedWorkers == 1, Timeout, "the worker's stream is open");
        var client = gateway.Services.GetRequiredService<WorkflowClient>();

        var id = await client.StartAsync("AnsweredTheSecondTime", cancellationToken: timeout.Token);
        var first = await NextEpisodeAsync(stream, timeout.Token); // left unanswered: the episode times out after 1 s
        using var stuck = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        stuck.CancelAfter(NotStuck);
        var second = await NextEpisodeAsync(stream, stuck.Token);
        await sidecar.CompleteOrchestratorTaskAsync(Completes(second, "\"answered the second time\""), cancellationToken: timeout.Token);
        var done = await client.WaitForCompletionAsync(id, timeout.Token);

        Assert.Equal(id, second.OrchestratorRequest.InstanceId);
        Assert.NotEqual(first.CompletionToken, second.CompletionToken);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("\"answered the second time\"", done.SerializedOutput);
    }

    /// <summary>The next orchestrator work item on the stream (health pings skipped).</summary>
    private static async Task<P.WorkItem> NextEpisodeAsync(AsyncServerStreamingCall<P.WorkItem> stream, CancellationToken cancellationToken)
    {
        while (await stream.ResponseStream.MoveNext(cancellationToken))
        {
            if (stream.ResponseStream.Current.RequestCase == P.WorkItem.RequestOneofCase.OrchestratorRequest)
            {
                return stream.ResponseStream.Current;
            }
        }

        throw new InvalidOperationException("The work-item stream ended.");
    }

    /// <summary>A worker's answer to <paramref name="item"/>: the orchestration completes with <paramref name="output"/>.</summary>
    private static P.OrchestratorResponse Completes(P.WorkItem item, string output) => new()
    {
        InstanceId = item.OrchestratorRequest.InstanceId,
        CompletionToken = item.CompletionToken,
        Actions =
        {
            new P.OrchestratorAction
            {
                Id = 0,
                CompleteOrchestration = new P.CompleteOrchestrationAction { OrchestrationStatus = P.OrchestrationStatus.Completed, Result = output },
            },
        },
    };
}
