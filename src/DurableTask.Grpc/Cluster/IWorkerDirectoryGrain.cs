using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace OrleansWorkflows.DurableTask.Grpc.Cluster;

/// <summary>The cluster's directory of Durable Task worker hubs (one grain, key 0): which gateway's workers serve what.</summary>
[Alias("ow.grpc.IWorkerDirectoryGrain")]
internal interface IWorkerDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Records a hub's offer and returns the live offers of the other hubs that have workers.</summary>
    /// <param name="offer">The hub's offer.</param>
    [Alias("Publish")]
    Task<WorkerOffer[]> PublishAsync(WorkerOffer offer);
}

/// <summary>
/// The directory: in memory only (hubs publish every few seconds, so a directory that moved to another silo is filled
/// again at once), offers lapse when their hub stops publishing (its silo or gateway died). A hub is answered the other
/// hubs that have workers. When a hub's worker count grows, every other hub is told, those without workers too
/// (<see cref="IWorkerHubGrain.WorkerConnectedAsync"/>): instances waiting there for a worker try again at once.
/// </summary>
[GrainType("grpcworkerdirectory")]
[Reentrant]
internal sealed partial class WorkerDirectoryGrain(ILogger<WorkerDirectoryGrain> logger) : Grain, IWorkerDirectoryGrain
{
    private readonly Dictionary<string, WorkerOffer> _offers = new(StringComparer.Ordinal);

    public Task<WorkerOffer[]> PublishAsync(WorkerOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var before = _offers.GetValueOrDefault(offer.HubId)?.Workers ?? 0;
        _offers[offer.HubId] = offer;
        foreach (var lapsed in _offers.Values.Where(o => o.ExpiresAt < now).ToList())
        {
            _offers.Remove(lapsed.HubId);
        }

        var others = _offers.Values.Where(o => o.HubId != offer.HubId).ToList();
        if (offer.Workers > before)
        {
            foreach (var other in others)
            {
                _ = TellAsync(other);
            }
        }

        return Task.FromResult(others.Where(o => o.Workers > 0).ToArray());
    }

    private async Task TellAsync(WorkerOffer other)
    {
        try
        {
            await WorkerHubLink.To(GrainFactory, other.HubId, other.Observer).WorkerConnectedAsync();
        }
        catch (Exception ex)
        {
            LogTellFailed(ex, other.HubId);
        }
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Debug, Message = "Could not tell hub {HubId} that a worker connected elsewhere")]
    private partial void LogTellFailed(Exception exception, string hubId);
}
