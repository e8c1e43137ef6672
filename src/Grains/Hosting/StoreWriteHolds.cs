using System.Collections.Concurrent;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Hosting;

/// <summary>
/// Test hook of a <see cref="SharedInMemoryCluster"/>: holds one chosen commit before it reaches the store (a
/// deterministic stand-in for a slow fsync), so a test can act while the commit is in flight and then let it through.
/// Every silo's store view (<see cref="LinkedWorkflowStore"/>) asks it before each commit; with no hold armed it costs
/// one dictionary check.
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
        var hold = new StoreWriteHold(match);
        _armed[hold] = 0;
        return hold;
    }

    /// <summary>Waits while a hold matches <paramref name="commit"/> (each hold takes one commit only).</summary>
    internal Task BeforeCommitAsync(InstanceCommit commit)
    {
        if (_armed.IsEmpty)
        {
            return Task.CompletedTask;
        }

        foreach (var hold in _armed.Keys)
        {
            if (hold.Matches(commit) && _armed.TryRemove(hold, out _))
            {
                return hold.HoldAsync();
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>One armed hold of <see cref="StoreWriteHolds.HoldCommit"/>.</summary>
public sealed class StoreWriteHold
{
    private readonly Func<InstanceCommit, bool> _match;
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal StoreWriteHold(Func<InstanceCommit, bool> match) => _match = match;

    /// <summary>Completes when the chosen commit has arrived and is being held.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the held commit (or, if it has not arrived yet, the chosen commit when it does) through.</summary>
    public void Release() => _released.TrySetResult();

    internal bool Matches(InstanceCommit commit) => _match(commit);

    internal Task HoldAsync()
    {
        _reached.TrySetResult();
        return _released.Task;
    }
}
