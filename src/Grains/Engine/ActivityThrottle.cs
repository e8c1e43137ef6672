namespace OrleansWorkflows.Engine;

/// <summary>Limits how many activities run at once on one silo.</summary>
internal sealed class ActivityThrottle(int maxConcurrent) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);

    public Task WaitAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    public void Release() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
