using System.Diagnostics;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>The episode loop: one episode at a time, each a start, the waiting messages, or a control request.</summary>
internal sealed partial class OrchestrationInstance
{
    private async Task RestoreExecutionAsync(IReadOnlyList<string> storedHistory)
    {
        if (_record!.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            // The previous execution ended with continue-as-new; the next one is committed but not yet started.
            _start = NextExecutionStart();
            return;
        }

        if (StoredScheduledStart() is { } scheduled)
        {
            // Pending until its scheduled start: nothing has run yet.
            _start = scheduled;
            return;
        }

        _executor = NewExecutor();
        var history = storedHistory.Select(HistorySerializer.Deserialize).ToList();
        Tracing.Restore(history);
        var replay = await _executor.ReplayAsync(history);
        RecordReplay(history.Count);
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

    /// <summary>The start of the execution a continue-as-new committed (its execution id fixed by that commit).</summary>
    private StartWork NextExecutionStart() =>
        new(_record!.Name, _record.Input, _state.Version, _state.ScheduledTraceParent ?? Tracing.CallerTraceParent, _record.ParentInstanceId, _state.ParentExecutionId, _state.ParentTaskId)
        {
            ExecutionId = _record.ExecutionId,
        };

    private Task RunStartAsync(StartWork work)
    {
        _start = work;
        _pump.Ensure();
        return work.Done.Task;
    }

    /// <summary>One turn of the <see cref="MailboxPump"/>: runs an episode while there is episode work.</summary>
    private async Task<bool> RunNextEpisodeAsync()
    {
        if (!HasEpisodeWork)
        {
            return false;
        }

        await RunEpisodeAsync();
        return true;
    }

    /// <summary>A commit conflict or a store failure: give up this activation; the next call replays from the store.</summary>
    private void OnBreak(Exception ex)
    {
        LogEpisodeAbandoned(ex, InstanceId);
        GiveUp(ex);
    }

    /// <summary>Gives up this activation: what waits for a commit fails with <paramref name="ex"/> (its callers retry), and
    /// the next call replays from the store.</summary>
    private void GiveUp(Exception ex)
    {
        foreach (var p in _pending)
        {
            p.Committed.TrySetException(ex);
        }

        _start?.Done.TrySetException(ex);
        _pending.Clear();
        _controls.FailAll(ex);

        ReleaseWaitersAndDeactivate();
    }

    /// <summary>Drops this activation: waiting callers return at once (and call again, reaching the next activation).</summary>
    private void ReleaseWaitersAndDeactivate()
    {
        _finished.TrySetResult();
        _host.DeactivateOnIdle();
    }

    private async Task RunEpisodeAsync()
    {
        if (_controls.TryPeek(out var control) && !WaitsForNewExecution(control))
        {
            await RunControlEpisodeAsync(control);
            return;
        }

        var began = Stopwatch.GetTimestamp();
        _wokenFromOutside = false; // this episode runs the execution: a wake from here on asks for the next one
        var instance = View();
        // Snapshots (deliveries during the episode add to the live lists); most episodes have no inbox entry to copy.
        var draft = Planner.Prepare(instance, Now, _start, _pending.Count == 0 ? [] : _pending.ToList(), Inbox.Count == 0 ? [] : Inbox.Entries.ToList());
        var executor = draft.StartsExecution ? NewExecutor() : _executor;
        EpisodeResult result;
        if (executor is not null && draft.RunsExecution)
        {
            result = await executor.RunEpisodeAsync(draft.Events);
            if (_replayFailure is { } replayFailure)
            {
                result = new EpisodeResult([.. replayFailure], []);
            }
        }
        else
        {
            result = new EpisodeResult([], []);
            executor = null;
        }

        Tracing.Prepare(result.NewEvents, result.EventWaits, _historyCount);
        var plan = Planner.PlanEpisode(instance, draft, executor, result);
        await CommitPlanAsync(plan, injectFaults: true, () => AfterEpisodeCommit(draft, executor));
        Tracing.Committed();
        RecordEpisode(began);
        await AfterCommitAsync(plan);
    }
}
