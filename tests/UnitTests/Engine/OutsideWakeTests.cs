using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.Engine;
using OrleansWorkflows.History;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Testing;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>
/// A wake-up from outside (an execution's <c>onOutsideContinuation</c>: a remote worker connected, code awaited something
/// non-durable) always gets an episode, also when it arrives while an episode runs or commits — before, the commit of
/// that episode swallowed it and the instance sat until the recovery sweep, or for good; and the recovery sweep asks an
/// execution again whose last events went unanswered.
/// </summary>
public sealed class OutsideWakeTests
{
    private const string Id = "woken-1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly InMemoryWorkflowStore _store = new();

    [Fact]
    public async Task WakeDuringTheFirstEpisode_GetsAnEpisodeOfItsOwn()
    {
        var execution = new ScriptedExecution { WakeInEpisode = 1 };
        var instance = await ActivateAsync(execution);

        Assert.Equal(OperationOutcome.Accepted, (await instance.StartAsync(new StartRequest { Name = "Remote" })).Outcome);

        await Eventually.UntilAsync(() => execution.Episodes == 2, Timeout, "a second episode for the wake that came during the first");
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await _store.GetRecordAsync(Id))!.Status);
    }

    [Fact]
    public async Task WakeDuringALaterEpisode_GetsAnEpisodeOfItsOwn()
    {
        var execution = new ScriptedExecution { WakeInEpisode = 2 };
        var instance = await ActivateAsync(execution);
        await instance.StartAsync(new StartRequest { Name = "Remote" });

        Assert.Equal(OperationResult.Ok, await instance.RaiseEventAsync("go", null, requestId: null));

        await Eventually.UntilAsync(() => execution.Episodes == 3, Timeout, "a third episode for the wake that came during the second");
    }

    [Fact]
    public async Task SweepPoke_OfAnExecutionThatAsksAgainOnWake_RunsAnEpisode()
    {
        var execution = new ScriptedExecution();
        var instance = await ActivateAsync(execution);
        await instance.StartAsync(new StartRequest { Name = "Remote" });
        Assert.Equal(1, execution.Episodes);

        execution.AsksAgainOnWake = true;
        await instance.WakeAsync();

        await Eventually.UntilAsync(() => execution.Episodes == 2, Timeout, "an episode for the sweep's poke");
    }

    private async Task<OrchestrationInstance> ActivateAsync(ScriptedExecution execution)
    {
        var registry = new WorkflowRegistry();
        var options = new WorkflowEngineOptions();
        var host = new WakingHost(Id);
        var runner = new ScriptedRunner(execution);
        var services = new OrchestrationServices(
            _store, registry, options, TimeProvider.System, runner, new NoCommitInterceptor(), NullLogger.Instance);
        var instance = new OrchestrationInstance(host, services, new WakeReminder(new NoGrain(), options, () => DateTime.UtcNow));
        host.Instance = instance;
        await instance.ActivateAsync(CancellationToken.None);
        return instance;
    }

    /// <summary>Runs every orchestration name (as a remote runner does) with the one scripted execution.</summary>
    private sealed class ScriptedRunner(ScriptedExecution execution) : IEpisodeRunner
    {
        public IEpisodeExecution NewExecution(string instanceId, IServiceProvider services, Action onOutsideContinuation)
        {
            execution.Wake = onOutsideContinuation;
            return execution;
        }

        public bool ServesRemotely(string name) => true;
    }

    /// <summary>An execution that never ends, applies what it is given, and wakes its instance from outside in the chosen episode.</summary>
    private sealed class ScriptedExecution : IEpisodeExecution
    {
        private int _episodes;

        public int WakeInEpisode { get; init; }

        public Action Wake { get; set; } = () => { };

        public int Episodes => Volatile.Read(ref _episodes);

        public bool AsksAgainOnWake { get; set; }

        public ExecutionOutcome? Outcome => null;

        public string? CustomStatus => null;

        public IReadOnlyList<EntityId> HeldEntityLocks => [];

        public IEnumerable<OrchestratorAction> OpenActions => [];

        public ValueTask<EpisodeResult> ReplayAsync(IReadOnlyList<HistoryEvent> history) => ValueTask.FromResult(new EpisodeResult([], []));

        public ValueTask<EpisodeResult> RunEpisodeAsync(IReadOnlyList<HistoryEvent> events)
        {
            if (Interlocked.Increment(ref _episodes) == WakeInEpisode)
            {
                Wake(); // e.g. a worker connected while this episode asked for one and found none
            }

            AsksAgainOnWake = false;
            return ValueTask.FromResult(new EpisodeResult([.. events], []));
        }

        public bool IsOpen<TAction>(int taskId)
            where TAction : OrchestratorAction => false;
    }

    /// <summary>The grain's part: a wake from outside is a wake-up delivery to the instance (made inline here, where the
    /// grain would interleave it).</summary>
    private sealed class WakingHost(string instanceId) : IOrchestrationHost
    {
        public OrchestrationInstance? Instance { get; set; }

        public string InstanceId => instanceId;

        public IGrainFactory GrainFactory { get; } = DispatchProxy.Create<IGrainFactory, OrchestrationInstanceTests.NoGrains>();

        public IServiceProvider Services { get; } = new ServiceCollection().BuildServiceProvider();

        public IGrainTimer RegisterTimer(Func<Task> callback, GrainTimerCreationOptions options) =>
            throw new NotSupportedException("No timer is open in these tests.");

        public void DeactivateOnIdle()
        {
        }

        public void WakeFromOutside() => _ = Instance!.DeliverAsync(WorkflowMessages.Wake());
    }

    private sealed class NoGrain : IGrainBase
    {
        public IGrainContext GrainContext => throw new NotSupportedException("No reminder is registered in these tests.");
    }
}
