using OrleansWorkflows.ClusterTests.Fixture;

namespace OrleansWorkflows.ClusterTests.Workflows;

internal static class ClusterTestExtensions
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<OrchestrationMetadata> WaitAsync(this ClusterFixture fixture, string instanceId)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await fixture.Workflows.WaitForCompletionAsync(instanceId, cts.Token);
    }

    /// <summary>Waits until the gated activity <paramref name="gate"/> has started somewhere; returns the silo it runs on.</summary>
    public static async Task<string> WaitStartedAsync(this ClusterFixture fixture, string gate, int times = 1)
    {
        await Eventually.UntilAsync(() => fixture.Probe.Count($"{gate}:started") >= times, Timeout, $"activity {gate} started {times}x");
        return fixture.Probe.Records($"{gate}:started")[times - 1];
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
