using System.Text.Json;
using Grpc.Core;
using OrleansWorkflows.DurableTask.Grpc.Protocol;
using OrleansWorkflows.History;
using OrleansWorkflows.Runtime;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Service;

/// <summary>Terminate, suspend, resume, rewind, restart, query, purge and the history stream.</summary>
internal sealed partial class SidecarService
{
    /// <summary>The events per <see cref="P.HistoryChunk"/> of <c>StreamInstanceHistory</c> (one history page each).</summary>
    internal const int HistoryChunkSize = 500;

    public override async Task<P.TerminateResponse> TerminateInstance(P.TerminateRequest request, ServerCallContext context)
    {
        await client.TerminateAsync(request.InstanceId, ReasonOf(request.Output), request.Recursive, context.CancellationToken);
        return new P.TerminateResponse();
    }

    /// <summary>
    /// The engine records a terminate's reason and makes its JSON the output; the protocol sends the output as JSON. A JSON
    /// string becomes the reason itself (so the output reads back unchanged), anything else its JSON text.
    /// </summary>
    internal static string? ReasonOf(string? outputJson)
    {
        if (string.IsNullOrEmpty(outputJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(outputJson);
            return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString() : outputJson;
        }
        catch (JsonException)
        {
            return outputJson;
        }
    }

    public override async Task<P.SuspendResponse> SuspendInstance(P.SuspendRequest request, ServerCallContext context)
    {
        await client.SuspendAsync(request.InstanceId, request.Reason, context.CancellationToken);
        return new P.SuspendResponse();
    }

    public override async Task<P.ResumeResponse> ResumeInstance(P.ResumeRequest request, ServerCallContext context)
    {
        await client.ResumeAsync(request.InstanceId, request.Reason, context.CancellationToken);
        return new P.ResumeResponse();
    }

    public override async Task<P.RewindInstanceResponse> RewindInstance(P.RewindInstanceRequest request, ServerCallContext context)
    {
        await client.RewindAsync(request.InstanceId, request.Reason, context.CancellationToken);
        return new P.RewindInstanceResponse();
    }

    public override async Task<P.RestartInstanceResponse> RestartInstance(P.RestartInstanceRequest request, ServerCallContext context)
    {
        var instanceId = await client.RestartAsync(request.InstanceId, request.RestartWithNewInstanceId, context.CancellationToken);
        return new P.RestartInstanceResponse { InstanceId = instanceId };
    }

    /// <summary>One page of instances, served by the store's index; the continuation token is the engine's own.</summary>
    public override async Task<P.QueryInstancesResponse> QueryInstances(P.QueryInstancesRequest request, ServerCallContext context)
    {
        var query = request.Query ?? new P.InstanceQuery();
        var result = await client.QueryInstancesAsync(
            new OrchestrationQuery
            {
                Statuses = query.RuntimeStatus.Count > 0 ? [.. query.RuntimeStatus.Select(ProtoStates.FromProto)] : null,
                CreatedFrom = query.CreatedTimeFrom?.ToDateTime(),
                CreatedTo = query.CreatedTimeTo?.ToDateTime(),
                InstanceIdPrefix = string.IsNullOrEmpty(query.InstanceIdPrefix) ? null : query.InstanceIdPrefix,
                PageSize = query.MaxInstanceCount > 0 ? query.MaxInstanceCount : 100,
                ContinuationToken = string.IsNullOrEmpty(query.ContinuationToken) ? null : query.ContinuationToken,
                IncludeInputsAndOutputs = query.FetchInputsAndOutputs,
            },
            context.CancellationToken);
        var response = new P.QueryInstancesResponse { ContinuationToken = result.ContinuationToken };
        response.OrchestrationState.AddRange(result.Instances.Select(i => ProtoStates.ToProto(i, query.FetchInputsAndOutputs)));
        return response;
    }

    /// <summary>Purges one finished instance (0 when there is none) or every finished instance a filter selects.</summary>
    public override async Task<P.PurgeInstancesResponse> PurgeInstances(P.PurgeInstancesRequest request, ServerCallContext context)
    {
        int deleted;
        switch (request.RequestCase)
        {
            case P.PurgeInstancesRequest.RequestOneofCase.InstanceId:
                try
                {
                    deleted = await client.PurgeInstanceAsync(request.InstanceId, request.Recursive, context.CancellationToken);
                }
                catch (WorkflowClientException ex) when (ex.Outcome == OperationOutcome.NotFound)
                {
                    deleted = 0;
                }

                break;
            case P.PurgeInstancesRequest.RequestOneofCase.PurgeInstanceFilter:
                var filter = request.PurgeInstanceFilter;
                deleted = await client.PurgeInstancesAsync(
                    new PurgeFilter(
                        filter.CreatedTimeFrom?.ToDateTime() ?? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
                        filter.CreatedTimeTo?.ToDateTime(),
                        filter.RuntimeStatus.Count > 0 ? [.. filter.RuntimeStatus.Select(ProtoStates.FromProto)] : null),
                    context.CancellationToken);
                break;
            default:
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"A purge by {request.RequestCase} is not supported: purge by instance id or by filter."));
        }

        return new P.PurgeInstancesResponse { DeletedInstanceCount = deleted, IsComplete = true };
    }

    /// <summary>
    /// The current execution's history in the protocol's events, in chunks of at most one history page and about
    /// <see cref="HistoryChunkBytes"/> each. For a worker's work item (<c>forWorkItemProcessing</c>) whose past events
    /// were left out because of their size, exactly the past events of that work item.
    /// </summary>
    public override async Task StreamInstanceHistory(P.StreamInstanceHistoryRequest request, IServerStreamWriter<P.HistoryChunk> responseStream, ServerCallContext context)
    {
        if (request.ForWorkItemProcessing && hub.PastEventsOf(request.InstanceId, request.ExecutionId) is { } past)
        {
            await WriteChunksAsync(past, responseStream, context.CancellationToken);
            return;
        }

        int? skip = 0;
        while (skip is { } from)
        {
            var page = await client.GetHistoryAsync(request.InstanceId, from, HistoryChunkSize, context.CancellationToken);
            var events = ProtoHistory.ToProto(HistorySerializer.DeserializeHistory(page.SerializedEvents), request.InstanceId).ToList();
            await WriteChunksAsync(events, responseStream, context.CancellationToken);
            skip = page.NextSkip;
        }
    }

    /// <summary>The bytes of events a history chunk holds at most (unless one event alone is larger): well below the 4 MB a
    /// gRPC client receives by default.</summary>
    internal const int HistoryChunkBytes = 1024 * 1024;

    /// <summary>Writes <paramref name="events"/> in chunks of about <see cref="HistoryChunkBytes"/> (one chunk when empty).</summary>
    private static async Task WriteChunksAsync(IReadOnlyList<P.HistoryEvent> events, IServerStreamWriter<P.HistoryChunk> stream, CancellationToken cancellationToken)
    {
        var chunk = new P.HistoryChunk();
        var bytes = 0;
        foreach (var e in events)
        {
            var size = e.CalculateSize();
            if (chunk.Events.Count > 0 && bytes + size > HistoryChunkBytes)
            {
                await stream.WriteAsync(chunk, cancellationToken);
                (chunk, bytes) = (new P.HistoryChunk(), 0);
            }

            chunk.Events.Add(e);
            bytes += size;
        }

        if (chunk.Events.Count > 0 || events.Count == 0)
        {
            await stream.WriteAsync(chunk, cancellationToken);
        }
    }
}
