using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.DurableTaskGrpcTests.Harness;

/// <summary>
/// Holds one instance's first commit until the test releases it, so a test can make something happen while that
/// episode commits: the store (a <see cref="ForwardingWorkflowStore"/>) parks the commit, and an incoming call filter on
/// the silo reports when a wake-up (<see cref="WorkflowMessageKind.Wake"/>, what a connecting worker sends an instance
/// waiting for one) has been taken in by the instance meanwhile.
/// </summary>
internal sealed class CommitGate(string instanceId) : IIncomingGrainCallFilter
{
    private readonly string _instanceId = instanceId;
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the instance's first commit has reached the store (and waits there).</summary>
    public Task CommitEntered => _entered.Task;

    /// <summary>Completes when the instance has taken in a wake-up delivery.</summary>
    public Task WakeDelivered => _woken.Task;

    /// <summary>Lets the held commit go on.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>The store to give the silo: <paramref name="inner"/> with the instance's first commit held.</summary>
    public IWorkflowStore Wrap(IWorkflowStore inner) => new Store(inner, this);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        if (context.InterfaceMethod?.Name == nameof(IOrchestrationGrain.DeliverAsync) && context.TargetId.Key.ToString() == _instanceId
            && context.Request.GetArgument(0) is WorkflowMessage { Kind: WorkflowMessageKind.Wake })
        {
            _woken.TrySetResult();
        }
    }

    private sealed class Store(IWorkflowStore inner, CommitGate gate) : ForwardingWorkflowStore(inner)
    {
        public override async Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(commit);
            if (commit.Record.InstanceId == gate._instanceId && gate._entered.TrySetResult())
            {
                await gate._released.Task;
            }

            return await Inner.CommitAsync(commit, cancellationToken);
        }
    }
}
