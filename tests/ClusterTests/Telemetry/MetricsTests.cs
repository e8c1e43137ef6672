using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Telemetry;

/// <summary>
/// The engine's metrics move as a known workload says they must: the workload's orchestrations carry names no other
/// test uses, so their counts are exact even though the listener sees the whole process.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MetricsTests(ClusterFixture fixture) : IAsyncLifetime, IDisposable
{
    private readonly MetricLog _metrics = new();

    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => fixture.EnsureSilosAsync();

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public async Task KnownWorkload_CountsStartsEndsActivitiesTimersEpisodesAndCommits()
    {
        var chains = Enumerable.Range(0, 3).Select(_ => ClusterTestExtensions.NewId("metrics-chain")).ToList();
        var failures = Enumerable.Range(0, 2).Select(_ => ClusterTestExtensions.NewId("metrics-fails")).ToList();
        foreach (var id in chains)
        {
            await fixture.Workflows.StartAsync("MetricsChain", null, id);
        }

        foreach (var id in failures)
        {
            await fixture.Workflows.StartAsync("MetricsFails", null, id);
        }

        foreach (var id in chains)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(id)).RuntimeStatus);
        }

        foreach (var id in failures)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.WaitAsync(id)).RuntimeStatus);
        }

        // Counts from committed history: the ends are counted by the commit that a waiter's answer follows.
        Assert.Equal(3, _metrics.Sum("orleansworkflows.instances.started", "name=MetricsChain"));
        Assert.Equal(2, _metrics.Sum("orleansworkflows.instances.started", "name=MetricsFails"));
        Assert.Equal(3, _metrics.Sum("orleansworkflows.instances.ended", "name=MetricsChain", "status=Completed"));
        Assert.Equal(2, _metrics.Sum("orleansworkflows.instances.ended", "name=MetricsFails", "status=Failed"));
        Assert.Equal(0, _metrics.Sum("orleansworkflows.instances.ended", "name=MetricsChain", "status=Failed"));

        // Every activity execution is timed on its worker (at least once each: a lease that expires under load may run
        // one again); the failing ones are counted as failures, each once.
        Assert.True(_metrics.Count("orleansworkflows.activity.duration", "name=MetricsStep", "outcome=completed") >= 6);
        Assert.Equal(0, _metrics.Count("orleansworkflows.activity.duration", "name=MetricsStep", "outcome=failed"));
        var failedRuns = _metrics.Count("orleansworkflows.activity.duration", "name=MetricsFailingStep", "outcome=failed");
        Assert.True(failedRuns >= 2);
        Assert.Equal(failedRuns, _metrics.Sum("orleansworkflows.activity.failures", "name=MetricsFailingStep"));
        Assert.Equal(0, _metrics.Sum("orleansworkflows.activity.failures", "name=MetricsStep"));
        Assert.True(_metrics.Min("orleansworkflows.activity.duration", "name=MetricsStep") >= 0);

        // One timer per chain, its lateness measured once (a 50 ms timer on an idle cluster fires well within 10 s).
        Assert.Equal(3, _metrics.Sum("orleansworkflows.timers.fired", "name=MetricsChain"));
        Assert.Equal(3, _metrics.Count("orleansworkflows.timers.lateness", "name=MetricsChain"));
        Assert.InRange(_metrics.Max("orleansworkflows.timers.lateness", "name=MetricsChain"), 0, 10);

        // A chain takes at least four episodes (its start, two results, the timer), each with its commit.
        Assert.True(_metrics.Count("orleansworkflows.episode.duration", "name=MetricsChain") >= 12);
        Assert.True(_metrics.Count("orleansworkflows.episode.duration", "name=MetricsFails") >= 4);
        Assert.True(_metrics.Count("orleansworkflows.store.commit.duration", "kind=orchestration") >= 16);
        Assert.True(_metrics.Max("orleansworkflows.store.commit.size", "kind=orchestration") >= 3, "a commit writes its history events and consumes its messages");
    }

    [Fact]
    public async Task InstanceLoadedAgain_RecordsItsReplay_AndTheSweepPokesIt()
    {
        var id = ClusterTestExtensions.NewId("metrics-gated");
        var pokesBefore = _metrics.Sum("orleansworkflows.wakesweep.pokes");
        await fixture.Workflows.StartAsync("MetricsGated", null, id);
        await fixture.WaitStartedAsync(TelemetryTestWorkflows.Gate(id));

        // Dropped while its activity runs: its stored wake-up brings the recovery sweep to poke it, and the poke loads it
        // (a replay of its history: ExecutionStarted, the episode's start and the TaskScheduled at least).
        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IOrchestrationGrain>(id).GetGrainId());
        await Eventually.UntilAsync(
            () => _metrics.Sum("orleansworkflows.wakesweep.pokes") > pokesBefore && _metrics.Count("orleansworkflows.replay.length", "name=MetricsGated") >= 1,
            ClusterTestExtensions.Timeout,
            "a sweep poke and the replay it caused");
        Assert.True(_metrics.Min("orleansworkflows.replay.length", "name=MetricsGated") >= 3);

        Gates.Release(TelemetryTestWorkflows.Gate(id));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(id)).RuntimeStatus);
    }

    [Fact]
    public async Task SuspendedInstance_HoldsAnEventInItsInbox_TheBacklogGaugeShowsIt()
    {
        var id = ClusterTestExtensions.NewId("metrics-backlog");
        await fixture.Workflows.StartAsync("Approval", new { TimeoutSeconds = 600 }, id);
        await fixture.Workflows.SuspendAsync(id, "hold");
        await fixture.Workflows.RaiseEventAsync(id, "Approval", true);

        _metrics.Observe();
        Assert.True(_metrics.Last("orleansworkflows.inbox.backlog", "kind=orchestration") >= 1);
        Assert.True(_metrics.Last("orleansworkflows.outbox.backlog", "kind=orchestration") >= 0);
        Assert.True(_metrics.Last("orleansworkflows.inbox.backlog", "kind=entity") >= 0);

        await fixture.Workflows.ResumeAsync(id, "go on");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(id)).RuntimeStatus);
    }
}
