using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime;
using OrleansWorkflows.DurableTask.Grpc.Workers;

namespace OrleansWorkflows.DurableTask.Grpc.Cluster;

/// <summary>
/// A gateway's worker hub as the rest of the cluster reaches it (key: <see cref="WorkerHub.Id"/>): work created on
/// another silo is handed to the workers connected here, and a completion that reached another gateway is routed here
/// by its token. Protocol messages travel as their protobuf bytes.
/// </summary>
[Alias("ow.grpc.IWorkerHubGrain")]
internal interface IWorkerHubGrain : IGrainWithStringKey
{
    /// <summary>Runs an orchestrator episode on a worker connected here (<see cref="WorkerHub.RunOrchestratorAsync"/>).</summary>
    [Alias("RunOrchestrator")]
    Task<byte[]?> RunOrchestratorAsync(string name, byte[] request, TimeSpan deadline);

    /// <summary>
    /// Hands activity call <paramref name="callId"/> to a worker connected here (once; a repeat finds it) and waits up to
    /// <paramref name="wait"/> for its answer: the response's bytes, or <c>null</c> when it is not answered yet (ask again).
    /// </summary>
    [Alias("AwaitActivity")]
    Task<byte[]?> AwaitActivityAsync(string callId, string name, byte[] request, TimeSpan wait);

    /// <summary>A worker's answer that reached another gateway: completes the work dispatched here with <paramref name="token"/>.</summary>
    [Alias("Complete")]
    Task<bool> CompleteAsync(string token, byte[] response, bool orchestration);

    /// <summary>A worker's abandon that reached another gateway.</summary>
    [Alias("Abandon")]
    Task<bool> AbandonAsync(string token);

    /// <summary>A worker connected to another gateway: instances waiting here for one try again.</summary>
    [Alias("WorkerConnected")]
    Task WorkerConnectedAsync();
}

/// <summary>
/// The grain of this silo's hub. It is placed where it is first called from (the hub's own silo calls it first, when it
/// publishes) and kept active; an activation that finds itself on another silo (its hub's silo died and a caller
/// re-created it) refuses every call, so callers move on to a live hub.
/// </summary>
[GrainType("grpcworkerhub")]
[PreferLocalPlacement]
[Reentrant]
internal sealed class WorkerHubGrain(WorkerHub hub) : Grain, IWorkerHubGrain
{
    private readonly WorkerHubCalls _calls = new(hub);

    private bool IsHere => this.GetPrimaryKeyString() == hub.Id;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (IsHere)
        {
            this.DelayDeactivation(TimeSpan.FromDays(365));
        }
        else
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public Task<byte[]?> RunOrchestratorAsync(string name, byte[] request, TimeSpan deadline)
    {
        ThrowIfGone();
        return _calls.RunOrchestratorAsync(name, request, deadline);
    }

    public Task<byte[]?> AwaitActivityAsync(string callId, string name, byte[] request, TimeSpan wait)
    {
        ThrowIfGone();
        return _calls.AwaitActivityAsync(callId, name, request, wait);
    }

    public Task<bool> CompleteAsync(string token, byte[] response, bool orchestration)
    {
        ThrowIfGone();
        return _calls.CompleteAsync(token, response, orchestration);
    }

    public Task<bool> AbandonAsync(string token)
    {
        ThrowIfGone();
        return _calls.AbandonAsync(token);
    }

    public Task WorkerConnectedAsync()
    {
        ThrowIfGone();
        return _calls.WorkerConnectedAsync();
    }

    private void ThrowIfGone()
    {
        if (!IsHere)
        {
            DeactivateOnIdle();
            throw new InvalidOperationException($"Worker hub '{this.GetPrimaryKeyString()}' is not on this silo (its gateway is gone).");
        }
    }
}
