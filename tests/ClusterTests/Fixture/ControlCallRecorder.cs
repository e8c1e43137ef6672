using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.ClusterTests.Fixture;

/// <summary>
/// Records every control call an orchestration grain receives (terminate, suspend, resume, rewind, purge) in the
/// <see cref="TestProbe"/> under <c>call:{instance}:{method}</c>, once the grain has taken it in (the grain method ran
/// up to its first wait), so a test can wait until a call — a suspend accepted while a commit is in flight, say — has
/// reached the instance. A call waiting at the grain behind another (when the grain is not reentrant) is recorded once it runs;
/// to count a client's attempts, see <see cref="ControlCallSendRecorder"/>.
/// </summary>
internal sealed class ControlCallRecorder(TestProbe probe) : IIncomingGrainCallFilter
{
    /// <summary>The control methods of <see cref="IOrchestrationGrain"/>.</summary>
    public static readonly IReadOnlySet<string> Controls = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(IOrchestrationGrain.TerminateAsync), nameof(IOrchestrationGrain.SuspendAsync), nameof(IOrchestrationGrain.ResumeAsync),
        nameof(IOrchestrationGrain.RewindAsync), nameof(IOrchestrationGrain.PurgeAsync),
    };

    public static string Key(string instanceId, string method) => $"call:{instanceId}:{method}";

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType != typeof(IOrchestrationGrain) || !Controls.Contains(context.InterfaceMethod.Name))
        {
            await context.Invoke();
            return;
        }

        var call = context.Invoke();
        probe.Record(Key(context.TargetId.Key.ToString()!, context.InterfaceMethod.Name), "received");
        await call;
    }
}
