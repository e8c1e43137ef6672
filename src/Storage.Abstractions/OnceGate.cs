namespace OrleansWorkflows.Storage;

/// <summary>
/// Runs a backend's set-up (creating or migrating its tables) once per process: callers that come while it runs wait for
/// that one attempt; an attempt that fails is not remembered, so the next caller tries again; once one succeeded, callers
/// return at once without waiting on anything.
/// </summary>
public sealed class OnceGate : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _done;

    /// <summary>Whether a set-up succeeded (and <see cref="Reset"/> was not called since).</summary>
    public bool IsDone => _done;

    /// <summary>
    /// Runs <paramref name="setUp"/> unless a run succeeded already; concurrent callers wait for the one run in progress
    /// and then return (it succeeded) or run it again (it failed: they see their own attempt's error, not another caller's).
    /// </summary>
    /// <param name="setUp">The set-up.</param>
    /// <param name="cancellationToken">Cancels the wait and is passed to <paramref name="setUp"/>.</param>
    public async Task RunAsync(Func<CancellationToken, Task> setUp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setUp);
        if (_done)
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (!_done)
            {
                await setUp(cancellationToken);
                _done = true;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Forgets a successful set-up (what it made was deleted): the next <see cref="RunAsync"/> runs it again.</summary>
    public void Reset() => _done = false;

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();
}
