using System.Diagnostics;
using Orleans.Runtime.Diagnostics;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Tells an <see cref="OrchestrationGrain"/> the moment its activation starts deactivating. Orleans deactivates an
/// activation only after its running requests return, and calls <c>OnDeactivateAsync</c> only then, so a completion
/// waiter (a long call) would hold a deactivation — a silo shutdown, a forced deactivation, a migration — until its
/// wait ends. Orleans publishes the start of every deactivation on its grain-lifecycle diagnostic listener
/// (<see cref="GrainLifecycleEvents"/>); one process-wide subscription to that event releases the grain's waiters, who
/// ask again and reach the next activation.
/// </summary>
internal sealed class DeactivationSignal : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly DeactivationSignal Instance = new();
    private static int _subscribed;

    private DeactivationSignal()
    {
    }

    /// <summary>Subscribes once per process (idempotent, cheap after the first call).</summary>
    public static void EnsureSubscribed()
    {
        if (Volatile.Read(ref _subscribed) == 0 && Interlocked.Exchange(ref _subscribed, 1) == 0)
        {
            // Kept for the life of the process, like the listener it observes.
            _ = DiagnosticListener.AllListeners.Subscribe(Instance);
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == GrainLifecycleEvents.ListenerName)
        {
            _ = value.Subscribe(this, name => name == nameof(GrainLifecycleEvents.Deactivating));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is GrainLifecycleEvents.Deactivating { GrainContext.GrainInstance: OrchestrationGrain grain })
        {
            grain.OnDeactivating();
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }
}
