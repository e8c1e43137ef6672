using OrleansWorkflows.Replay;

namespace OrleansWorkflows.Engine;

/// <summary>What the instance's lease and timer parts call back into (see <see cref="IInstanceCallbacks"/>).</summary>
internal sealed partial class OrchestrationInstance
{
    IEnumerable<CreateTimerAction> IInstanceCallbacks.OpenTimers => _executor?.OpenActions.OfType<CreateTimerAction>() ?? [];

    IGrainTimer IInstanceCallbacks.RegisterTimer(Func<Task> callback, GrainTimerCreationOptions options) => _host.RegisterTimer(callback, options);

    void IInstanceCallbacks.CheckLeases() => RedispatchActivities(all: false);

    void IInstanceCallbacks.FireTimer(CreateTimerAction timer) => FireTimer(timer);

    string? IInstanceCallbacks.TraceParentOf(int taskId) => Tracing.TraceParentOf(taskId);
}
