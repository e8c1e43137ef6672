using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using OrleansWorkflows.Gateway.Hosting;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.DurableTask.Grpc.Hosting;

/// <summary>
/// Every call of the sidecar service: the API key check (when keys are configured: <c>x-functions-key</c> metadata,
/// else <see cref="StatusCode.Unauthenticated"/>), and the engine's refusals and outages as gRPC statuses — bad input
/// is <see cref="StatusCode.InvalidArgument"/>, an unknown instance <see cref="StatusCode.NotFound"/>, a store or
/// cluster outage <see cref="StatusCode.Unavailable"/>; never an unexplained internal error.
/// </summary>
internal sealed class SidecarInterceptor(IOptions<DurableTaskGrpcOptions> options) : Interceptor
{
    private readonly ApiKeys _keys = new(options.Value.ApiKeys);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        CheckKey(context);
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ToRpc(ex) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        CheckKey(context);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ToRpc(ex) is { } rpc)
        {
            throw rpc;
        }
    }

    /// <summary>The gRPC status of an engine error; <c>null</c> for errors that are already statuses (or unexpected).</summary>
    internal static RpcException? ToRpc(Exception ex) => ex switch
    {
        RpcException => null,
        WorkflowClientException refused => new RpcException(new Status(refused.Outcome switch
        {
            OperationOutcome.NotFound => StatusCode.NotFound,
            OperationOutcome.AlreadyExists => StatusCode.AlreadyExists,
            OperationOutcome.InstanceFinished or OperationOutcome.NotAllowed => StatusCode.FailedPrecondition,
            _ => StatusCode.InvalidArgument,
        }, refused.Message)),
        StoreUnavailableException or InstanceReloadingException or TimeoutException or OrleansException =>
            new RpcException(new Status(StatusCode.Unavailable, $"The workflow engine is unavailable; retry the call. ({ex.Message})")),
        ArgumentException => new RpcException(new Status(StatusCode.InvalidArgument, ex.Message)),
        _ => null,
    };

    private void CheckKey(ServerCallContext context)
    {
        if (_keys.Required && !_keys.Accepts(context.RequestHeaders.GetValue(GatewayAccessExtensions.KeyHeader)))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"A valid API key is required: pass it as the '{GatewayAccessExtensions.KeyHeader}' metadata of the call."));
        }
    }
}
