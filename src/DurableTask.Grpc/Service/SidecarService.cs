using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using OrleansWorkflows.DurableTask.Grpc.Hosting;
using OrleansWorkflows.DurableTask.Grpc.Workers;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Service;

/// <summary>
/// The Durable Task sidecar protocol (<c>TaskHubSidecarService</c>) over the engine: the client RPCs go through the
/// <see cref="WorkflowClient"/> facade (<c>SidecarService.Client.cs</c>, <c>SidecarService.Management.cs</c>), the
/// worker RPCs through the <see cref="WorkerHub"/> (here). Entity RPCs, task-hub management and <c>ListInstanceIds</c>
/// are not served yet: they answer <see cref="StatusCode.Unimplemented"/> (the generated base's behaviour). Errors are
/// mapped to gRPC statuses by the <c>SidecarInterceptor</c>.
/// </summary>
internal sealed partial class SidecarService(WorkflowClient client, WorkerHub hub, IOptions<DurableTaskGrpcOptions> options)
    : P.TaskHubSidecarService.TaskHubSidecarServiceBase
{
    private static readonly P.CompleteTaskResponse Completed = new();

    public override Task<Empty> Hello(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    /// <summary>A worker's work-item stream: open until the worker goes away; its unanswered items are dispatched again.</summary>
    public override async Task GetWorkItems(P.GetWorkItemsRequest request, IServerStreamWriter<P.WorkItem> responseStream, ServerCallContext context)
    {
        var connection = new WorkerConnection(
            responseStream,
            request.WorkItemFilters,
            options.Value.HealthPingInterval,
            request.MaxConcurrentOrchestrationWorkItems,
            request.MaxConcurrentActivityWorkItems,
            request.Capabilities.Contains(P.WorkerCapability.HistoryStreaming));
        hub.Connect(connection);
        try
        {
            await connection.RunAsync(context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The worker closed the stream (or the host stops).
        }
        finally
        {
            hub.Disconnect(connection);
        }
    }

    /// <summary>An activity's result: only the answer to the latest dispatch counts (a late or repeated one is ignored).</summary>
    public override async Task<P.CompleteTaskResponse> CompleteActivityTask(P.ActivityResponse request, ServerCallContext context)
    {
        await hub.CompleteAsync(request.CompletionToken, request);
        return Completed;
    }

    /// <summary>An episode's actions: only the answer whose token matches the pending episode is committed.</summary>
    public override async Task<P.CompleteTaskResponse> CompleteOrchestratorTask(P.OrchestratorResponse request, ServerCallContext context)
    {
        await hub.CompleteAsync(request.CompletionToken, request);
        return Completed;
    }

    public override async Task<P.AbandonActivityTaskResponse> AbandonTaskActivityWorkItem(P.AbandonActivityTaskRequest request, ServerCallContext context)
    {
        await hub.AbandonAsync(request.CompletionToken);
        return new P.AbandonActivityTaskResponse();
    }

    public override async Task<P.AbandonOrchestrationTaskResponse> AbandonTaskOrchestratorWorkItem(P.AbandonOrchestrationTaskRequest request, ServerCallContext context)
    {
        await hub.AbandonAsync(request.CompletionToken);
        return new P.AbandonOrchestrationTaskResponse();
    }
}
