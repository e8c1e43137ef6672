using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>What the planner reads of the instance as this activation holds it (the last commit).</summary>
/// <param name="Record">The stored record; <c>null</c> when there is no instance.</param>
/// <param name="State">The engine state as committed (the planner works on a copy).</param>
/// <param name="HistoryCount">History events stored for the current execution.</param>
/// <param name="Undelivered">Outbox entries committed and not yet acknowledged.</param>
/// <param name="InboxSeen">The highest inbox entry id this activation knows of.</param>
/// <param name="Execution">The running execution, if any.</param>
internal sealed record InstanceView(
    InstanceRecord? Record, EngineState State, int HistoryCount, int Undelivered, long InboxSeen, IExecutionView? Execution)
{
    public bool IsRunning => Record is { } r && !r.Status.IsTerminal();
}

/// <summary>
/// An episode's input, decided before the orchestrator runs: the start (if any), the messages it consumes, the
/// bookkeeping they change, the execution they are for and the history events the orchestrator is given, in order.
/// </summary>
internal sealed record EpisodeDraft(
    DateTime Now,
    StartWork? Start,
    IReadOnlyList<PendingMessage> Pending,
    IReadOnlyList<InboxEntry> Inbox,
    EngineState State,
    string ExecutionId,
    IReadOnlyList<HistoryEvent> Events)
{
    /// <summary>The episode starts a new execution (a fresh executor runs it).</summary>
    public bool StartsExecution => Start is not null;

    /// <summary>An executor runs this episode: a start, or a running instance. Otherwise the episode only consumes
    /// messages (the instance finished: they apply to nothing).</summary>
    public bool RunsExecution { get; init; }
}

/// <summary>
/// One commit and what follows it: the store write (history, status, inbox consumed, outbox added, conditional on the
/// version read), the engine state it records, the outbox entries to send once it succeeded, the activities to dispatch,
/// and what the durable wake-up registered before the write must cover.
/// </summary>
internal sealed record EpisodePlan(InstanceCommit Commit, EngineState State, IReadOnlyList<OutboxEntry> Outbox)
{
    /// <summary>Work remains outstanding after the commit (a wake-up must exist before it is written).</summary>
    public bool HasOpenWork { get; init; }

    /// <summary>The execution the wake-up registered before the commit looks at (its open timers).</summary>
    public IExecutionView? WakeExecution { get; init; }

    /// <summary>Activities to send once the commit succeeded.</summary>
    public IReadOnlyList<ScheduleActivityAction> Activities { get; init; } = [];

    /// <summary>The execution ended with continue-as-new: the next one is committed and starts in the next episode.</summary>
    public bool Continued { get; init; }

    /// <summary>The history events stored for the current execution after the commit.</summary>
    public int HistoryCountAfter(int before) => Commit.ReplaceHistory ? Commit.AppendHistory.Count : before + Commit.AppendHistory.Count;
}

/// <summary>A rewound execution, replayed over its stored history and <see cref="EpisodePlanner.RewindOpening"/>.</summary>
/// <param name="ExecutionId">The new execution id.</param>
/// <param name="Execution">The replayed execution.</param>
/// <param name="NewEvents">Events the replay added (a failure found at once).</param>
internal sealed record RewindRun(string ExecutionId, IExecutionView Execution, IReadOnlyList<HistoryEvent> NewEvents);
