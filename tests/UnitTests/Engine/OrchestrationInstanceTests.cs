using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;
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

    private async Task<OrchestrationInstance> ActivateAsync(TestHost host)
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Greet", async context =>
            $"{context.GetInput<string>()} {await context.WaitForExternalEvent<string>("name")}");
        var options = new WorkflowEngineOptions();
        var services = new OrchestrationServices(
            _store, registry, options, TimeProvider.System, new InProcessEpisodeRunner(registry, NullLoggerFactory.Instance), new NoCommitInterceptor(), NullLogger.Instance);
        var instance = new OrchestrationInstance(host, services, new WakeReminder(new NoGrain(), options, () => DateTime.UtcNow));
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
