using System.Security.Cryptography;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

internal sealed partial class OrchestrationGrain
{
    /// <summary>A suspended instance keeps received messages buffered (a Failed one its answers kept for a rewind); only
    /// control requests and a start run.</summary>
    private bool HasEpisodeWork => _controls.Count > 0 || _start is not null || _executorNeedsCommit
        || (!HoldsInbox && (_pending.Count > 0 || _inbox.Count > 0));

    private bool _executorNeedsCommit;

    private static string NewExecutionId() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    private OrchestrationExecutor NewExecutor() => new(
        InstanceId,
        name => _registry.CreateOrchestrator(name, ServiceProvider),
        _loggers,
        OnOutsideContinuation);

    /// <summary>Code awaited something non-durable that completed later: wake the grain so the failure is committed.</summary>
    private void OnOutsideContinuation()
    {
        var self = this.AsReference<IOrchestrationGrain>();
        _ = Task.Run(() => self.DeliverAsync(new WorkflowMessage { Kind = WorkflowMessageKind.EventRaised, Name = WakeEventName }));
    }

    private const string WakeEventName = "$ow-wake";

    private void RestoreExecution(IReadOnlyList<string> storedHistory)
    {
        if (_record!.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            // The previous execution ended with continue-as-new; the next one is committed but not yet started.
            _start = new StartWork(_record.Name, _record.Input, _state.Version, null, _record.ParentInstanceId, _state.ParentExecutionId, _state.ParentTaskId)
            {
                ExecutionId = _record.ExecutionId,
            };
            return;
        }

        _executor = NewExecutor();
        var history = storedHistory.Select(HistorySerializer.Deserialize).ToList();
        var replay = _executor.Replay(history);
        if (replay.NewEvents.Count > 0)
        {
            // Replay found a non-determinism error: commit the failure in the next episode.
            _replayFailure = replay.NewEvents;
            _executorNeedsCommit = true;
        }
        else if (_executor.Outcome is { } outcome)
        {
            // History says the execution ended, the record says it runs: never leave it so (its messages would be
            // dropped and its wake-up cleared). The next episode commits the recorded outcome.
            LogOutcomeUnderRunningRecord(InstanceId, outcome.Status, _record.Status);
            _executorNeedsCommit = true;
        }
    }

    private IReadOnlyList<HistoryEvent>? _replayFailure;

    private Task RunStartAsync(StartWork work)
    {
        _start = work;
        EnsurePump();
        return work.Done.Task;
    }

    private void EnsurePump()
    {
        if (_pumpTask is null || _pumpTask.IsCompleted)
        {
            _pumpTask = PumpAsync();
        }
    }

    private async Task PumpAsync()
    {
        // Let deliveries that arrive in the same moment join this episode.
        await Task.Yield();
        while (!_broken && HasEpisodeWork)
        {
            try
            {
                await RunEpisodeAsync();
            }
            catch (Exception ex)
            {
                Break(ex);
            }
        }
    }

    /// <summary>A commit conflict or a store failure: give up this activation; the next call replays from the store.</summary>
    private void Break(Exception ex)
    {
        LogEpisodeAbandoned(ex, InstanceId);
        _broken = true;
        foreach (var p in _pending)
        {
            p.Committed.TrySetException(ex);
        }

        _start?.Done.TrySetException(ex);
        _pending.Clear();
        while (_controls.TryDequeue(out var control))
        {
            control.Done.TrySetException(ex);
        }

        ReleaseWaitersAndDeactivate();
    }

    /// <summary>Drops this activation: waiting callers return at once (and call again, reaching the next activation).</summary>
    private void ReleaseWaitersAndDeactivate()
    {
        _finished.TrySetResult();
        DeactivateOnIdle();
    }

    private async Task RunEpisodeAsync()
    {
        if (_controls.TryPeek(out var control) && !WaitsForNewExecution(control))
        {
            await RunControlEpisodeAsync(control);
            return;
        }

        var now = Now;
        var start = _start;
        var pending = _pending.ToList();
        var inbox = _inbox.ToList();
        var state = _state.Clone();
        var executor = _executor;
        var executionId = start is not null ? start.ExecutionId ?? NewExecutionId() : _record?.ExecutionId;
        var events = new List<HistoryEvent> { new OrchestratorStarted { Timestamp = now } };
        if (start is not null)
        {
            executor = NewExecutor();
            if (_record is null)
            {
                state.SequenceBase = now.Ticks;
            }

            state.ParentExecutionId = start.ParentExecutionId;
            state.ParentTaskId = start.ParentTaskId;
            state.Version = start.Version;
            state.RewoundExecutionIds = null;
            RecordStartRequest(state, start);
            if (start.SenderMessage is var (sender, sequence))
            {
                state.Applied[sender] = Math.Max(state.Applied.GetValueOrDefault(sender), sequence);
            }

            events.Add(new ExecutionStarted(start.Name, executionId!, start.Input)
            {
                Version = start.Version,
                ParentInstanceId = start.ParentInstanceId,
                ParentExecutionId = start.ParentExecutionId,
                ParentTaskId = start.ParentTaskId,
                TraceParent = start.TraceParent,
                Timestamp = now,
            });
        }

        var received = new List<HistoryEvent>();
        foreach (var entry in inbox)
        {
            if (entry.Sender is not null && entry.Sequence > 0 && !state.MarkApplied(entry.Sender, entry.Sequence))
            {
                continue; // applied before: a re-delivery that raced the first copy's commit
            }

            var message = System.Text.Json.JsonSerializer.Deserialize<WorkflowMessage>(entry.MessageJson, WorkflowJson.Options)!;
            var applies = AppliesTo(message, start, executionId!) || (start is null && AnswersRewoundCall(message, state, executor));
            if (applies && ToHistoryEvent(message, now) is { } e)
            {
                // Events carried over by continue-as-new were received before anything else in the inbox.
                (IsCarried(message, start, executionId!) ? events : received).Add(e);
            }
        }

        events.AddRange(received);

        events.AddRange(pending.Where(p => p.ExecutionId == executionId).Select(p => p.Event with { Timestamp = now }));
        var replayFailure = _replayFailure;
        EpisodeResult result;
        if (executor is not null && (start is not null || IsRunning))
        {
            result = executor.RunEpisode(events);
            if (replayFailure is not null)
            {
                result = new EpisodeResult([.. replayFailure], []);
            }
        }
        else
        {
            result = new EpisodeResult([], []);
            executor = null;
        }

        await CommitEpisodeAsync(new EpisodeContext(now, start, pending, inbox, state, executor, executionId!, result));
    }

    private static HistoryEvent? ToHistoryEvent(WorkflowMessage message, DateTime now) => message.Kind switch
    {
        WorkflowMessageKind.EventRaised when message.Name == WakeEventName => null,
        WorkflowMessageKind.EventRaised => new EventRaised(message.Name ?? string.Empty, message.Payload) { Timestamp = now },
        WorkflowMessageKind.SubOrchestrationCompleted => new SubOrchestrationInstanceCompleted(message.TaskId, message.Payload) { Timestamp = now },
        WorkflowMessageKind.SubOrchestrationFailed => new SubOrchestrationInstanceFailed(
            message.TaskId, message.Failure ?? new FailureDetails("Unknown", "The sub-orchestration failed.")) { Timestamp = now },
        WorkflowMessageKind.ActivityCompleted => new TaskCompleted(message.TaskId, message.Payload) { Timestamp = now },
        WorkflowMessageKind.ActivityFailed => new TaskFailed(
            message.TaskId, message.Failure ?? new FailureDetails("Unknown", "The activity failed.")) { Timestamp = now },
        _ => ToEntityHistoryEvent(message, now),
    };

    /// <summary>Everything one episode produced, handed from execution to commit and dispatch.</summary>
    private sealed record EpisodeContext(
        DateTime Now,
        StartWork? Start,
        IReadOnlyList<PendingMessage> Pending,
        IReadOnlyList<InboxEntry> Inbox,
        EngineState State,
        OrchestrationExecutor? Executor,
        string ExecutionId,
        EpisodeResult Result);
}
