using System.Diagnostics;
using OrleansWorkflows.TestSupport;
using Xunit.Abstractions;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// A 3-silo cluster on PostgreSQL, as real processes, loses silos to <c>kill -9</c> in the middle of a mixed load
/// (<see cref="ClusterWorkload"/>) while its signals are still being sent: every instance still completes with its exact
/// output, every counter holds its exact sum (each signal applied once, retried requests included) and nothing stays
/// Running. One throwaway PostgreSQL server (max_connections 100) serves the class, a schema and a cluster id per test.
/// </summary>
[Collection(PostgreSqlProcessCollection.Name)]
public sealed class PostgreSqlCrashTests(PostgreSqlProcessServer server, ITestOutputHelper output)
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(180);

    /// <summary>How many of the first signals the whole-cluster test sends again at the end.</summary>
    private const int ResentSignals = 2_000;

    // Durable timers: the stores keep each instance's wake-up with its commits (IWakeIndex), so a
    // timer that comes due while its silo is dead or the whole cluster is down fires once the recovery sweep runs again
    // (WholeClusterKilled places the timers inside the outage on purpose); Orleans' reminders are not relied on for it.

    [Fact]
    public async Task OldestSiloKilled_WhileSignalsAreInFlightAndAClientPollsAndStarts_EverythingCompletesExactlyAndTheClientSeesNo5xx()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.StartPostgreSqlAsync(server.Server);
        var workload = new ClusterWorkload("oldest", timerSeconds: 20);
        var requests = new RetryingSender(() => cluster.Gateway?.Http);
        await using var poller = new GatewayPoller(cluster.Http, workload.Prefix);
        await using var signals = new BackgroundSignals(workload, () => cluster.Gateway?.Http);
        await LoadAsync(cluster, workload, signals, requests, clock);

        Assert.True(poller.Requests > 0, "the poller is running");
        var (finished, _) = await workload.FinishedAsync(cluster.Http);
        var (acknowledged, inFlight) = (signals.Sender.Accepted, signals.Sender.InFlight);
        await cluster.KillSiloAsync(0);
        Log(clock, $"killed silo-0 (the oldest) with {acknowledged} of {ClusterWorkload.Signals} signals acknowledged ({inFlight} in flight) and {finished} of {ClusterWorkload.Orchestrations} instances finished");
        AssertSignalsInFlight(acknowledged, signals);

        await workload.RaiseApprovalsAsync(requests);
        await Eventually.HoldsAsync(async () => (await cluster.ActiveSilosAsync() == 2, "active silos"), TimeSpan.FromSeconds(60), "silo-0 declared dead");
        Log(clock, "membership lists 2 active silos");
        await WaitUntilSignalledAsync(signals, clock);
        await workload.WaitUntilAllDoneAsync(() => cluster.Http, RunDeadline, () => cluster.Output);
        await poller.StopAsync();
        Log(clock, $"all done; counters {await workload.CountersAsync(cluster.Http)}; starts and events: {requests.Summary}");
        Log(clock, $"the poller made {poller.Requests} requests (slowest {poller.SlowestRequest.TotalSeconds:0.0} s), started {poller.Started.Count}");

        Assert.True(poller.Failures.Count == 0, $"the client saw {poller.Failures.Count} failures:\n{string.Join("\n", poller.Failures.Take(20))}");
        await GatewayPoller.WaitUntilPolledInstancesCompleteAsync(workload, cluster.Http);
        await workload.AssertNoneRunningAsync(cluster.Http);
    }

    [Fact]
    public async Task WholeClusterKilled_WhileSignalsAreInFlight_AndStartedAgain_EverythingCompletesExactly()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.StartPostgreSqlAsync(server.Server);
        var workload = new ClusterWorkload("restart", timerSeconds: 30);
        var requests = new RetryingSender(() => cluster.Gateway?.Http);
        await using var signals = new BackgroundSignals(workload, () => cluster.Gateway?.Http);
        var allStarted = await LoadAsync(cluster, workload, signals, requests, clock);

        var (finished, timedOut) = await workload.FinishedAsync(cluster.Http);
        var (acknowledged, inFlight) = (signals.Sender.Accepted, signals.Sender.InFlight);
        await cluster.KillAllAsync();
        Log(clock, $"killed all silos and the gateway with {acknowledged} of {ClusterWorkload.Signals} signals acknowledged ({inFlight} in flight) and {finished} of {ClusterWorkload.Orchestrations} instances finished");
        AssertSignalsInFlight(acknowledged, signals);

        // The timed-out approvals' durable timers come due while the cluster is down: it stays down until their
        // timeout has passed since the last start (2 s more for the instances' first step), then the stored wake-ups
        // fire them. This waits for a time on the clock, not for a state: nothing runs that could report it.
        var timersDue = allStarted + TimeSpan.FromSeconds(workload.TimerSeconds + 2);
        if (timersDue > clock.Elapsed)
        {
            await Task.Delay(timersDue - clock.Elapsed);
        }

        Log(clock, $"the approvals' timers are due ({timedOut} of {workload.TimedOutApprovals} had timed out before the kill); starting the cluster again");
        await cluster.StartSilosAsync([.. Enumerable.Range(0, cluster.SiloCount)]);
        await cluster.StartGatewayAsync();
        Log(clock, $"cluster started again; signals so far: {signals.Sender.Summary}");
        await workload.RaiseApprovalsAsync(requests);
        await WaitUntilSignalledAsync(signals, clock);
        Assert.True(signals.Sender.Retried > 0, $"no signal request was interrupted by the outage and retried: {signals.Sender.Summary}");
        await workload.WaitUntilAllDoneAsync(() => cluster.Http, RunDeadline, () => cluster.Output);
        Log(clock, $"all done; counters {await workload.CountersAsync(cluster.Http)}; starts and events: {requests.Summary}");
        await workload.AssertNoneRunningAsync(cluster.Http);

        // Request ids are remembered by the store (a window of 15 minutes), not by how recent they are: the first
        // signals, sent again after 10,000 others and a restart of everything, still count once.
        await workload.SignalAgainAsync(requests, ResentSignals);
        await Eventually.HoldsAsync(
            async () =>
            {
                var counters = await Task.WhenAll(Enumerable.Range(0, ClusterWorkload.Counters).Select(c => workload.CounterAsync(cluster.Http, c)));
                return (counters.All(c => c > ClusterWorkload.Signals / ClusterWorkload.Counters), string.Join(", ", counters));
            },
            TimeSpan.FromSeconds(60),
            "each counter's marker signal applied");
        Log(clock, $"sent the first {ResentSignals} signals again with their request ids, then one marker per counter: counters {await workload.CountersAsync(cluster.Http)}");
        foreach (var counter in Enumerable.Range(0, ClusterWorkload.Counters))
        {
            Assert.Equal(ClusterWorkload.Signals / ClusterWorkload.Counters + 1, await workload.CounterAsync(cluster.Http, counter));
        }
    }

    private Task<TimeSpan> LoadAsync(ProcessCluster cluster, ClusterWorkload workload, BackgroundSignals signals, RetryingSender requests, Stopwatch clock) =>
        CrashRun.LoadAsync(cluster, workload, signals, requests, clock, output);

    private static void AssertSignalsInFlight(int acknowledgedAtKill, BackgroundSignals signals) => CrashRun.AssertSignalsInFlight(acknowledgedAtKill, signals);

    private Task WaitUntilSignalledAsync(BackgroundSignals signals, Stopwatch clock) => CrashRun.WaitUntilSignalledAsync(signals, clock, output);

    private void Log(Stopwatch clock, string message) => CrashRun.Log(output, clock, message);
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
