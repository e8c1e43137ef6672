using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.ClusterTests.Fixture;

/// <summary>
/// Records every control call the test cluster's client sends to an orchestration grain (terminate, suspend, resume,
/// rewind, purge) in the <see cref="TestProbe"/> under <c>sent:{instance}:{method}</c>, the moment the attempt leaves the
/// client, so a test can wait until the client has retried a call. Counted where it is sent, not where it is received:
/// the grain is not reentrant, so a retry waits at the grain behind a first attempt that is still held.
/// </summary>
internal sealed class ControlCallSendRecorder(TestProbe probe) : IOutgoingGrainCallFilter
{
    public static string Key(string instanceId, string method) => $"sent:{instanceId}:{method}";

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(IOrchestrationGrain) && ControlCallRecorder.Controls.Contains(context.InterfaceMethod.Name))
        {
            probe.Record(Key(context.TargetId.Key.ToString()!, context.InterfaceMethod.Name), "sent");
        }

        await context.Invoke();
    }
}
