namespace OrleansWorkflows.DurableTask.Grpc.Cluster;

/// <summary>
/// What the workers connected to one hub (one gateway of the cluster) serve, as that hub publishes it to the
/// <see cref="IWorkerDirectoryGrain"/>: every name (a worker without filters), or the names its workers' filters list.
/// A hub with no worker (a silo that only runs remote work) publishes too, to be told when a worker connects elsewhere.
/// Never stored: it expires unless the hub publishes it again.
/// </summary>
/// <param name="HubId">The hub (<see cref="Workers.WorkerHub.Id"/>; also the key of its <see cref="IWorkerHubGrain"/>).</param>
/// <param name="ServesAll">A connected worker takes every name.</param>
/// <param name="Orchestrations">Orchestration names its workers' filters list.</param>
/// <param name="Activities">Activity names its workers' filters list.</param>
/// <param name="Workers">How many workers are connected.</param>
/// <param name="ExpiresAt">When the offer lapses unless published again (UTC).</param>
/// <param name="Observer">How other hubs reach a hub in an Orleans client (<see cref="IWorkerHubObserver"/>); <c>null</c>
/// for a hub in a silo, reached through its <see cref="IWorkerHubGrain"/>.</param>
[GenerateSerializer, Immutable, Alias("ow.grpc.WorkerOffer")]
internal sealed record WorkerOffer(
    [property: Id(0)] string HubId,
    [property: Id(1)] bool ServesAll,
    [property: Id(2)] string[] Orchestrations,
    [property: Id(3)] string[] Activities,
    [property: Id(4)] int Workers,
    [property: Id(5)] DateTime ExpiresAt,
    [property: Id(6)] IWorkerHubObserver? Observer = null)
{
    /// <summary>True when a worker of the hub serves the orchestration (or activity) <paramref name="name"/>.</summary>
    public bool Serves(bool orchestration, string name) => Workers > 0 && (ServesAll
        || (orchestration ? Orchestrations : Activities).Contains(name, StringComparer.OrdinalIgnoreCase));
}
