using Microsoft.Extensions.Options;
using OrleansWorkflows.DurableTask.Grpc.Protocol;
using OrleansWorkflows.DurableTask.Grpc.Workers;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Remote;

/// <summary>
/// Runs activities no silo registered on remote workers: the call goes to a worker with a completion token and its
/// answer becomes today's activity-result message, which the activity worker grain reports to the orchestration. A call
/// waits while no worker serves it; a worker that disconnects before answering has it dispatched again.
/// </summary>
internal sealed class RemoteActivityRunner(WorkerHub hub, IOptions<WorkflowEngineOptions> options) : IRemoteActivityRunner
{
    public bool Serves(string name) => true;

    public async Task<WorkflowMessage> RunAsync(ActivityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new P.ActivityRequest
        {
            Name = request.Name,
            Input = request.Input,
            TaskId = request.TaskId,
            OrchestrationInstance = new P.OrchestrationInstance { InstanceId = request.InstanceId, ExecutionId = request.ExecutionId },
        };
        var response = await hub.RunActivityAsync(request.Name, call);
        if (response.FailureDetails is { } failure)
        {
            return WorkflowMessages.ActivityFailed(request.ExecutionId, request.TaskId, ProtoStates.FromProto(failure)!);
        }

        var limit = options.Value.MaxPayloadLength;
        return response.Result is { Length: var length } && length > limit
            ? WorkflowMessages.ActivityFailed(request.ExecutionId, request.TaskId, new FailureDetails(
                typeof(InvalidOperationException).FullName!,
                $"Activity '{request.Name}' returned {length} characters of JSON; the limit is {limit}."))
            : WorkflowMessages.ActivityCompleted(request.ExecutionId, request.TaskId, response.Result);
    }
}
