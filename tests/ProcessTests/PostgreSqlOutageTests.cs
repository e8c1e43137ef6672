using System.Diagnostics;
using Xunit.Abstractions;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// The PostgreSQL server of a 3-silo cluster stops for 10 s in the middle of a mixed load (<see cref="ClusterWorkload"/>)
/// and comes back: no request through the gateway gets a 500 — each one succeeds, or gets 503 with <c>Retry-After</c> —
/// and afterwards every instance completes with its exact output, every counter holds its exact sum and nothing stays
/// Running. Store failures reach the gateway as the engine's own <c>StoreUnavailableException</c>, retried as transient.
/// </summary>
[Collection(PostgreSqlProcessCollection.Name)]
public sealed class PostgreSqlOutageTests(PostgreSqlProcessServer server, ITestOutputHelper output)
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    /// <summary>The database stops once this many signals (30 %) are acknowledged, while the others are in flight.</summary>
    private const int StopAfterSignals = ClusterWorkload.Signals * 3 / 10;

    [Fact]
    public async Task DatabaseStoppedFor10s_UnderLoad_EveryRequestSucceedsOrGets503WithRetryAfter_AndEverythingCompletes()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.StartPostgreSqlAsync(server.Server);
        var workload = new ClusterWorkload("outage", timerSeconds: 20);
        var requests = new RetryingSender(() => cluster.Gateway?.Http);
        await using var poller = new GatewayPoller(cluster.Http, workload.Prefix, tolerateUnavailable: true);
        await using var signals = new BackgroundSignals(workload, () => cluster.Gateway?.Http);
        Log(clock, $"cluster up; sending {ClusterWorkload.Signals} signals in the background, starting {ClusterWorkload.Orchestrations} instances");
        await workload.StartAllAsync(requests);
        await signals.WaitUntilAcknowledgedAsync(StopAfterSignals, TimeSpan.FromSeconds(90));
        var (acknowledged, inFlight) = (signals.Sender.Accepted, signals.Sender.InFlight);
        var pollsBefore = poller.Requests;

        // The outage lasts a time on the clock by design: nothing in the cluster could report its end.
        await server.Server.StopAsync();
        Log(clock, $"database stopped with {acknowledged} of {ClusterWorkload.Signals} signals acknowledged ({inFlight} in flight)");
        await Task.Delay(Outage);
        await server.Server.StartAsync();
        Log(clock, $"database started again; the poller made {poller.Requests - pollsBefore} requests meanwhile; signals so far: {signals.Sender.Summary}");
        Assert.True(acknowledged < ClusterWorkload.Signals, $"every signal was acknowledged before the outage: the sending must span it; {signals.Sender.Summary}");

        await workload.RaiseApprovalsAsync(requests);
        await signals.CompleteAsync();
        Log(clock, $"all {ClusterWorkload.Signals} signals acknowledged: {signals.Sender.Summary}");
        await workload.WaitUntilAllDoneAsync(() => cluster.Http, RunDeadline, () => cluster.Output);
        await poller.StopAsync();
        Log(clock, $"all done; counters {await workload.CountersAsync(cluster.Http)}; starts and events: {requests.Summary}");
        Log(clock, $"the poller made {poller.Requests} requests (slowest {poller.SlowestRequest.TotalSeconds:0.0} s, {poller.Unavailable} answered 503 + Retry-After), started {poller.Started.Count}");

        Assert.True(poller.SlowestRequest > TimeSpan.FromSeconds(2) || poller.Unavailable > 0 || signals.Sender.Retried > 0, "no request felt the outage");
        var outOfContract = poller.Failures.Concat(requests.OutOfContract).Concat(signals.Sender.OutOfContract).ToList();
        Assert.True(outOfContract.Count == 0, $"{outOfContract.Count} answers were neither a success nor 503 + Retry-After:\n{string.Join("\n", outOfContract.Take(20))}");
        await GatewayPoller.WaitUntilPolledInstancesCompleteAsync(workload, cluster.Http);
        await workload.AssertNoneRunningAsync(cluster.Http);
    }

    private void Log(Stopwatch clock, string message) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {message}");
}
