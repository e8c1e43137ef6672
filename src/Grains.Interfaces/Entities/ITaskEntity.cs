namespace OrleansWorkflows;

/// <summary>
/// The low-level contract of a durable entity: one method that receives every operation and switches on its name.
/// Most entities derive from <see cref="TaskEntity{TState}"/> instead, whose public methods are the operations.
/// Operations on one entity run one at a time; a thrown exception rolls back the state change of that operation (and
/// the signals and orchestration starts it asked for) and goes back to a calling orchestration as a
/// <see cref="TaskFailedException"/>.
/// </summary>
/// <example>
/// <code>
/// public sealed class Flag : ITaskEntity
/// {
///     public Task&lt;object?&gt; DispatchAsync(TaskEntityOperation operation) => operation.Name switch
///     {
///         "set" => Set(operation, true),
///         "clear" => Set(operation, false),
///         "get" => Task.FromResult&lt;object?&gt;(operation.State.Get&lt;bool&gt;()),
///         _ => throw new NotSupportedException($"Unknown operation '{operation.Name}'."),
///     };
///
///     private static Task&lt;object?&gt; Set(TaskEntityOperation operation, bool value)
///     {
///         operation.State.Set(value);
///         return Task.FromResult&lt;object?&gt;(null);
///     }
/// }
/// </code>
/// </example>
public interface ITaskEntity
{
    /// <summary>Runs one operation and returns its result (serialized to JSON), or <c>null</c>.</summary>
    /// <param name="operation">The operation: name, input, state and context.</param>
    Task<object?> DispatchAsync(TaskEntityOperation operation);
}

/// <summary>One operation on an entity, as seen by <see cref="ITaskEntity.DispatchAsync"/>.</summary>
public sealed class TaskEntityOperation
{
    /// <summary>Creates an operation (the engine does this; tests may too).</summary>
    /// <param name="name">The operation name, as the caller spelled it.</param>
    /// <param name="inputJson">The JSON input, or <c>null</c>.</param>
    /// <param name="state">The entity's state.</param>
    /// <param name="context">The entity context.</param>
    public TaskEntityOperation(string name, string? inputJson, TaskEntityState state, EntityContext context)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        InputJson = inputJson;
        State = state ?? throw new ArgumentNullException(nameof(state));
        Context = context ?? throw new ArgumentNullException(nameof(context));
    }

    /// <summary>The operation name as the caller spelled it (compare case-insensitively).</summary>
    public string Name { get; }

    /// <summary>The JSON input, or <c>null</c>.</summary>
    public string? InputJson { get; }

    /// <summary>The entity's state; changes are kept only if the operation does not throw.</summary>
    public TaskEntityState State { get; }

    /// <summary>The entity context: id, signals to other entities, orchestration starts.</summary>
    public EntityContext Context { get; }

    /// <summary>Deserializes the input.</summary>
    /// <typeparam name="T">The input type.</typeparam>
    /// <exception cref="ArgumentException">The input cannot be read as <typeparamref name="T"/>.</exception>
    public T? GetInput<T>() => (T?)GetInput(typeof(T));

    /// <summary>Deserializes the input into <paramref name="type"/>.</summary>
    /// <param name="type">The input type.</param>
    /// <exception cref="ArgumentException">The input cannot be read as <paramref name="type"/>.</exception>
    public object? GetInput(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        try
        {
            var value = WorkflowJson.Deserialize(InputJson, type);
            return value is null && type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : value;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
        {
            throw new ArgumentException($"The input of operation '{Name}' on entity '{Context.Id}' cannot be read as {type.Name}: {ex.Message}", ex);
        }
    }
}

/// <summary>The state of an entity as JSON. An entity without state (never set, deleted, or set to <c>null</c>) does not exist.</summary>
public sealed class TaskEntityState
{
    /// <summary>Creates a state holder.</summary>
    /// <param name="json">The current state JSON, or <c>null</c> when the entity has no state.</param>
    public TaskEntityState(string? json = null)
    {
        Json = json;
    }

    /// <summary>The state as JSON, or <c>null</c> when the entity has no state.</summary>
    public string? Json { get; private set; }

    /// <summary>True when the entity has state (it exists).</summary>
    public bool HasState => Json is not null;

    /// <summary>Reads the state, or <paramref name="defaultValue"/> when there is none.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="defaultValue">The value of an entity without state.</param>
    public T? Get<T>(T? defaultValue = default) => Json is null ? defaultValue : WorkflowJson.Deserialize<T>(Json);

    /// <summary>Replaces the state; <c>null</c> deletes it.</summary>
    /// <param name="value">The new state, serialized to JSON.</param>
    public void Set(object? value) => Json = WorkflowJson.Serialize(value);

    /// <summary>Deletes the state: the entity stops existing (until an operation sets state again).</summary>
    public void Delete() => Json = null;
}
