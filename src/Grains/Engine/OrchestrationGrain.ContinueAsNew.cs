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
        Inbox.Reload(snapshot?.Inbox ?? []);
    }
}
