using System.Diagnostics;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>The one commit path: every episode and control request is an <see cref="EpisodePlan"/> committed here.</summary>
internal sealed partial class OrchestrationInstance
{
    /// <summary>
    /// Registers the wake-up the plan needs, commits it atomically (history + status + outbox, conditional on the version
    /// read), then, in the same turn, takes the committed state into memory and runs <paramref name="committed"/>. Nothing
    /// is dispatched before the commit succeeds.
    /// </summary>
    private async Task CommitPlanAsync(EpisodePlan plan, bool injectFaults, Action committed)
    {
        await EnsureWakeUpBeforeCommitAsync(plan.HasOpenWork, plan.WakeExecution);
        if (injectFaults && _services.Interceptor.CrashBeforeCommit(InstanceId))
        {
            throw new InstanceReloadingException($"Injected crash before the commit of instance '{InstanceId}'.");
        }

        var began = Stopwatch.GetTimestamp();
        var version = await Store.CommitAsync(plan.Commit);
        RecordCommit(plan.Commit, began);
        _record = plan.Commit.Record with { Version = version };
        _state = plan.State;
        _historyCount = plan.HistoryCountAfter(_historyCount);
        Outbox.Add(plan.Outbox);

        committed();
    }

    /// <summary>An episode committed: its execution, start, consumed inbox entries and pending messages are done.</summary>
    private void AfterEpisodeCommit(EpisodeDraft draft, IEpisodeExecution? executor)
    {
        _executor = executor?.Outcome is null ? executor : null;
        _replayFailure = null;
        _executorNeedsCommit = false;
        var start = draft.Start;
        if (ReferenceEquals(_start, start))
        {
            _start = null;
        }

        if (draft.Inbox.Count > 0)
        {
            Inbox.Remove(draft.Inbox.Select(e => e.Id).ToHashSet());
        }

        _pending.RemoveApplied(draft.Pending);
        if (start is not null)
        {
            if (_finished.Task.IsCompleted)
            {
                // A finished id reused by a new start: waiters wait for the new execution.
                _finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            start.Result = new OperationResult(OperationOutcome.Accepted, _record!.ExecutionId);
            start.Done.TrySetResult();
        }

        foreach (var p in draft.Pending)
        {
            p.Committed.TrySetResult();
        }
    }

    /// <summary>Dispatches what an episode's plan asks for once committed: activities, timers, the outbox; a
    /// continue-as-new queues the next execution's start.</summary>
    private async Task AfterCommitAsync(EpisodePlan plan)
    {
        if (_services.Interceptor.CrashAfterCommit(InstanceId))
        {
            // Simulated process death between commit and dispatch: drop all in-memory state.
            LogInjectedCrash(InstanceId);
            _pump.Stop();
            ReleaseWaitersAndDeactivate();
            return;
        }

        if (plan.Continued)
        {
            // The next execution starts here unless this silo lacks its version (a continue-as-new to another version):
            // then it waits or moves, as an activation of an instance of that version does.
            _start = HoldsForVersion() ? null : NextExecutionStart();
            await ReloadInboxAsync();
        }

        Leases.Dispatch(_record!.ExecutionId, plan.Activities);
        Timers.Arm();
        ResumeDeliveries();
        if (_record.Status.IsTerminal())
        {
            LogCompleted(InstanceId, _record.Name, _record.Status);
            _finished.TrySetResult();
        }

        await RefreshWakeUpAsync();
    }

    /// <summary>
    /// After a continue-as-new commit: adds the entries it put in the inbox (the carried events, whose ids the store
    /// assigned) to those in memory, keeping entries appended meanwhile, in store order.
    /// </summary>
    private async Task ReloadInboxAsync()
    {
        var snapshot = await Store.LoadAsync(InstanceId);
        Inbox.Reload(snapshot?.Inbox ?? []);
    }
}
