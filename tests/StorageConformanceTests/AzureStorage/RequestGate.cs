using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>
/// A pipeline policy that counts the requests of one service client and can hold them (until opened) or fail them (as a
/// process that dies before sending them would): what the commit path waits for, seen from outside.
/// </summary>
internal sealed class RequestGate : HttpPipelinePolicy
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _paths = new();
    private TaskCompletionSource _open = Opened();
    private int _requests;
    private int _held;

    /// <summary>Requests sent (or failed) so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests waiting at the closed gate now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>The paths of the requests sent so far (a table query ends in <c>()</c>).</summary>
    public IReadOnlyCollection<string> Paths => _paths;

    /// <summary>Fail every request from now on with 503, sending nothing.</summary>
    public bool Failing { get; set; }

    /// <summary>Holds every request from now on until <see cref="Open"/>.</summary>
    public void Close() => Interlocked.Exchange(ref _open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Lets the held requests and the later ones through.</summary>
    public void Open() => _open.TrySetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _held);
        try
        {
            await _open.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }

        Interlocked.Increment(ref _requests);
        _paths.Enqueue(message.Request.Uri.Path);
        if (Failing)
        {
            throw new RequestFailedException(503, "The index table is unreachable (test).");
        }

        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
