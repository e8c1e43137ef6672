using Microsoft.Extensions.DependencyInjection;
using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Workflows;

/// <summary>
/// Waiting for completion is event-driven: the waiter is answered when the instance finishes, also when the grain it
/// waits on is deactivated or its silo dies. The waiters here use a 10-minute fallback slice, far beyond the 30 s
/// response timeout of the test client, so only the instance's own answer (or a release by a deactivating activation)
/// can end a wait within <see cref="Prompt"/>.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CompletionWaitTests(ClusterFixture fixture) : IAsyncLifetime
{
    /// <summary>The fallback slice of the waiters in these tests.</summary>
    private static readonly TimeSpan HugeSlice = TimeSpan.FromMinutes(10);

    /// <summary>What "at once" allows on a busy machine: well below the client's 30 s response timeout and the slice.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(20);

    private WorkflowClient Waiter => new(fixture.Client) { CompletionWaitSlice = HugeSlice };

    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => fixture.EnsureSilosAsync();

    /// <summary>
    /// <c>WaitForGo</c> returns the payload of event <c>Go</c>; <c>ContinueThenWaitForGo</c> continues as new when
    /// <c>next</c> arrives (its first execution) and then returns the payload of <c>Go</c>.
    /// </summary>
    internal static void Register(WorkflowRegistry registry)
    {
        registry.AddOrchestrator("WaitForGo", async ctx => await ctx.WaitForExternalEvent<string>("Go"));
        registry.AddOrchestrator("ContinueThenWaitForGo", async ctx =>
        {
            if (ctx.GetInput<int>() == 1)
            {
                await ctx.WaitForExternalEvent<string>("next");
                ctx.ContinueAsNew(2);
                return null;
            }

            return await ctx.WaitForExternalEvent<string>("Go");
        });
    }

    [Fact]
    public async Task Wait_InstanceFinishes_AnsweredAtOnceNotAtTheFallbackSlice()
    {
        var id = await fixture.Workflows.StartAsync("WaitForGo", null, ClusterTestExtensions.NewId("wait-event"));
        var wait = Waiter.WaitForCompletionAsync(id);

        await fixture.Workflows.RaiseEventAsync(id, "Go", "went");

        var status = await wait.WaitAsync(Prompt);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("went", status.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Wait_WithTimeout_ReturnsTheRunningStatusWhenItPasses_AndNullForAnUnknownInstance()
    {
        var id = await fixture.Workflows.StartAsync("WaitForGo", null, ClusterTestExtensions.NewId("wait-timeout"));

        var running = await Waiter.WaitForCompletionAsync(id, TimeSpan.FromMilliseconds(200)).WaitAsync(Prompt);
        var unknown = await Waiter.WaitForCompletionAsync(ClusterTestExtensions.NewId("wait-unknown"), TimeSpan.FromSeconds(5)).WaitAsync(Prompt);

        Assert.Equal(OrchestrationRuntimeStatus.Running, running!.RuntimeStatus);
        Assert.Null(unknown);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Waiter.WaitForCompletionAsync(id, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkflowClient(fixture.Client) { CompletionWaitSlice = TimeSpan.Zero });
    }

    [Fact]
    public async Task Wait_GrainDeactivated_WaiterReleasedAtOnce_AndTheWaitCarriesOnOnTheNextActivation()
    {
        var id = await fixture.Workflows.StartAsync("WaitForGo", null, ClusterTestExtensions.NewId("wait-deactivate"));
        var grain = fixture.Client.GetGrain<IOrchestrationGrain>(id);

        var slice = grain.WaitForCompletionAsync(HugeSlice);
        await UntilWaitingAsync(id);
        await fixture.ForceDeactivateAsync(grain.GetGrainId()).WaitAsync(Prompt);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await slice.WaitAsync(Prompt))!.RuntimeStatus);

        // A client wait moves to the next activation by itself, across another deactivation.
        var wait = Waiter.WaitForCompletionAsync(id);
        await UntilWaitingAsync(id);
        await fixture.ForceDeactivateAsync(grain.GetGrainId()).WaitAsync(Prompt);
        await fixture.Workflows.RaiseEventAsync(id, "Go", "after deactivation");

        var status = await wait.WaitAsync(Prompt);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("after deactivation", status.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Wait_ContinueAsNew_IsNotTheEnd_TheWaitEndsWithTheNextExecution()
    {
        var id = await fixture.Workflows.StartAsync("ContinueThenWaitForGo", 1, ClusterTestExtensions.NewId("wait-continue"));
        var first = await fixture.Workflows.GetStatusAsync(id);
        var wait = Waiter.WaitForCompletionAsync(id, TimeSpan.FromMinutes(1));

        await fixture.Workflows.RaiseEventAsync(id, "next", "");
        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetStatusAsync(id))?.ExecutionId != first!.ExecutionId, Prompt, "the instance continued as new");
        await fixture.Workflows.RaiseEventAsync(id, "Go", "second execution");

        var status = await wait.WaitAsync(Prompt);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status!.RuntimeStatus);
        Assert.Equal("second execution", status.ReadOutputAs<string>());
        Assert.NotEqual(first!.ExecutionId, status.ExecutionId);
    }

    /// <summary>
    /// Embedded mode (a WorkflowClient inside a silo, as the embedded gateway has): when the instance's silo dies, the
    /// waiting call ends — released by the dying activation, or failed as soon as the silo is declared dead (a silo
    /// breaks its calls to a dead silo) — the wait moves to the instance's new activation and is answered when it
    /// finishes there, well within the huge slice.
    /// </summary>
    [Fact]
    public async Task Wait_SiloHostingTheInstanceKilled_AnsweredWhenTheInstanceFinishesOnAnotherSilo()
    {
        var id = await fixture.Workflows.StartAsync("WaitForGo", null, ClusterTestExtensions.NewId("wait-kill"));
        var host = fixture.FindOrchestrationSilo(id) ?? throw new InvalidOperationException("The instance is not active anywhere.");
        var survivor = fixture.Silos.First(s => !s.SiloAddress.Equals(host.SiloAddress));
        var embedded = new WorkflowClient(survivor.ServiceProvider.GetRequiredService<IGrainFactory>()) { CompletionWaitSlice = HugeSlice };
        var wait = embedded.WaitForCompletionAsync(id);
        await UntilWaitingAsync(id);

        await fixture.KillSiloAsync(host);
        await fixture.Workflows.RaiseEventAsync(id, "Go", "after the kill");

        var status = await wait.WaitAsync(Prompt);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("after the kill", status.ReadOutputAs<string>());
        Assert.NotEqual(host.SiloAddress, fixture.FindOrchestrationSilo(id)?.SiloAddress);
    }

    /// <summary>
    /// Client mode (an external Orleans client, as the gateway in client mode, default slice): the wait survives the
    /// death of the instance's silo and is answered by the new activation. The in-process kill runs part of Orleans'
    /// shutdown, whose deactivations release the waiter at once; after a real <c>kill -9</c> the client is not told,
    /// and its waiting call is abandoned after twice the slice (or at the response timeout) and sent again — hence
    /// the longer bound here.
    /// </summary>
    [Fact]
    public async Task Wait_ExternalClient_SiloHostingTheInstanceKilled_IsAnsweredByTheNewActivation()
    {
        var id = await fixture.Workflows.StartAsync("WaitForGo", null, ClusterTestExtensions.NewId("wait-kill-client"));
        var wait = fixture.Workflows.WaitForCompletionAsync(id);
        await UntilWaitingAsync(id);
        var host = fixture.FindOrchestrationSilo(id) ?? throw new InvalidOperationException("The instance is not active anywhere.");

        await fixture.KillSiloAsync(host);
        await fixture.Workflows.RaiseEventAsync(id, "Go", "after the kill");

        var status = await wait.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("after the kill", status.ReadOutputAs<string>());
    }

    /// <summary>Waits until the instance's activation holds a completion wait.</summary>
    private Task UntilWaitingAsync(string instanceId) => Eventually.UntilAsync(
        () => Task.FromResult(
            fixture.Cluster.TryGetGrainContext(fixture.Client.GetGrain<IOrchestrationGrain>(instanceId).GetGrainId(), out var context)
            && context.GrainInstance is Engine.OrchestrationGrain { CompletionWaiters: > 0 }),
        Prompt,
        $"a completion wait is held by the activation of {instanceId}");
}
