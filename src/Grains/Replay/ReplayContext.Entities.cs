namespace OrleansWorkflows.Replay;

/// <summary>Entity calls, signals and critical sections (the Durable Functions rules, enforced with clear errors).</summary>
internal sealed partial class ReplayContext
{
    private readonly List<EntityId> _lockRequested = [];
    private readonly HashSet<EntityId> _callsInFlight = [];
    private CriticalSection? _section;
    private bool _acquiring;

    public override bool IsInCriticalSection => _section is not null;

    public override Task<TResult> CallEntityAsync<TResult>(EntityId entity, string operationName, object? input = null, string callerFilePath = "", int callerLineNumber = 0)
    {
        EnsureOnScheduler();
        CheckEntityArguments(entity, operationName);
        if (_acquiring)
        {
            throw new InvalidOperationException("Entities cannot be called while LockEntitiesAsync is acquiring locks; await it first.");
        }

        if (_section is not null && !_section.Entities.Contains(entity))
        {
            throw new InvalidOperationException(
                $"Inside a critical section an orchestration may call only the entities it locked ({string.Join(", ", _section.Entities)}); '{entity}' is not locked. Signal it instead, or lock it too.");
        }

        if (_section is not null && !_callsInFlight.Add(entity))
        {
            throw new InvalidOperationException(
                $"Inside a critical section only one call to an entity may be in flight: await the pending call to '{entity}' before calling it again.");
        }

        var task = new OpenTask<TResult>();
        _executor.AddAction(new CallEntityAction(NextSequence(), entity, operationName, WorkflowJson.Serialize(input)), task, new Caller(callerFilePath, callerLineNumber));
        return _section is null ? task.Task : Tracked(entity, task.Task);
    }

    public override void SignalEntity(EntityId entity, string operationName, object? input = null, string callerFilePath = "", int callerLineNumber = 0)
    {
        EnsureOnScheduler();
        CheckEntityArguments(entity, operationName);
        _executor.AddAction(new SignalEntityAction(NextSequence(), entity, operationName, WorkflowJson.Serialize(input)), null, new Caller(callerFilePath, callerLineNumber));
    }

    public override Task<IAsyncDisposable> LockEntitiesAsync(params EntityId[] entities)
    {
        EnsureOnScheduler();
        ArgumentNullException.ThrowIfNull(entities);
        if (entities.Length == 0)
        {
            throw new ArgumentException("LockEntitiesAsync needs at least one entity.", nameof(entities));
        }

        foreach (var entity in entities)
        {
            CheckEntityArguments(entity, "lock");
        }

        if (_section is not null || _acquiring)
        {
            throw new InvalidOperationException("Critical sections cannot be nested: dispose the current lock handle before locking entities again.");
        }

        // One global order (ordinal on "@name@key") for every orchestration: lock requests never wait in a cycle.
        var ordered = entities.Distinct().OrderBy(e => e.ToString(), StringComparer.Ordinal).ToList();
        _acquiring = true;
        return AcquireAsync(ordered);
    }

    /// <summary>Throws when the code is inside a critical section and tries <paramref name="what"/>.</summary>
    internal void ThrowIfInCriticalSection(string what)
    {
        if (_section is not null || _acquiring)
        {
            throw new InvalidOperationException($"An orchestration cannot {what} inside a critical section; dispose the lock handle first.");
        }
    }

    private async Task<IAsyncDisposable> AcquireAsync(List<EntityId> ordered)
    {
        try
        {
            foreach (var entity in ordered)
            {
                var granted = new OpenTask<object?>();
                _lockRequested.Add(entity);
                _executor.AddAction(new LockEntityAction(NextSequence(), entity), granted);
                await granted.Task;
            }
        }
        catch
        {
            ReleaseLocks();
            throw;
        }
        finally
        {
            _acquiring = false;
        }

        _section = new CriticalSection(this, ordered);
        return _section;
    }

    private void ReleaseLocks()
    {
        foreach (var entity in _lockRequested)
        {
            _executor.AddAction(new UnlockEntityAction(NextSequence(), entity), null);
        }

        _lockRequested.Clear();
        _callsInFlight.Clear();
        _section = null;
    }

    private async Task<T> Tracked<T>(EntityId entity, Task<T> call)
    {
        try
        {
            return await call;
        }
        finally
        {
            _callsInFlight.Remove(entity);
        }
    }

    private static void CheckEntityArguments(EntityId entity, string operationName)
    {
        if (EntityId.ValidateName(entity.Name) is { } error)
        {
            throw new ArgumentException(error, nameof(entity));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(operationName);
    }

    /// <summary>The lock handle of a critical section; disposing it (once is enough) releases the locks.</summary>
    private sealed class CriticalSection(ReplayContext context, IReadOnlyList<EntityId> entities) : IAsyncDisposable, IDisposable
    {
        public IReadOnlyList<EntityId> Entities { get; } = entities;

        public void Dispose()
        {
            if (ReferenceEquals(context._section, this))
            {
                context.EnsureOnScheduler();
                context.ReleaseLocks();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
