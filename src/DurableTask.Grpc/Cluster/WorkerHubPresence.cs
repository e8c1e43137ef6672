using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansWorkflows.DurableTask.Grpc.Workers;

namespace OrleansWorkflows.DurableTask.Grpc.Cluster;

/// <summary>
/// Keeps this host's <see cref="WorkerHub"/> in the cluster: makes it reachable (in a silo: activates its
/// <see cref="IWorkerHubGrain"/> here; in an Orleans client, <paramref name="inClient"/>: creates its
/// <see cref="IWorkerHubObserver"/>, kept here for the host's lifetime), publishes what its workers serve to the
/// <see cref="IWorkerDirectoryGrain"/> every <see cref="Period"/> and at once when a worker connects or leaves, and hands
/// the hub the other hubs' offers. A failed publish is retried next round (the offers last <see cref="OfferLifetime"/>).
/// </summary>
internal sealed partial class WorkerHubPresence(WorkerHub hub, IGrainFactory grains, ILogger<WorkerHubPresence> logger, bool inClient = false) : BackgroundService
{
    /// <summary>How often the offer is published.</summary>
    internal static readonly TimeSpan Period = TimeSpan.FromSeconds(3);

    /// <summary>How long an offer lasts unless published again.</summary>
    internal static readonly TimeSpan OfferLifetime = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim _changed = new(0, 1);

    /// <summary>The observed object of a hub in a client (the reference holds it weakly: it lives as long as this service).</summary>
    private WorkerHubCalls? _observed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hereKnown = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!hereKnown)
                {
                    if (inClient)
                    {
                        _observed = new WorkerHubCalls(hub);
                        hub.AttachCluster(grains, Signal, grains.CreateObjectReference<IWorkerHubObserver>(_observed));
                    }
                    else
                    {
                        hub.AttachCluster(grains, Signal);

                        // Its first call comes from this silo, so the grain is placed here (PreferLocalPlacement).
                        await grains.GetGrain<IWorkerHubGrain>(hub.Id).WorkerConnectedAsync();
                    }

                    hereKnown = true;
                }

                var offer = hub.Offer(TimeProvider.System.GetUtcNow().UtcDateTime + OfferLifetime);
                hub.SetOffers(await grains.GetGrain<IWorkerDirectoryGrain>(0).PublishAsync(offer));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPublishFailed(ex);
            }

            try
            {
                await _changed.WaitAsync(Period, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    private void Signal()
    {
        try
        {
            if (_changed.CurrentCount == 0)
            {
                _changed.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
        catch (ObjectDisposedException)
        {
            // stopping
        }
    }

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Could not publish this gateway's Durable Task workers to the cluster; retrying")]
    private partial void LogPublishFailed(Exception exception);
}
