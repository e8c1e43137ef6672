using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Continue-as-new keeps what the instance acknowledged: the events the old execution received and did not use are
/// carried into the new one first (see <c>OrchestrationExecutor.CarryUnapplied</c>), then every event accepted since —
/// also while the continue-as-new commit was in flight — in arrival order; and a suspend or resume accepted in that
/// window applies to the new execution, once it has started.
/// </summary>
internal sealed partial class OrchestrationGrain
{
    /// <summary>Inbox entries read back after the last continue-as-new (an append that raced the read adds nothing twice).</summary>
    private HashSet<long> _reloadedInbox = [];

    /// <summary>
    /// Whether <paramref name="message"/> from the inbox is for the execution <paramref name="executionId"/> an episode
    /// runs. A client's event (no sender, no execution) is for whichever execution of the instance runs when it is applied:
    /// one continued as new included, but not a fresh start of a finished instance (it was accepted by the old one).
    /// </summary>
    private static bool AppliesTo(WorkflowMessage message, StartWork? start, string executionId) =>
        message.TargetExecutionId is null
            ? !(start is { ExecutionId: null } && IsClientEvent(message))
            : message.TargetExecutionId == executionId;

    /// <summary>An event carried into execution <paramref name="executionId"/> by the continue-as-new that started it.</summary>
    private static bool IsCarried(WorkflowMessage message, StartWork? start, string executionId) =>
        start is { ExecutionId: not null } && message is { Kind: WorkflowMessageKind.EventRaised, Sender: null } && message.TargetExecutionId == executionId;

    private static bool IsClientEvent(WorkflowMessage message) =>
        message is { Kind: WorkflowMessageKind.EventRaised, Sender: null, TargetExecutionId: null };

    /// <summary>
    /// A suspend or resume that arrives between a continue-as-new and the start of the new execution waits for that
    /// start (which would otherwise run over it): then it is applied to, and recorded in, the new execution.
    /// </summary>
    private bool WaitsForNewExecution(ControlWork control) =>
        control.Kind is ControlKind.Suspend or ControlKind.Resume && _start is { ExecutionId: not null };

    /// <summary>
    /// After a continue-as-new commit: adds the entries it put in the inbox (the carried events, whose ids the store
    /// assigned) to those in memory, keeping entries appended meanwhile, in store order.
    /// </summary>
    private async Task ReloadInboxAsync()
    {
        var snapshot = await _store.LoadAsync(InstanceId);
        var stored = snapshot?.Inbox ?? [];
        var known = _inbox.Select(e => e.Id).ToHashSet();
        _inbox.AddRange(stored.Where(e => !known.Contains(e.Id)));
        _inbox.Sort((a, b) => a.Id.CompareTo(b.Id));
        _reloadedInbox = [.. stored.Select(e => e.Id)];
        SeeInbox(stored);
    }
}
