namespace OrleansWorkflows;

/// <summary>
/// Base class of a class-based durable entity. Its public instance methods (declared on the derived class) are its
/// operations, matched by name case-insensitively: each takes no parameter or one (deserialized from the JSON input),
/// returns nothing, a result, a <see cref="Task"/>, a <see cref="Task{TResult}"/>, a <see cref="ValueTask"/> or a
/// <see cref="ValueTask{TResult}"/>. The engine creates a new object for every operation (constructor injection works),
/// loads <see cref="State"/> before the call and saves it after; a thrown exception discards the change.
/// Operations on one entity run one at a time, so they need no locking. The built-in operation <c>delete</c> deletes
/// the state unless the class defines its own <c>Delete</c>; setting <see cref="State"/> to <c>null</c> does the same.
/// An operation on a missing entity starts from <see cref="InitializeState"/> and creates the entity only if it
/// leaves the state different from that initial value (so reading a missing entity does not create it).
/// </summary>
/// <typeparam name="TState">The state type (serialized to JSON).</typeparam>
/// <example>
/// <code>
/// public sealed class Counter : TaskEntity&lt;int&gt;
/// {
///     public void Add(int amount) => State += amount;
///     public void Reset() => State = 0;
///     public int Get() => State;
/// }
/// </code>
/// </example>
public abstract class TaskEntity<TState> : ITaskEntity
{
    /// <summary>The entity's state during an operation.</summary>
    public TState State { get; set; } = default!;

    /// <summary>The context of the running operation.</summary>
    protected EntityContext Context { get; private set; } = null!;

    /// <summary>The state of an entity that has none yet (default: <c>default(TState)</c>). Override to start elsewhere.</summary>
    protected virtual TState InitializeState() => default!;

    /// <inheritdoc />
    async Task<object?> ITaskEntity.DispatchAsync(TaskEntityOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Context = operation.Context;
        var method = EntityOperationBinder.Find(GetType(), operation.Name);
        if (method is null)
        {
            if (string.Equals(operation.Name, "delete", StringComparison.OrdinalIgnoreCase))
            {
                operation.State.Delete();
                return null;
            }

            throw new NotSupportedException(
                $"Entity '{operation.Context.Id.Name}' ({GetType().Name}) has no operation '{operation.Name}'. Its operations are: " +
                $"{string.Join(", ", EntityOperationBinder.OperationNames(GetType()).Append("delete"))}.");
        }

        var existed = operation.State.HasState;
        State = existed ? operation.State.Get<TState>()! : InitializeState();
        var result = await EntityOperationBinder.InvokeAsync(this, method, operation);

        // An operation that leaves a missing entity at its initial state (a read) does not create it.
        if (existed || WorkflowJson.Serialize(State) != WorkflowJson.Serialize(InitializeState()))
        {
            operation.State.Set(State);
        }

        return result;
    }
}
