namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// Sends the workload's <see cref="ClusterWorkload.Signals"/> signals in the background through a
/// <see cref="RetryingSender"/> (<see cref="ClusterWorkload.SignalParallelism"/> at a time), so that a kill can come
/// while they are in flight. Disposing it stops the sending (a test that failed half-way).
/// </summary>
internal sealed class BackgroundSignals : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sending;

    public BackgroundSignals(ClusterWorkload workload, Func<HttpClient?> http)
    {
        Sender = new RetryingSender(http);
        _sending = Task.Run(() => workload.SignalAllAsync(Sender, _stop.Token));
    }

    /// <summary>The sender's counts: acknowledged signals, retried ones, failed attempts.</summary>
    public RetryingSender Sender { get; }

    /// <summary>Waits until at least <paramref name="count"/> signals are acknowledged; a sending that failed fails the test.</summary>
    public Task WaitUntilAcknowledgedAsync(int count, TimeSpan deadline) =>
        Eventually.HoldsAsync(
            async () =>
            {
                if (_sending.IsFaulted)
                {
                    await _sending;
                }

                return (Sender.Accepted >= count, Sender.Summary);
            },
            deadline,
            $"{count} signals acknowledged");

    /// <summary>Waits until every signal is acknowledged (each retries until its own deadline).</summary>
    public Task CompleteAsync() => _sending;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sending;
        }
        catch (Exception)
        {
            // Stopped, or already failed (then CompleteAsync or WaitUntilAcknowledgedAsync reported it).
        }

        _stop.Dispose();
    }
}
