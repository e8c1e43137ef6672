using Grpc.Core;
using OrleansWorkflows.DurableTask.Grpc.Protocol;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Service;

/// <summary>Starting instances, reading and waiting for their status, and raising events.</summary>
internal sealed partial class SidecarService
{
    /// <summary>Starts an instance, now or at its scheduled start time (Pending until then), of the request's version: the
    /// engine's side-by-side version (<see cref="StartOrchestrationOptions.Version"/>; none: an in-process orchestration's
    /// default version, a remote one unversioned), which the worker gets back as the execution's version.</summary>
    public override async Task<P.CreateInstanceResponse> StartInstance(P.CreateInstanceRequest request, ServerCallContext context)
    {
        var instanceId = string.IsNullOrEmpty(request.InstanceId) ? Guid.NewGuid().ToString("N") : request.InstanceId;
        var options = new StartOrchestrationOptions
        {
            InstanceId = instanceId,
            ScheduledStartTime = request.ScheduledStartTimestamp is { } scheduled ? scheduled.ToDateTimeOffset() : null,
            Version = string.IsNullOrEmpty(request.Version) ? null : request.Version,
        };
        await client.StartJsonAsync(request.Name, request.Input, options, context.CancellationToken);
        return new P.CreateInstanceResponse { InstanceId = instanceId };
    }

    public override async Task<P.GetInstanceResponse> GetInstance(P.GetInstanceRequest request, ServerCallContext context)
    {
        var metadata = await client.GetStatusAsync(request.InstanceId, includeInputsAndOutputs: request.GetInputsAndOutputs, cancellationToken: context.CancellationToken);
        return Found(metadata, request.GetInputsAndOutputs);
    }

    /// <summary>Answers once the instance exists and is no longer Pending (a start commits Running at once).</summary>
    public override async Task<P.GetInstanceResponse> WaitForInstanceStart(P.GetInstanceRequest request, ServerCallContext context)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var metadata = await client.GetStatusAsync(request.InstanceId, includeInputsAndOutputs: request.GetInputsAndOutputs, cancellationToken: context.CancellationToken);
            if (metadata is { RuntimeStatus: not OrchestrationRuntimeStatus.Pending })
            {
                return Found(metadata, request.GetInputsAndOutputs);
            }

            await Task.Delay(delay, context.CancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>Answered the moment the instance finishes (the engine's completion wait, no polling).</summary>
    public override async Task<P.GetInstanceResponse> WaitForInstanceCompletion(P.GetInstanceRequest request, ServerCallContext context)
    {
        var metadata = await client.WaitForCompletionAsync(request.InstanceId, context.CancellationToken);
        return Found(metadata, request.GetInputsAndOutputs);
    }

    public override async Task<P.RaiseEventResponse> RaiseEvent(P.RaiseEventRequest request, ServerCallContext context)
    {
        await client.RaiseEventJsonAsync(request.InstanceId, request.Name, request.Input, context.CancellationToken);
        return new P.RaiseEventResponse();
    }

    private static P.GetInstanceResponse Found(OrchestrationMetadata? metadata, bool withInputsAndOutputs) => metadata is null
        ? new P.GetInstanceResponse { Exists = false }
        : new P.GetInstanceResponse { Exists = true, OrchestrationState = ProtoStates.ToProto(metadata, withInputsAndOutputs) };
}
