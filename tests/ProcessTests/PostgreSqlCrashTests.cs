using System.Diagnostics;
using OrleansWorkflows.TestSupport;
using Xunit.Abstractions;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// A 3-silo cluster on PostgreSQL, as real processes, loses silos to <c>kill -9</c> in the middle of a mixed load
/// (<see cref="ClusterWorkload"/>): every instance still completes with its exact output, every counter holds its exact
/// sum and nothing stays Running. One throwaway PostgreSQL server (max_connections 100) serves the class, a schema and
/// a cluster id per test.
/// </summary>
[Collection(PostgreSqlProcessCollection.Name)]
public sealed class PostgreSqlCrashTests(PostgreSqlProcessServer server, ITestOutputHelper output)
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(180);

    // Durable timers: the stores keep each instance's wake-up with its commits (IWorkflowStore.SupportsWakeUps), so a
    // timer that comes due while its silo is dead or the whole cluster is down fires once the recovery sweep runs again
    // (WholeClusterKilled places the timers inside the outage on purpose); Orleans' reminders are not relied on for it.

    [Fact]
    public async Task OldestSiloKilled_WhileAClientPollsAndStarts_EverythingCompletesExactlyAndTheClientSeesNo5xx()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await PostgreSqlCluster.StartAsync(server.Server);
        var workload = new ClusterWorkload("oldest", timerSeconds: 20);
        await using var poller = new GatewayPoller(cluster.Http, workload.Prefix);
        await LoadAsync(cluster, workload, clock);

        Assert.True(poller.Requests > 0, "the poller is running");
        var finished = await workload.FinishedAsync(cluster.Http);
        await cluster.KillSiloAsync(0);
        Log(clock, $"killed silo-0 (the oldest) with {finished} of {ClusterWorkload.Orchestrations} instances finished");

        await workload.RaiseApprovalsAsync(cluster.Http);
        await Eventually.HoldsAsync(async () => (await cluster.ActiveSilosAsync() == 2, "active silos"), TimeSpan.FromSeconds(60), "silo-0 declared dead");
        Log(clock, "membership lists 2 active silos");
        await workload.WaitUntilAllDoneAsync(() => cluster.Http, RunDeadline, () => cluster.Output);
        await poller.StopAsync();
        Log(clock, $"all done; the poller made {poller.Requests} requests (slowest {poller.SlowestRequest.TotalSeconds:0.0} s), started {poller.Started.Count}");

        Assert.True(poller.Failures.Count == 0, $"the client saw {poller.Failures.Count} failures:\n{string.Join("\n", poller.Failures.Take(20))}");
        await WaitUntilPollerInstancesCompleteAsync(cluster, workload);
        await workload.AssertNoneRunningAsync(cluster.Http);
    }

    [Fact]
    public async Task WholeClusterKilled_AndStartedAgain_EverythingCompletesExactly()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await PostgreSqlCluster.StartAsync(server.Server);
        // The timed-out approvals' timers come due while the cluster is down (the restart takes ~60 s).
        var workload = new ClusterWorkload("restart", timerSeconds: 40);
        await LoadAsync(cluster, workload, clock);

        var finished = await workload.FinishedAsync(cluster.Http);
        await cluster.KillAllAsync();
        Log(clock, $"killed all silos and the gateway with {finished} of {ClusterWorkload.Orchestrations} instances finished");

        await cluster.StartSilosAsync([.. Enumerable.Range(0, PostgreSqlCluster.SiloCount)]);
        await cluster.StartGatewayAsync();
        Log(clock, "cluster started again");
        await workload.RaiseApprovalsAsync(cluster.Http);
        await workload.WaitUntilAllDoneAsync(() => cluster.Http, RunDeadline, () => cluster.Output);
        Log(clock, "all done");
        await workload.AssertNoneRunningAsync(cluster.Http);
    }

    /// <summary>
    /// Sends every signal, then starts every instance: the silos are still working through both when this returns.
    /// Client signals are at-least-once when their call is retried (WorkflowClient), so for an exact count every signal is
    /// acknowledged (durably in its counter's inbox) before a silo dies; the counters apply them across the crash.
    /// </summary>
    private async Task LoadAsync(PostgreSqlCluster cluster, ClusterWorkload workload, Stopwatch clock)
    {
        Log(clock, "cluster up");
        await workload.SignalAllAsync(cluster.Http);
        Log(clock, $"{ClusterWorkload.Signals} signals acknowledged");
        await workload.StartAllAsync(cluster.Http);
        Log(clock, $"{ClusterWorkload.Orchestrations} instances started; counters now {string.Join(", ", await Task.WhenAll(Enumerable.Range(0, ClusterWorkload.Counters).Select(c => workload.CounterAsync(cluster.Http, c))))}");
    }

    private static async Task WaitUntilPollerInstancesCompleteAsync(PostgreSqlCluster cluster, ClusterWorkload workload) =>
        await Eventually.HoldsAsync(
            async () =>
            {
                var listed = await workload.ListAsync(cluster.Http);
                var polls = listed.Where(l => l.Key.Contains("-poll-", StringComparison.Ordinal)).ToList();
                var wrong = polls.Count(p => p.Value != ("Completed", """["Hello Tokyo!","Hello Seattle!","Hello London!"]"""));
                return (wrong == 0, $"{wrong} of {polls.Count} poller instances not completed with their output");
            },
            TimeSpan.FromSeconds(60),
            "the poller's instances completing");

    private void Log(Stopwatch clock, string message) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {message}");
}

/// <summary>The throwaway PostgreSQL server of the crash tests, with PostgreSQL's default max_connections (100).</summary>
public sealed class PostgreSqlProcessServer : IAsyncLifetime
{
    public PostgreSqlServer Server { get; } = new() { MaxConnections = 100 };

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}

/// <summary>The crash tests run alone: they start a database server and four processes each.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgreSqlProcessCollection : ICollectionFixture<PostgreSqlProcessServer>
{
    public const string Name = "PostgreSQL cluster processes";
}
