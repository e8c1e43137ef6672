using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Testing;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>
/// The orchestration instance without its grain (or any cluster): a fake host, the in-memory store and the in-process
/// episode runner are enough to start it, deliver to it, see each episode committed, and purge it.
/// </summary>
public sealed class OrchestrationInstanceTests
{
    private const string Id = "instance-1";
    private readonly InMemoryWorkflowStore _store = new();

    [Fact]
    public async Task StartThenEvent_EachEpisodeIsCommitted_AndTheInstanceCompletes()
    {
        var instance = await ActivateAsync(new TestHost(Id));

        var started = await instance.StartAsync(new StartRequest { Name = "Greet", Input = "\"hello\"" });
        Assert.Equal(OperationOutcome.Accepted, started.Outcome);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await _store.GetRecordAsync(Id))!.Status);

        Assert.Equal(OperationResult.Ok, await instance.RaiseEventAsync("name", "\"world\"", requestId: null));
        await instance.Finished.WaitAsync(TimeSpan.FromSeconds(10));

        var record = (await _store.GetRecordAsync(Id))!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, record.Status);
        Assert.Equal("\"hello world\"", record.Output);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.Record!.Status);
        Assert.Equal(record.Version, instance.Record.Version);
    }

    [Fact]
    public async Task Purge_OfAFinishedInstance_DeletesIt_AndDropsTheActivation()
    {
        var host = new TestHost(Id);
        var instance = await ActivateAsync(host);
        await instance.StartAsync(new StartRequest { Name = "Greet", Input = "\"bye\"" });
        await instance.RaiseEventAsync("name", "\"now\"", requestId: null);
        await instance.Finished.WaitAsync(TimeSpan.FromSeconds(10));

        var nobody = new TestHost("nobody");
        var refusedWhileNothingIsThere = await (await ActivateAsync(nobody)).Controls.PurgeAsync(requestId: null);
        var purged = await instance.Controls.PurgeAsync(requestId: null);

        Assert.Equal(OperationOutcome.NotFound, refusedWhileNothingIsThere.Outcome);
        Assert.Equal(OperationResult.Ok, purged);
        Assert.Null(await _store.GetRecordAsync(Id));
        Assert.Null(instance.Record);
        Assert.Equal(1, host.Deactivations);
        Assert.Equal(1, nobody.Deactivations);
    }

    [Fact]
    public async Task Start_OfAnUnknownOrchestration_IsRefused_AndWritesNothing()
    {
        var instance = await ActivateAsync(new TestHost(Id));

        var refused = await instance.StartAsync(new StartRequest { Name = "Nobody" });

        Assert.Equal(OperationOutcome.UnknownOrchestration, refused.Outcome);
        Assert.Null(await _store.GetRecordAsync(Id));
    }

    /// <summary>
    /// Two activations of one instance at once (Orleans' grain directory allows it for a moment while a silo dies): the one
    /// whose commit loses gives up, and the event it appended and acknowledged stays in the store, where a re-delivery would
    /// be refused as a repeat. The recovery sweep's poke (the store keeps the instance due) makes the one that goes on give
    /// up too, and the next activation runs the event.
    /// </summary>
    [Fact]
    public async Task TheSurvivorOfTwoActivations_GivesUpOnThePoke_AndTheNextOneRunsTheEventTheLoserAcknowledged()
    {
        var survivorHost = new TestHost(Id);
        var survivor = await ActivateAsync(survivorHost);
        await survivor.StartAsync(new StartRequest { Name = "Pair", Input = "\"pair\"" });
        var loserHost = new TestHost(Id);
        var loser = await ActivateAsync(loserHost); // the duplicate: loads the instance as it is now
        Assert.Equal(OperationResult.Ok, await survivor.RaiseEventAsync("first", "\"one\"", requestId: "first"));
        await Eventually.UntilAsync(async () => (await _store.GetRecordAsync(Id))!.Version == survivor.Record!.Version && survivor.Record.Version > loser.Record!.Version, TimeSpan.FromSeconds(10), "the survivor's episode for the first event committed");
        await survivor.WakeAsync();
        Assert.Equal(0, survivorHost.Deactivations); // a poke of an activation that holds everything the store holds changes nothing

        Assert.Equal(OperationResult.Ok, await loser.RaiseEventAsync("second", "\"two\"", requestId: "second")); // acknowledged; its episode's commit then conflicts
        await Eventually.UntilAsync(() => loserHost.Deactivations == 1, TimeSpan.FromSeconds(10), "the loser giving up after its commit conflict");
        Assert.Equal(InstanceRecord.DueAtOnce, (await _store.GetRecordAsync(Id))!.WakeAt);
        Assert.Equal(OperationResult.Ok, await survivor.RaiseEventAsync("second", "\"two\"", requestId: "second")); // the client's retry: a repeat, dropped
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await _store.GetRecordAsync(Id))!.Status);

        await survivor.WakeAsync(); // the sweep's poke
        Assert.Equal(1, survivorHost.Deactivations);

        var next = await ActivateAsync(new TestHost(Id));
        await next.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        var record = (await _store.GetRecordAsync(Id))!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, record.Status);
        Assert.Equal("\"pair one two\"", record.Output);
    }

    private async Task<OrchestrationInstance> ActivateAsync(TestHost host)
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Greet", async context =>
            $"{context.GetInput<string>()} {await context.WaitForExternalEvent<string>("name")}")
            .AddOrchestrator("Pair", async context =>
                $"{context.GetInput<string>()} {await context.WaitForExternalEvent<string>("first")} {await context.WaitForExternalEvent<string>("second")}");
        var options = new WorkflowEngineOptions();
        var services = new OrchestrationServices(
            _store, registry, options, TimeProvider.System, new InProcessEpisodeRunner(registry, NullLoggerFactory.Instance), new NoCommitInterceptor(), NullLogger.Instance);
        var reminder = new WakeReminder(new NoGrain(), options, () => DateTime.UtcNow);
        reminder.NoInstance(); // no reminder is registered in these tests (no timer is open): none to look up
        var instance = new OrchestrationInstance(host, services, reminder);
        await instance.ActivateAsync(CancellationToken.None);
        return instance;
    }

    private sealed class TestHost(string instanceId) : IOrchestrationHost
    {
        public string InstanceId => instanceId;

        public IGrainFactory GrainFactory { get; } = DispatchProxy.Create<IGrainFactory, NoGrains>();

        public IServiceProvider Services { get; } = new ServiceCollection().BuildServiceProvider();

        public int Deactivations { get; private set; }

        public IGrainTimer RegisterTimer(Func<Task> callback, GrainTimerCreationOptions options) =>
            throw new NotSupportedException("No timer or activity is open in these tests.");

        public void DeactivateOnIdle() => Deactivations++;

        public void WakeFromOutside() => throw new NotSupportedException("No code awaits outside the context in these tests.");
    }

    /// <summary>The grain factory: never called (nothing is sent to other grains in these tests).</summary>
    public class NoGrains : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new NotSupportedException($"No grain is called in these tests ({targetMethod?.Name}).");
    }

    /// <summary>The reminder's owner: never reached (no timer beyond the precision horizon is open).</summary>
    private sealed class NoGrain : IGrainBase
    {
        public IGrainContext GrainContext => throw new NotSupportedException("No reminder is registered in these tests.");
    }
}
