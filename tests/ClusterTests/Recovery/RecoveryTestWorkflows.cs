namespace OrleansWorkflows.ClusterTests.Recovery;

/// <summary>Test orchestrations of the recovery tests (registered on every silo by <see cref="Fixture.TestRegistrations"/>).</summary>
internal static class RecoveryTestWorkflows
{
    public static void Register(WorkflowRegistry registry)
    {
        // The child is "Noop": it finishes at once with its input as output, which it then owes its parent.
        registry.AddOrchestrator("ParentOfNoop", async ctx =>
            await ctx.CallSubOrchestratorAsync<string>("Noop", $"from {ctx.InstanceId}-child", $"{ctx.InstanceId}-child"));

        // Waits for the event "go" and returns it.
        registry.AddOrchestrator("WaitForLowercaseGo", async ctx => await ctx.WaitForExternalEvent<string>("go"));

        // Holds the lock of Counter(input) until the event "release" comes.
        registry.AddOrchestrator("LockCounterUntilReleased", async ctx =>
        {
            await using (await ctx.LockEntitiesAsync(new EntityId("Counter", ctx.GetInput<string>()!)))
            {
                await ctx.WaitForExternalEvent<string>("release");
            }

            return "released";
        });
    }
}
