using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.ClusterTests.Fixture;

/// <summary>
/// Records every control call an orchestration grain receives (terminate, suspend, resume, rewind, purge) in the
/// <see cref="TestProbe"/> under <c>call:{instance}:{method}</c>, once the grain has taken it in (the grain method ran
/// up to its first wait), so a test can wait until a call — a client's retry, say — has reached the instance.
/// </summary>
internal sealed class ControlCallRecorder(TestProbe probe) : IIncomingGrainCallFilter
{
    private static readonly HashSet<string> Controls =
    [
        nameof(IOrchestrationGrain.TerminateAsync), nameof(IOrchestrationGrain.SuspendAsync), nameof(IOrchestrationGrain.ResumeAsync),
        nameof(IOrchestrationGrain.RewindAsync), nameof(IOrchestrationGrain.PurgeAsync),
    ];

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
