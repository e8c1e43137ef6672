using System.Threading.Channels;
using Grpc.Core;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Workers;

/// <summary>
/// One worker's <c>GetWorkItems</c> stream: the work items queued for it, written one at a time, and a health ping
/// whenever the stream has been idle for <paramref name="pingInterval"/> (the 1.28 .NET worker reconnects after 120 s
/// without a message). Its filters (the worker's <see cref="P.WorkItemFilters"/>; none = everything) say which
/// orchestrations and activities it serves; its credits (<c>maxConcurrent*</c> of its request) how many of each it is
/// sent at once.
/// </summary>
/// <param name="stream">The server stream of the call.</param>
/// <param name="filters">The worker's filters, if it sent any.</param>
/// <param name="pingInterval">How long the stream may stay silent.</param>
/// <param name="maxOrchestrations">The worker's <c>maxConcurrentOrchestrationWorkItems</c>: episodes it takes at once (0: no limit).</param>
/// <param name="maxActivities">The worker's <c>maxConcurrentActivityWorkItems</c>: activity calls it takes at once (0: no limit).</param>
/// <param name="historyStreaming">The worker announced <see cref="P.WorkerCapability.HistoryStreaming"/>: it fetches a long
/// history with <c>StreamInstanceHistory</c> when a work item says so.</param>
internal sealed class WorkerConnection(
    IServerStreamWriter<P.WorkItem> stream,
    P.WorkItemFilters? filters,
    TimeSpan pingInterval,
    int maxOrchestrations = 0,
    int maxActivities = 0,
    bool historyStreaming = false)
{
    /// <summary>An orchestrator work item larger than this (bytes) goes without its past events to a worker that streams
    /// history: below the 4 MB a gRPC client receives by default, with room for the episode's new events.</summary>
    internal const int StreamHistoryOver = 3 * 1024 * 1024;

    private readonly Channel<P.WorkItem> _items = Channel.CreateUnbounded<P.WorkItem>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The worker's filters (<c>null</c>: it sent none and takes everything).</summary>
    public P.WorkItemFilters? Filters => filters;

    /// <summary>Set (under the hub's lock) once the stream ended: nothing is sent to it any more.</summary>
    public bool Closed { get; set; }

    /// <summary>Episodes sent and not answered (kept under the hub's lock).</summary>
    public int OrchestrationsInFlight { get; set; }

    /// <summary>Activity calls sent and not answered (kept under the hub's lock).</summary>
    public int ActivitiesInFlight { get; set; }

    /// <summary>True while the worker has a credit left for work of this kind (its <c>maxConcurrent*</c> not reached).</summary>
    public bool HasCredit(bool orchestration) => orchestration
        ? maxOrchestrations <= 0 || OrchestrationsInFlight < maxOrchestrations
        : maxActivities <= 0 || ActivitiesInFlight < maxActivities;

    /// <summary>Counts work of this kind sent (+1) or answered, abandoned or withdrawn (-1).</summary>
    public void Count(bool orchestration, int delta)
    {
        if (orchestration)
        {
            OrchestrationsInFlight = Math.Max(0, OrchestrationsInFlight + delta);
        }
        else
        {
            ActivitiesInFlight = Math.Max(0, ActivitiesInFlight + delta);
        }
    }

    /// <summary>True when the worker takes work of this kind and name.</summary>
    public bool Serves(bool orchestration, string name)
    {
        if (filters is null || (filters.Orchestrations.Count == 0 && filters.Activities.Count == 0))
        {
            return true;
        }

        return orchestration
            ? filters.Orchestrations.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
            : filters.Activities.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Queues a copy of a work item for the stream. A large orchestrator work item goes to a worker that streams history
    /// without its past events (<see cref="P.OrchestratorRequest.RequiresHistoryStreaming"/>): the worker reads them with
    /// <c>StreamInstanceHistory</c>, which the hub serves from the pending work item.
    /// </summary>
    public void Send(P.WorkItem item)
    {
        var copy = item.Clone();
        if (historyStreaming && copy.OrchestratorRequest is { } request && copy.CalculateSize() > StreamHistoryOver)
        {
            request.PastEvents.Clear();
            request.RequiresHistoryStreaming = true;
        }

        _items.Writer.TryWrite(copy);
    }

    /// <summary>Writes queued items and idle pings until the call ends (<paramref name="cancellationToken"/>).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                idle.CancelAfter(pingInterval);
                try
                {
                    await _items.Reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await stream.WriteAsync(new P.WorkItem { HealthPing = new P.HealthPing() }, cancellationToken);
                    continue;
                }
            }

            while (_items.Reader.TryRead(out var item))
            {
                await stream.WriteAsync(item, cancellationToken);
            }
        }
    }
}
