using Google.Protobuf;
using Orleans.Concurrency;
using OrleansWorkflows.DurableTask.Grpc.Workers;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Cluster;

/// <summary>
/// A hub in an Orleans client (the stock gateway as a client of a PostgreSQL or Azure Storage cluster) as the silos reach
/// it: the same calls as <see cref="IWorkerHubGrain"/>, on an observer reference the hub publishes in its
/// <see cref="WorkerOffer.Observer"/>. A client hosts no grain, so its hub is reached this way; the silos' episodes and
/// activity calls wait on it concurrently (every call is <see cref="AlwaysInterleaveAttribute">always interleaved</see>:
/// an observer otherwise takes one call at a time).
/// </summary>
[Alias("ow.grpc.IWorkerHubObserver")]
internal interface IWorkerHubObserver : IGrainObserver
{
    /// <summary>Runs an orchestrator episode on a worker connected here (<see cref="IWorkerHubGrain.RunOrchestratorAsync"/>).</summary>
    [AlwaysInterleave]
    [Alias("RunOrchestrator")]
    Task<byte[]?> RunOrchestratorAsync(string name, byte[] request, TimeSpan deadline);

    /// <summary>Hands an activity call to a worker connected here and waits for its answer (<see cref="IWorkerHubGrain.AwaitActivityAsync"/>).</summary>
    [AlwaysInterleave]
    [Alias("AwaitActivity")]
    Task<byte[]?> AwaitActivityAsync(string callId, string name, byte[] request, TimeSpan wait);

    /// <summary>A worker's answer that reached another gateway (<see cref="IWorkerHubGrain.CompleteAsync"/>).</summary>
    [AlwaysInterleave]
    [Alias("Complete")]
    Task<bool> CompleteAsync(string token, byte[] response, bool orchestration);

    /// <summary>A worker's abandon that reached another gateway (<see cref="IWorkerHubGrain.AbandonAsync"/>).</summary>
    [AlwaysInterleave]
    [Alias("Abandon")]
    Task<bool> AbandonAsync(string token);

    /// <summary>A worker connected to another gateway (<see cref="IWorkerHubGrain.WorkerConnectedAsync"/>).</summary>
    [AlwaysInterleave]
    [Alias("WorkerConnected")]
    Task WorkerConnectedAsync();
}

/// <summary>
/// What other hubs ask of a <see cref="WorkerHub"/>, with protocol messages as their protobuf bytes: the observer of a
/// hub in a client, and the body of <see cref="WorkerHubGrain"/> for a hub in a silo.
/// </summary>
internal sealed class WorkerHubCalls(WorkerHub hub) : IWorkerHubObserver
{
    public async Task<byte[]?> RunOrchestratorAsync(string name, byte[] request, TimeSpan deadline)
    {
        var response = await hub.RunOrchestratorHereAsync(name, P.OrchestratorRequest.Parser.ParseFrom(request), deadline);
        return response?.ToByteArray();
    }

    public async Task<byte[]?> AwaitActivityAsync(string callId, string name, byte[] request, TimeSpan wait)
    {
        var response = await hub.AwaitRemoteActivityAsync(callId, name, request, wait);
        return response?.ToByteArray();
    }

    public Task<bool> CompleteAsync(string token, byte[] response, bool orchestration)
    {
        object answer = orchestration ? P.OrchestratorResponse.Parser.ParseFrom(response) : P.ActivityResponse.Parser.ParseFrom(response);
        return Task.FromResult(hub.Complete(token, answer));
    }

    public Task<bool> AbandonAsync(string token) => Task.FromResult(hub.Abandon(token));

    public Task WorkerConnectedAsync()
    {
        hub.WorkerConnectedElsewhere();
        return Task.CompletedTask;
    }
}
