using System.Collections.Concurrent;
using Grpc.Core;
using OrleansWorkflows.Testing;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTaskGrpcTests.Harness;

/// <summary>A worker's side of a work-item stream, without gRPC: what the hub wrote to it.</summary>
internal sealed class RecordingStream : IServerStreamWriter<P.WorkItem>
{
    private readonly ConcurrentQueue<P.WorkItem> _items = new();

    public CancellationTokenSource Closed { get; } = new();

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(P.WorkItem message)
    {
        _items.Enqueue(message);
        return Task.CompletedTask;
    }

    public Task WriteAsync(P.WorkItem message, CancellationToken cancellationToken) => WriteAsync(message);

    /// <summary>The next item written (health pings included), waited for.</summary>
    public async Task<P.WorkItem> NextAsync()
    {
        P.WorkItem? item = null;
        await Eventually.UntilAsync(() => Task.FromResult(_items.TryDequeue(out item)), TimeSpan.FromSeconds(10), "a work item on the stream");
        return item!;
    }
}
