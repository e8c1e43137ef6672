using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Runs activity calls that no silo registered in-process but a remote worker serves (the Durable Task sidecar
/// protocol). The <see cref="ActivityWorkerGrain"/> asks it for names it cannot run itself and reports the result the
/// same way as for a local activity, so leases and re-dispatch keep remote calls at-least-once too.
/// </summary>
internal interface IRemoteActivityRunner
{
    /// <summary>True when a call of <paramref name="name"/> is to be run remotely.</summary>
    /// <param name="name">The activity name.</param>
    bool Serves(string name);

    /// <summary>Runs the call remotely and returns its result message (<see cref="WorkflowMessageKind.ActivityCompleted"/>
    /// or <see cref="WorkflowMessageKind.ActivityFailed"/>); waits while no worker is connected.</summary>
    /// <param name="request">The call.</param>
    Task<WorkflowMessage> RunAsync(ActivityRequest request);
}

/// <summary>The default: every activity runs in-process.</summary>
internal sealed class NoRemoteActivities : IRemoteActivityRunner
{
    public bool Serves(string name) => false;

    public Task<WorkflowMessage> RunAsync(ActivityRequest request) =>
        throw new InvalidOperationException($"No remote worker runs activity '{request?.Name}'.");
}
