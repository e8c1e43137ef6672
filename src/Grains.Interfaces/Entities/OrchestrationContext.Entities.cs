using System.Runtime.CompilerServices;

namespace OrleansWorkflows;

public abstract partial class OrchestrationContext
{
    /// <summary>
    /// Calls an entity operation and returns its result. The call and its answer are durable messages: the entity
    /// runs the operation once, in order with this orchestration's other messages to it. A failing operation (its
    /// state change rolled back) surfaces as <see cref="TaskFailedException"/>. Inside a critical section only locked
    /// entities may be called, one call per entity at a time.
    /// </summary>
    /// <typeparam name="TResult">The result type, deserialized from the operation's JSON result.</typeparam>
    /// <param name="entity">The entity.</param>
    /// <param name="operationName">The operation name.</param>
    /// <param name="input">The input, serialized to JSON.</param>
    /// <param name="callerFilePath">Filled in by the compiler: the file of the call (replay reports name it).</param>
    /// <param name="callerLineNumber">Filled in by the compiler: the line of the call.</param>
    public abstract Task<TResult> CallEntityAsync<TResult>(EntityId entity, string operationName, object? input = null, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>Calls an entity operation and waits for it, ignoring its result (see <see cref="CallEntityAsync{TResult}"/>).</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="operationName">The operation name.</param>
    /// <param name="input">The input, serialized to JSON.</param>
    /// <param name="callerFilePath">Filled in by the compiler: the file of the call (replay reports name it).</param>
    /// <param name="callerLineNumber">Filled in by the compiler: the line of the call.</param>
    public Task CallEntityAsync(EntityId entity, string operationName, object? input = null, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0) =>
        CallEntityAsync<object?>(entity, operationName, input, callerFilePath, callerLineNumber);

    /// <summary>
    /// Sends a one-way operation to an entity: delivered reliably, exactly once and in order with this
    /// orchestration's other messages to that entity. A failure of the operation is not reported back.
    /// </summary>
    /// <param name="entity">The entity.</param>
    /// <param name="operationName">The operation name.</param>
    /// <param name="input">The input, serialized to JSON.</param>
    /// <param name="callerFilePath">Filled in by the compiler: the file of the call (replay reports name it).</param>
    /// <param name="callerLineNumber">Filled in by the compiler: the line of the call.</param>
    public abstract void SignalEntity(EntityId entity, string operationName, object? input = null, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>
    /// Starts a critical section: locks <paramref name="entities"/> (one at a time, in a fixed global order, so two
    /// orchestrations locking overlapping sets cannot deadlock) and returns once all are locked. While locked, other
    /// callers' operations on these entities wait. Dispose the returned handle to end the section; locks still held
    /// when the orchestration completes or fails are released then. Inside a section: call only locked entities (one
    /// call per entity at a time), signal any, start no sub-orchestrations and no nested section.
    /// </summary>
    /// <param name="entities">The entities to lock (at least one; duplicates are ignored).</param>
    /// <returns>The lock handle (<see cref="IDisposable"/> too): disposing it releases the locks.</returns>
    /// <example><code>
    /// await using (await context.LockEntitiesAsync(from, to))
    /// {
    ///     var balance = await context.CallEntityAsync&lt;int&gt;(from, "balance");
    ///     ...
    /// }
    /// </code></example>
    public abstract Task<IAsyncDisposable> LockEntitiesAsync(params EntityId[] entities);

    /// <summary>True inside a critical section (between <see cref="LockEntitiesAsync"/> and disposing its handle).</summary>
    public abstract bool IsInCriticalSection { get; }
}
