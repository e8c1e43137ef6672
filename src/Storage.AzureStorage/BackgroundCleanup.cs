using System.Collections.Concurrent;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// Garbage collection in the background, at most one run per instance at a time: a write that made rows garbage
/// (consumed inbox entries, removed outbox entries, the history of a finished execution) schedules a run for its instance;
/// a run scheduled while one is going runs again after it. Best effort: garbage is invisible to reads, so a failed run
/// only leaves it for a later one (or the purge).
/// </summary>
internal sealed class BackgroundCleanup
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> _running = new();

    /// <summary>Schedules a collection for <paramref name="instanceId"/>, with the history epochs it dropped.</summary>
    public void Schedule(string instanceId, IReadOnlyCollection<string> droppedEpochs, Func<string, IReadOnlyCollection<string>, Task> collect)
    {
        var pending = _pending.GetOrAdd(instanceId, _ => new Pending());
        bool start;
        lock (pending)
        {
            pending.Epochs.UnionWith(droppedEpochs);
            pending.Again = true;
            start = !pending.Running;
            pending.Running = true;
        }

        if (start)
        {
            var task = Task.Run(() => RunAsync(instanceId, pending, collect));
            _running.TryAdd(task, true);
            _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    /// <summary>Completes when no collection is running.</summary>
    public async Task WhenIdleAsync()
    {
        while (!_running.IsEmpty)
        {
            await Task.WhenAll(_running.Keys);
        }
    }

    private async Task RunAsync(string instanceId, Pending pending, Func<string, IReadOnlyCollection<string>, Task> collect)
    {
        while (true)
        {
            string[] epochs;
            lock (pending)
            {
                if (!pending.Again)
                {
                    pending.Running = false;
                    _pending.TryRemove(new KeyValuePair<string, Pending>(instanceId, pending));
                    return;
                }

                pending.Again = false;
                epochs = [.. pending.Epochs];
                pending.Epochs.Clear();
            }

            try
            {
                await collect(instanceId, epochs);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or InvalidOperationException or HttpRequestException)
            {
                // Left for a later run.
            }
        }
    }

    private sealed class Pending
    {
        public HashSet<string> Epochs { get; } = new(StringComparer.Ordinal);

        public bool Again { get; set; }

        public bool Running { get; set; }
    }
}
