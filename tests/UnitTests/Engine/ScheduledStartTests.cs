using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.Engine;
using OrleansWorkflows.History;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>
/// A start with a scheduled time, on the orchestration instance without its grain (fake host, in-memory store, a clock
/// the test moves): Pending and stored with its wake-up until the time, nothing run before it, then run by its grain
/// timer, or, after a restart, by the recovery sweep's poke; a terminate cancels it, other controls are refused.
/// </summary>
public sealed class ScheduledStartTests
{
    private const string Id = "scheduled-1";
    private static readonly DateTime T0 = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly InMemoryWorkflowStore _store = new();
    private readonly ManualClock _clock = new(T0);

    [Fact]
    public async Task ScheduledStart_IsPendingUntilItsTime_ThenItsTimerRunsIt_WithAnEventRaisedMeanwhile()
    {
        var host = new TimerHost(Id);
        var instance = await ActivateAsync(host);
        var at = T0.AddSeconds(30);

        var started = await instance.StartAsync(new StartRequest { Name = "Greet", Input = "\"hello\"", RequestId = "r1", ScheduledStartTime = at });
        var repeated = await instance.StartAsync(new StartRequest { Name = "Greet", Input = "\"hello\"", RequestId = "r1", ScheduledStartTime = at });
        var other = await instance.StartAsync(new StartRequest { Name = "Greet", Input = "\"again\"", RequestId = "r2" });
        Assert.Equal(OperationResult.Ok, await instance.RaiseEventAsync("name", "\"world\"", requestId: null));

        Assert.Equal(OperationOutcome.Accepted, started.Outcome);
        Assert.Equal(started, repeated);
        Assert.Equal(OperationOutcome.AlreadyExists, other.Outcome);
        var pending = (await _store.GetRecordAsync(Id))!;
        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending.Status);
        Assert.Empty(await _store.ReadHistoryAsync(Id));
        Assert.Equal(T0, pending.CreatedAt);
        var timer = Assert.Single(host.Timers);
        Assert.InRange(timer.Options.DueTime, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30.005));

        _clock.Now = at.AddSeconds(-1);
        await timer.Callback(); // early (clock drift): re-armed, nothing runs
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await _store.GetRecordAsync(Id))!.Status);
        Assert.Equal(2, host.Timers.Count);

        _clock.Now = at;
        await host.Timers[^1].Callback();
        await instance.Finished.WaitAsync(TimeSpan.FromSeconds(10));

        var record = (await _store.GetRecordAsync(Id))!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, record.Status);
        Assert.Equal("\"hello world\"", record.Output);
        Assert.Equal(T0, record.CreatedAt);
        Assert.Equal(started.Detail, record.ExecutionId);
        var history = (await _store.ReadHistoryAsync(Id)).Select(HistorySerializer.Deserialize).ToList();
        Assert.Equal(at, Assert.Single(history.OfType<ExecutionStarted>()).Timestamp);
    }

    [Fact]
    public async Task ScheduledStart_SurvivesARestart_AndTheSweepsPokeRunsItOnceDue()
    {
        var at = T0.AddSeconds(40);
        var first = await ActivateAsync(new TimerHost(Id));
        await first.StartAsync(new StartRequest { Name = "Greet", Input = "\"hi\"", ScheduledStartTime = at });
        await first.RaiseEventAsync("name", "\"there\"", requestId: null);

        // A new activation (the silo restarted): still Pending, nothing runs before the time.
        var restarted = await ActivateAsync(new TimerHost(Id));
        await restarted.WakeAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await _store.GetRecordAsync(Id))!.Status);
        Assert.Equal(at, (await _store.GetRecordAsync(Id))!.WakeAt);
        Assert.Empty(await _store.FindDueWakeUpsAsync(at.AddSeconds(-1), 10));
        Assert.Equal([Id], await _store.FindDueWakeUpsAsync(at, 10));

        _clock.Now = at.AddSeconds(5);
        await restarted.WakeAsync();
        await restarted.Finished.WaitAsync(TimeSpan.FromSeconds(10));

        var record = (await _store.GetRecordAsync(Id))!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, record.Status);
        Assert.Equal("\"hi there\"", record.Output);
    }

    [Fact]
    public async Task ScheduledStart_Terminated_NeverRuns_AndOtherControlsAreRefusedUntilItHas()
    {
        var host = new TimerHost(Id);
        var instance = await ActivateAsync(host);
        var at = T0.AddSeconds(20);
        await instance.StartAsync(new StartRequest { Name = "Greet", Input = "\"x\"", ScheduledStartTime = at });

        var suspend = await instance.EnqueueControl(new ControlWork(ControlKind.Suspend, "no", false, null));
        var terminate = await instance.EnqueueControl(new ControlWork(ControlKind.Terminate, "not needed", false, null));
        _clock.Now = at.AddSeconds(1);
        await host.Timers[0].Callback();
        await instance.WakeAsync();

        Assert.Equal(OperationOutcome.NotAllowed, suspend.Outcome);
        Assert.Equal(OperationResult.Ok, terminate);
        var record = (await _store.GetRecordAsync(Id))!;
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, record.Status);
        Assert.Null(record.WakeAt);
        Assert.Empty((await _store.ReadHistoryAsync(Id)).Select(HistorySerializer.Deserialize).OfType<ExecutionStarted>());
        Assert.Null(instance.Starting);
    }

    private async Task<OrchestrationInstance> ActivateAsync(TimerHost host)
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Greet", async context =>
            $"{context.GetInput<string>()} {await context.WaitForExternalEvent<string>("name")}");
        var options = new WorkflowEngineOptions();
        var services = new OrchestrationServices(
            _store, registry, options, _clock, new InProcessEpisodeRunner(registry, NullLoggerFactory.Instance), new NoCommitInterceptor(), NullLogger.Instance);
        var reminder = new WakeReminder(new NoGrain(), options, () => _clock.Now);
        reminder.NoInstance(); // no reminder exists: every scheduled time here is within the precision horizon
        var instance = new OrchestrationInstance(host, services, reminder);
        await instance.ActivateAsync(CancellationToken.None);
        return instance;
    }

    private sealed class ManualClock(DateTime now) : TimeProvider
    {
        public DateTime Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => new(Now);
    }

    /// <summary>A fake grain host that records the grain timers registered (the test fires them).</summary>
    private sealed class TimerHost(string instanceId) : IOrchestrationHost
    {
        public string InstanceId => instanceId;

        public IGrainFactory GrainFactory { get; } = DispatchProxy.Create<IGrainFactory, OrchestrationInstanceTests.NoGrains>();

        public IServiceProvider Services { get; } = new ServiceCollection().BuildServiceProvider();

        public List<(Func<Task> Callback, GrainTimerCreationOptions Options)> Timers { get; } = [];

        public IGrainTimer RegisterTimer(Func<Task> callback, GrainTimerCreationOptions options)
        {
            Timers.Add((callback, options));
            return DispatchProxy.Create<IGrainTimer, InertTimer>();
        }

        public void DeactivateOnIdle()
        {
        }

        public void WakeFromOutside() => throw new NotSupportedException("No code awaits outside the context in these tests.");
    }

    /// <summary>A grain timer handle whose Dispose and Change do nothing (the test fires callbacks itself).</summary>
    public class InertTimer : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => null;
    }

    /// <summary>The reminder's owner: never reached (the scheduled times here are within the precision horizon).</summary>
    private sealed class NoGrain : IGrainBase
    {
        public IGrainContext GrainContext => throw new NotSupportedException("No reminder is registered in these tests.");
    }
}
