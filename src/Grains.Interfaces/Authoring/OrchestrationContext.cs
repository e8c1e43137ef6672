using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace OrleansWorkflows;

/// <summary>
/// What an orchestration sees of the engine. An orchestration is replayed from its recorded history after every
/// restart or reactivation, so its code must be <b>deterministic</b>:
/// <list type="bullet">
/// <item>use <see cref="CurrentUtcDateTime"/> instead of <c>DateTime.UtcNow</c>, and <see cref="NewGuid"/> instead of <c>Guid.NewGuid()</c>;</item>
/// <item>do I/O, randomness and anything slow in activities, never in the orchestration itself;</item>
/// <item>await only the tasks this context returns (and <c>Task.WhenAll</c>/<c>Task.WhenAny</c> over them): never
/// <c>Task.Delay</c>, <c>Task.Run</c>, <c>ConfigureAwait(false)</c>, HTTP or grain calls. The engine detects most of
/// these and fails the instance with a clear message instead of hanging;</item>
/// <item>do not change the order or names of the activities, timers, events and sub-orchestrations an in-flight
/// instance has already scheduled: on replay the engine compares the code's calls with the history and fails the
/// instance with a non-determinism error naming the sequence number, what history recorded and what the code did.</item>
/// </list>
/// Context members must be called only from the orchestration's own code (its scheduler), one at a time.
/// </summary>
public abstract partial class OrchestrationContext
{
    /// <summary>The instance id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The instance id of the orchestration that started this one as a sub-orchestration, if any.</summary>
    public abstract string? ParentInstanceId { get; }

    /// <summary>The registered name of the running orchestration.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The orchestration version this instance runs, recorded when it started (see
    /// <see cref="WorkflowRegistry.AddOrchestrator(string, string, Func{IServiceProvider, ITaskOrchestrator})"/>); <c>null</c>
    /// for an unversioned instance. It stays the same for the instance's whole life (a continue-as-new keeps it unless
    /// the code asks for another with <see cref="ContinueAsNew(object, ContinueAsNewOptions)"/>), so code shared by
    /// several versions may branch on it.
    /// </summary>
    public virtual string? Version => null;

    /// <summary>True while the engine replays recorded history; false once the code runs past it.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>
    /// The current time, deterministic on replay: the time at which the engine started the current episode.
    /// </summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>The input of this execution, deserialized from JSON.</summary>
    /// <typeparam name="T">The type to deserialize into.</typeparam>
    public abstract T? GetInput<T>();

    /// <summary>
    /// Schedules activity <paramref name="name"/> and returns its result. Activities run at least once: a crash may run
    /// an activity again, so make them idempotent. A failure surfaces as <see cref="TaskFailedException"/>.
    /// </summary>
    /// <typeparam name="TResult">The result type, deserialized from the activity's JSON output.</typeparam>
    /// <param name="name">The registered activity name.</param>
    /// <param name="input">The input, serialized to JSON.</param>
    /// <param name="options">Retry options.</param>
    /// <param name="callerFilePath">Filled in by the compiler: the file of the call (replay reports name it).</param>
    /// <param name="callerLineNumber">Filled in by the compiler: the line of the call.</param>
    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>Schedules activity <paramref name="name"/> and waits for it, ignoring its result.</summary>
    /// <param name="name">The registered activity name.</param>
    /// <param name="input">The input, serialized to JSON.</param>
    /// <param name="options">Retry options.</param>
    /// <param name="callerFilePath">Filled in by the compiler: the file of the call (replay reports name it).</param>
    /// <param name="callerLineNumber">Filled in by the compiler: the line of the call.</param>
    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0) =>
        CallActivityAsync<object?>(name, input, options, callerFilePath, callerLineNumber);

    /// <summary>
    /// Starts orchestration <paramref name="name"/> as a child of this one and returns its output. A failure
    /// surfaces as <see cref="TaskFailedException"/>.
    /// </summary>
    /// <typeparam name="TResult">The output type.</typeparam>
    /// <param name="name">The registered orchestration name.</param>
    /// <param name="input">The input, serialized to JSON.</param>
    /// <param name="instanceId">The child's instance id; by default a deterministic id derived from this instance.</param>
    /// <param name="options">Retry options, and the version to start.</param>
    /// <param name="callerFilePath">Filled in by the compiler: the file of the call (replay reports name it).</param>
    /// <param name="callerLineNumber">Filled in by the compiler: the line of the call.</param>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, string? instanceId = null, TaskOptions? options = null, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>Starts a sub-orchestration and waits for it, ignoring its output.</summary>
    /// <param name="name">The registered orchestration name.</param>
    /// <param name="input">The input.</param>
    /// <param name="instanceId">The child's instance id, or <c>null</c> for a deterministic one.</param>
    /// <param name="options">Retry options, and the version to start.</param>
    /// <param name="callerFilePath">Filled in by the compiler: the file of the call (replay reports name it).</param>
    /// <param name="callerLineNumber">Filled in by the compiler: the line of the call.</param>
    public Task CallSubOrchestratorAsync(string name, object? input = null, string? instanceId = null, TaskOptions? options = null, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0) =>
        CallSubOrchestratorAsync<object?>(name, input, instanceId, options, callerFilePath, callerLineNumber);

    /// <summary>
    /// A durable timer that completes at <paramref name="fireAt"/> (UTC). Timers of any length survive restarts.
    /// Canceling <paramref name="cancellationToken"/> cancels the returned task; the timer's later firing is ignored.
    /// </summary>
    /// <param name="fireAt">When to fire, in UTC.</param>
    /// <param name="cancellationToken">Cancels the timer.</param>
    /// <param name="callerFilePath">Filled in by the compiler: the file of the call (replay reports name it).</param>
    /// <param name="callerLineNumber">Filled in by the compiler: the line of the call.</param>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>A durable timer that completes after <paramref name="delay"/>, measured from <see cref="CurrentUtcDateTime"/>.</summary>
    /// <param name="delay">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the timer.</param>
    /// <param name="callerFilePath">Filled in by the compiler: the file of the call (replay reports name it).</param>
    /// <param name="callerLineNumber">Filled in by the compiler: the line of the call.</param>
    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken, callerFilePath, callerLineNumber);

    /// <summary>
    /// Waits for an external event named <paramref name="eventName"/> (case-insensitive). Events raised before the
    /// wait starts are buffered and delivered in the order received.
    /// </summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="eventName">The event name.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <param name="callerFilePath">Filled in by the compiler: the file of the call (replay reports name it).</param>
    /// <param name="callerLineNumber">Filled in by the compiler: the line of the call.</param>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>
    /// Waits for an external event, or throws <see cref="TimeoutException"/> when a durable timer of
    /// <paramref name="timeout"/> fires first.
    /// </summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="eventName">The event name.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <param name="callerFilePath">Filled in by the compiler: the file of the call (replay reports name it).</param>
    /// <param name="callerLineNumber">Filled in by the compiler: the line of the call.</param>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>Sends an event to another orchestration instance, reliably and in order (one-way).</summary>
    /// <param name="instanceId">The target instance.</param>
    /// <param name="eventName">The event name.</param>
    /// <param name="eventData">The payload, serialized to JSON.</param>
    /// <param name="callerFilePath">Filled in by the compiler: the file of the call (replay reports name it).</param>
    /// <param name="callerLineNumber">Filled in by the compiler: the line of the call.</param>
    public abstract void SendEvent(string instanceId, string eventName, object? eventData, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>
    /// Ends this execution and starts a new one of the same instance with <paramref name="newInput"/> and an empty
    /// history. Return right after calling it; the orchestration's return value is ignored.
    /// </summary>
    /// <param name="newInput">The input of the next execution.</param>
    /// <param name="preserveUnprocessedEvents">True (the default): every external event this execution received and did not
    /// consume — buffered ones, and those that arrived in the same batch after the call — is carried into the next
    /// execution, in arrival order. False: those events are dropped, as in Durable Functions. Either way, events accepted
    /// after this execution ended (also while its end is being committed) go to the next execution.</param>
    public abstract void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents = true);

    /// <summary>
    /// Ends this execution and starts a new one as <see cref="ContinueAsNew(object, bool)"/> does; with
    /// <see cref="ContinueAsNewOptions.NewVersion"/>, the next execution runs that version of the orchestration (which
    /// must be registered) instead of this one's.
    /// </summary>
    /// <param name="newInput">The input of the next execution.</param>
    /// <param name="options">Whether to carry unprocessed events, and the next execution's version.</param>
    public virtual void ContinueAsNew(object? newInput, ContinueAsNewOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.NewVersion is not null)
        {
            throw new NotSupportedException($"{GetType().Name} does not support continuing as a new version.");
        }

        ContinueAsNew(newInput, options.PreserveUnprocessedEvents);
    }

    /// <summary>Sets a JSON-serializable custom status visible in status queries; <c>null</c> clears it.</summary>
    /// <param name="customStatus">The status object.</param>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>A deterministic, replay-safe new GUID (a name-based UUID of the instance, execution and a counter).</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes only when the orchestration is not replaying.</summary>
    /// <param name="categoryName">The log category.</param>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    /// <summary>A logger that writes only when the orchestration is not replaying.</summary>
    /// <typeparam name="T">The type naming the log category.</typeparam>
    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}
