using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Testing.Skipping;

/// <summary>
/// Watches the engine's grain calls (a silo call filter) and store writes (<see cref="ObservedStore"/>): how many calls
/// are being processed, how many clients are waiting for an orchestration to finish, and a generation number that moves
/// with every call and write, so a reader can tell that nothing happened while it looked at the store.
/// </summary>
internal sealed class EngineCalls : IIncomingGrainCallFilter
{
    private static readonly System.Reflection.Assembly Engine = typeof(WorkflowHostingExtensions).Assembly;
    private int _inFlight;
    private int _waiters;
    private long _generation;

    /// <summary>Engine calls being processed, completion waits not counted.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Completion waits (<c>WaitForCompletionAsync</c>) being processed.</summary>
    public int Waiters => Volatile.Read(ref _waiters);

    /// <summary>Moves with every call and store write.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Something changed (a store write).</summary>
    public void Changed() => Interlocked.Increment(ref _generation);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Grain?.GetType().Assembly != Engine)
        {
            await context.Invoke();
            return;
        }

        var isWait = context.InterfaceMethod?.DeclaringType == typeof(IOrchestrationGrain)
            && context.InterfaceMethod.Name == nameof(IOrchestrationGrain.WaitForCompletionAsync);
        Changed();
        _ = isWait ? Interlocked.Increment(ref _waiters) : Interlocked.Increment(ref _inFlight);
        try
        {
            await context.Invoke();
        }
        finally
        {
            _ = isWait ? Interlocked.Decrement(ref _waiters) : Interlocked.Decrement(ref _inFlight);
            Changed();
        }
    }
}
