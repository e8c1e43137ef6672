using Microsoft.Extensions.DependencyInjection;
using OrleansWorkflows.ClusterTests.Fixture;

namespace OrleansWorkflows.ClusterTests.Workflows;

/// <summary>Test-only orchestrations and activities (registered on every silo by <see cref="TestRegistrations"/>).</summary>
internal static class TestWorkflows
{
    public static void Register(WorkflowRegistry registry)
    {
        // Activities report to the shared TestProbe under the instance id, and may wait on a gate named "{instance}/{step}".
        registry.AddActivity("GatedStep", sp => new GatedStep(sp.GetRequiredService<TestProbe>(), sp.GetRequiredService<ILocalSiloDetails>()));
        registry.AddActivity<string, string>("AlwaysFails", (_, input) => throw new InvalidOperationException($"failed: {input}"));
        registry.AddActivity("Record", sp => new RecordActivity(sp.GetRequiredService<TestProbe>()));

        registry.AddActivity("FailsUntilFixed", sp => new FailsUntilFixed(sp.GetRequiredService<TestProbe>()));
        registry.AddOrchestrator("Noop", ctx => Task.FromResult<object?>(ctx.GetInput<string>()));
        // What an activity finds in Orleans' request context (see RequestContextTests).
        registry.AddActivity<string?, string[]>("RequestContextKeys", (_, _) => Task.FromResult<string[]>([.. RequestContext.Keys.Order(StringComparer.Ordinal)]));
        registry.AddOrchestrator("ReportsRequestContext", async ctx => await ctx.CallActivityAsync<string[]>("RequestContextKeys"));
        registry.AddOrchestrator("SignalCounterOnce", ctx =>
        {
            ctx.SignalEntity(new EntityId("Counter", ctx.GetInput<string>()!), "add", 1);
            return Task.FromResult<object?>("signaled");
        });
        registry.AddOrchestrator("NeedsFix", async ctx => await ctx.CallActivityAsync<string>("FailsUntilFixed", ctx.InstanceId));
        // After a rewind the re-run fixes the first step, then waits on a gated step ("{id}/after").
        registry.AddOrchestrator("NeedsFixThenGated", async ctx =>
        {
            var fixedStep = await ctx.CallActivityAsync<string>("FailsUntilFixed", ctx.InstanceId);
            return $"{fixedStep}, {await ctx.CallActivityAsync<string>("GatedStep", $"{ctx.InstanceId}/after")}";
        });
        registry.AddOrchestrator("ParentOfNeedsFix", async ctx =>
            await ctx.CallSubOrchestratorAsync<string>("NeedsFix", null, $"{ctx.InstanceId}-child"));
        registry.AddOrchestrator("ParentOfNeedsFixThenGated", async ctx =>
            await ctx.CallSubOrchestratorAsync<string>("NeedsFixThenGated", null, $"{ctx.InstanceId}-child"));
        registry.AddOrchestrator("ParentOfGatedChild", async ctx =>
            string.Join(",", await ctx.CallSubOrchestratorAsync<string[]>("GatedChain", 1, $"{ctx.InstanceId}-child")));
        registry.AddOrchestrator("Throws", (OrchestrationContext _) => Task.FromException<object?>(new InvalidOperationException("always fails")));
        registry.AddOrchestrator("ParentOfThrower", async ctx => await ctx.CallSubOrchestratorAsync<string>("Throws", null, $"{ctx.InstanceId}-child"));
        registry.AddOrchestrator("ParentOfUnknownChild", async ctx => await ctx.CallSubOrchestratorAsync<string>("NoSuchOrchestration"));
        // Starts "Noop" as its child under the instance id given as input (which may be in use).
        registry.AddOrchestrator("ParentOfNamedNoop", async ctx =>
            await ctx.CallSubOrchestratorAsync<string>("Noop", "from parent", ctx.GetInput<string>()));
        registry.AddOrchestrator("ParentOfGatedChildren", async ctx =>
        {
            var a = ctx.CallSubOrchestratorAsync<string[]>("GatedChain", 1, $"{ctx.InstanceId}-a");
            var b = ctx.CallSubOrchestratorAsync<string[]>("GatedChain", 1, $"{ctx.InstanceId}-b");
            await Task.WhenAll(a, b);
            return "both done";
        });

        registry.AddOrchestrator("GatedChain", async ctx =>
        {
            var results = new List<string>();
            for (var i = 1; i <= ctx.GetInput<int>(); i++)
            {
                results.Add(await ctx.CallActivityAsync<string>("GatedStep", $"{ctx.InstanceId}/{i}"));
            }

            return results;
        });

        registry.AddOrchestrator("FailingChild", async ctx =>
        {
            await ctx.CallActivityAsync<string>("AlwaysFails", "child work");
            return "unreachable";
        });

        registry.AddOrchestrator("ParentCatchesChild", async ctx =>
        {
            try
            {
                await ctx.CallSubOrchestratorAsync<string>("FailingChild");
                return "no failure";
            }
            catch (TaskFailedException ex)
            {
                return $"caught {ex.TaskName}: {ex.FailureDetails.InnerFailure?.ErrorMessage}";
            }
        });

        registry.AddOrchestrator("Compensating", async ctx =>
        {
            await ctx.CallActivityAsync<string>("Record", $"{ctx.InstanceId}|debit");
            try
            {
                await ctx.CallActivityAsync<string>("AlwaysFails", "credit");
                return "credited";
            }
            catch (TaskFailedException)
            {
                await ctx.CallActivityAsync<string>("Record", $"{ctx.InstanceId}|refund");
                return "compensated";
            }
        });

        registry.AddOrchestrator("StepThenWait", async ctx =>
        {
            await ctx.CallActivityAsync<string>("GatedStep", $"{ctx.InstanceId}/1");
            return await ctx.WaitForExternalEvent<string>("Go");
        });

        // Execution 1 runs a gated activity and continues as new when "next" arrives; execution 2 runs a gated
        // activity with the same task id (0). A late result of execution 1 must not complete execution 2's task.
        registry.AddOrchestrator("ContinueWhileActivityRuns", async ctx =>
        {
            var generation = ctx.GetInput<int>();
            var work = ctx.CallActivityAsync<string>("GatedStep", $"{ctx.InstanceId}/gen{generation}");
            if (generation > 1)
            {
                return await work;
            }

            var next = ctx.WaitForExternalEvent<string>("next");
            if (await Task.WhenAny(work, next) == next)
            {
                ctx.ContinueAsNew(generation + 1);
                return null;
            }

            return "first execution finished first";
        });
    }

    private sealed class GatedStep(TestProbe probe, ILocalSiloDetails silo) : TaskActivity<string, string>
    {
        public override async Task<string> RunAsync(ActivityContext context, string input)
        {
            probe.Record($"{input}:started", silo.SiloAddress.ToString());
            await Gates.WaitAsync(input);
            probe.Record($"{input}:done", silo.SiloAddress.ToString());
            return $"done {input}";
        }
    }

    /// <summary>Fails until the test opens gate "{key}/fixed"; counts its runs under "{key}:runs".</summary>
    private sealed class FailsUntilFixed(TestProbe probe) : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(ActivityContext context, string input)
        {
            probe.Record($"{input}:runs", context.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var key = input.EndsWith("-child", StringComparison.Ordinal) ? input[..^"-child".Length] : input;
            return Gates.WaitAsync($"{key}/fixed").IsCompleted
                ? Task.FromResult("fixed")
                : throw new InvalidOperationException($"{input} is not fixed yet");
        }
    }

    private sealed class RecordActivity(TestProbe probe) : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(ActivityContext context, string input)
        {
            var parts = input.Split('|');
            probe.Record(parts[0], parts[1]);
            return Task.FromResult(parts[1]);
        }
    }
}
