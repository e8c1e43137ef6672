namespace OrleansWorkflows.DurableTask.Grpc.Cluster;

/// <summary>
/// How one hub reaches another: through the observer a hub in an Orleans client published (<see cref="WorkerOffer.Observer"/>),
/// else through the <see cref="IWorkerHubGrain"/> of a hub in a silo. Either way the same calls.
/// </summary>
internal static class WorkerHubLink
{
    /// <summary>The calls of hub <paramref name="hubId"/>: its <paramref name="observer"/> when it has one, else its grain.</summary>
    public static IWorkerHubObserver To(IGrainFactory grains, string hubId, IWorkerHubObserver? observer) =>
        observer ?? new GrainLink(grains.GetGrain<IWorkerHubGrain>(hubId));

    /// <summary>A hub in a silo, through its grain.</summary>
    private sealed class GrainLink(IWorkerHubGrain grain) : IWorkerHubObserver
    {
        public Task<byte[]?> RunOrchestratorAsync(string name, byte[] request, TimeSpan deadline) => grain.RunOrchestratorAsync(name, request, deadline);

        public Task<byte[]?> AwaitActivityAsync(string callId, string name, byte[] request, TimeSpan wait) => grain.AwaitActivityAsync(callId, name, request, wait);

        public Task<bool> CompleteAsync(string token, byte[] response, bool orchestration) => grain.CompleteAsync(token, response, orchestration);

        public Task<bool> AbandonAsync(string token) => grain.AbandonAsync(token);

        public Task WorkerConnectedAsync() => grain.WorkerConnectedAsync();
    }
}
