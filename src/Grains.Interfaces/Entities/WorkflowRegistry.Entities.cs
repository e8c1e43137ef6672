using Microsoft.Extensions.DependencyInjection;

namespace OrleansWorkflows;

public sealed partial class WorkflowRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskEntity>> _entities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registered entity names (lower-case).</summary>
    public IReadOnlyCollection<string> EntityNames => _entities.Keys;

    /// <summary>Registers a class-based entity under <paramref name="name"/> (default: its <see cref="WorkflowNameAttribute"/>, else the class name); names are case-insensitive.</summary>
    /// <typeparam name="T">The entity type (usually a <see cref="TaskEntity{TState}"/>); created through DI for every operation.</typeparam>
    /// <param name="name">The entity name.</param>
    public WorkflowRegistry AddEntity<T>(string? name = null)
        where T : class, ITaskEntity
        => AddEntity(name ?? WorkflowNameAttribute.NameOf(typeof(T)), sp => ActivatorUtilities.CreateInstance<T>(sp));

    /// <summary>Registers an entity written as a delegate in the "switch on the operation name" style.</summary>
    /// <param name="name">The entity name.</param>
    /// <param name="dispatch">Runs one operation and returns its result.</param>
    public WorkflowRegistry AddEntity(string name, Func<TaskEntityOperation, Task<object?>> dispatch)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        return AddEntity(name, _ => new FuncEntity(dispatch));
    }

    /// <summary>Registers an entity factory.</summary>
    /// <param name="name">The entity name: 1-256 characters without <c>@ / \ # ?</c> or control characters.</param>
    /// <param name="factory">Creates the entity object for one operation.</param>
    public WorkflowRegistry AddEntity(string name, Func<IServiceProvider, ITaskEntity> factory)
    {
        if (EntityId.ValidateName(name) is { } error)
        {
            throw new ArgumentException(error, nameof(name));
        }

        ArgumentNullException.ThrowIfNull(factory);
        if (!_entities.TryAdd(name.ToLowerInvariant(), factory))
        {
            throw new InvalidOperationException($"An entity named '{name}' is already registered.");
        }

        return this;
    }

    /// <summary>True when an entity named <paramref name="name"/> is registered.</summary>
    /// <param name="name">The entity name.</param>
    public bool HasEntity(string name) => _entities.ContainsKey(name);

    /// <summary>Creates the entity object registered as <paramref name="name"/>, or <c>null</c> when unknown.</summary>
    /// <param name="name">The entity name.</param>
    /// <param name="services">The service provider for constructor injection.</param>
    public ITaskEntity? CreateEntity(string name, IServiceProvider services) =>
        _entities.TryGetValue(name, out var factory) ? factory(services) : null;

    private sealed class FuncEntity(Func<TaskEntityOperation, Task<object?>> dispatch) : ITaskEntity
    {
        public Task<object?> DispatchAsync(TaskEntityOperation operation) => dispatch(operation);
    }
}
