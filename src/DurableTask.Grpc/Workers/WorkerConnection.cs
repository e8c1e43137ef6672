using System.Threading.Channels;
using Grpc.Core;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Workers;

/// <summary>
/// One worker's <c>GetWorkItems</c> stream: the work items queued for it, written one at a time, and a health ping
/// whenever the stream has been idle for <paramref name="pingInterval"/> (the 1.28 .NET worker reconnects after 120 s
/// without a message). Its filters (the worker's <see cref="P.WorkItemFilters"/>; none = everything) say which
/// orchestrations and activities it serves.
/// </summary>
/// <param name="stream">The server stream of the call.</param>
/// <param name="filters">The worker's filters, if it sent any.</param>
/// <param name="pingInterval">How long the stream may stay silent.</param>
internal sealed class WorkerConnection(IServerStreamWriter<P.WorkItem> stream, P.WorkItemFilters? filters, TimeSpan pingInterval)
{
    private readonly Channel<P.WorkItem> _items = Channel.CreateUnbounded<P.WorkItem>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Set (under the hub's lock) once the stream ended: nothing is sent to it any more.</summary>
    public bool Closed { get; set; }

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

    /// <summary>Queues a work item for the stream.</summary>
    public void Send(P.WorkItem item) => _items.Writer.TryWrite(item);

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
