using System.Collections.Concurrent;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Hosting;

/// <summary>
/// Test hook of a <see cref="SharedInMemoryCluster"/>: holds one chosen commit or purge before it reaches the store (a
/// deterministic stand-in for a slow fsync), so a test can act while the write is in flight and then let it through.
/// Every silo's store view (<see cref="LinkedWorkflowStore"/>) asks it before each commit and purge; with no hold armed
/// it costs one dictionary check.
/// </summary>
public sealed class StoreWriteHolds
{
    private readonly ConcurrentDictionary<StoreWriteHold, byte> _armed = new();

    /// <summary>Holds the first commit matching <paramref name="match"/> from now on, until the hold is released.</summary>
    /// <param name="match">Chooses the commit (e.g. by instance id and new status).</param>
    /// <returns>The hold: <see cref="StoreWriteHold.Reached"/> completes when the commit is held.</returns>
    public StoreWriteHold HoldCommit(Func<InstanceCommit, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return Arm(write => write is InstanceCommit commit && match(commit));
    }

    /// <summary>Holds the next purge of instance <paramref name="instanceId"/>, until the hold is released.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <returns>The hold: <see cref="StoreWriteHold.Reached"/> completes when the purge is held.</returns>
    public StoreWriteHold HoldPurge(string instanceId) => Arm(write => write is PurgeWrite purge && purge.InstanceId == instanceId);

    /// <summary>Waits while a hold matches <paramref name="write"/> (an <see cref="InstanceCommit"/> or a
    /// <see cref="PurgeWrite"/>; each hold takes one write only).</summary>
    internal Task BeforeWriteAsync(object write)
    {
        if (_armed.IsEmpty)
        {
            return Task.CompletedTask;
        }

        foreach (var hold in _armed.Keys)
        {
            if (hold.Matches(write) && _armed.TryRemove(hold, out _))
            {
                return hold.HoldAsync();
            }
        }

        return Task.CompletedTask;
    }

    private StoreWriteHold Arm(Func<object, bool> match)
    {
        var hold = new StoreWriteHold(match);
        _armed[hold] = 0;
        return hold;
    }

    /// <summary>A purge, as <see cref="BeforeWriteAsync"/> sees it.</summary>
    internal sealed record PurgeWrite(string InstanceId);
}

/// <summary>One armed hold of <see cref="StoreWriteHolds"/>.</summary>
public sealed class StoreWriteHold
{
    private readonly Func<object, bool> _match;
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal StoreWriteHold(Func<object, bool> match) => _match = match;

    /// <summary>Completes when the chosen commit has arrived and is being held.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the held write (or, if it has not arrived yet, the chosen write when it does) through.</summary>
    public void Release() => _released.TrySetResult();

    internal bool Matches(object write) => _match(write);

    internal Task HoldAsync()
    {
        _reached.TrySetResult();
        return _released.Task;
    }
}
