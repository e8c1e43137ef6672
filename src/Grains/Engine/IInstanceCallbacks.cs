using OrleansWorkflows.Replay;

namespace OrleansWorkflows.Engine;

/// <summary>
/// What the timer-driven parts of an orchestration instance (<see cref="ActivityLeases"/>, <see cref="DurableTimers"/>)
/// call back into. One reference per part instead of one delegate per callback: an activation stays small, and every
/// completed instance an activation keeps in memory costs that much less.
/// </summary>
internal interface IInstanceCallbacks
{
    /// <summary>Registers a grain timer of the activation.</summary>
    /// <param name="callback">What the timer runs.</param>
    /// <param name="options">When, and how often.</param>
    IGrainTimer RegisterTimer(Func<Task> callback, GrainTimerCreationOptions options);

    /// <summary>The lease timer ticked: re-sends the open activities whose lease expired.</summary>
    void CheckLeases();

    /// <summary>The timers the running execution has open (none when nothing runs).</summary>
    IEnumerable<CreateTimerAction> OpenTimers { get; }

    /// <summary>Fires one due timer (the owner checks it is still open and not fired yet).</summary>
    /// <param name="timer">The timer.</param>
    void FireTimer(CreateTimerAction timer);

    /// <summary>The <c>traceparent</c> of a step, by its sequence number; <c>null</c> for none.</summary>
    /// <param name="taskId">The step's sequence number.</param>
    string? TraceParentOf(int taskId);
}
