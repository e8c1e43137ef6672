using OrleansWorkflows.ClusterTests.Workflows;

namespace OrleansWorkflows.ClusterTests.Telemetry;

/// <summary>Orchestrations and activities only the telemetry tests use, so their metrics carry names no other test counts.</summary>
internal static class TelemetryTestWorkflows
{
    public static void Register(WorkflowRegistry registry)
    {
        registry.AddActivity<string, string>("MetricsStep", (_, input) => Task.FromResult($"step {input}"));
        registry.AddActivity<string, string>("MetricsFailingStep", (_, input) => throw new InvalidOperationException($"metrics failure {input}"));

        // Two activities, then a 50 ms durable timer.
        registry.AddOrchestrator("MetricsChain", async ctx =>
        {
            var first = await ctx.CallActivityAsync<string>("MetricsStep", "a");
            var second = await ctx.CallActivityAsync<string>("MetricsStep", "b");
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            return $"{first}, {second}";
        });

        // Fails: the activity throws and nothing catches it.
        registry.AddOrchestrator("MetricsFails", async ctx => await ctx.CallActivityAsync<string>("MetricsFailingStep", ctx.InstanceId));

        // One gated step (GatedStep waits on gate "{instance}/1").
        registry.AddOrchestrator("MetricsGated", async ctx => await ctx.CallActivityAsync<string>("GatedStep", $"{ctx.InstanceId}/1"));

        // A timer, an external event, an entity call and a sub-orchestration: one span of each kind.
        registry.AddOrchestrator("TracedSteps", async ctx =>
        {
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            var go = await ctx.WaitForExternalEvent<string>("Go");
            await ctx.CallEntityAsync(new EntityId("Counter", ctx.InstanceId), "Add", 2);
            await ctx.CallSubOrchestratorAsync<string>("Noop", "from parent", $"{ctx.InstanceId}-noop");
            return go;
        });
    }

    /// <summary>Waits until gate <paramref name="gate"/>'s activity started (see <see cref="ClusterTestExtensions.WaitStartedAsync"/>).</summary>
    public static string Gate(string instanceId) => $"{instanceId}/1";
}
