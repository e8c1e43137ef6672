using System.Diagnostics;
using OrleansWorkflows.TestSupport;
using Xunit.Abstractions;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// A 2-silo cluster on one Azure Storage account (Azurite, started by the test run): the silos (<c>src/Silo</c>,
/// <c>Storage:Kind=AzureStorage</c>: workflow store, Orleans' Azure reminders, membership and grain storage) and the
/// gateway as a client finding them in the membership table. The samples' mixed load (<see cref="ClusterWorkload"/>)
/// runs while the oldest silo is killed with <c>kill -9</c>: every instance completes with its exact output, every
/// counter holds its exact sum, nothing stays Running.
/// </summary>
[Collection(AzuriteProcessCollection.Name)]
public sealed class AzureStorageCrashTests(AzuriteServer azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task TwoSilos_OldestKilledWhileSignalsAreInFlight_EverythingCompletesExactly()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.StartAzureStorageAsync(azurite, siloCount: 2);
        Assert.Equal(2, await cluster.ActiveSilosAsync());
        var workload = new ClusterWorkload("azure", timerSeconds: 20);
        var requests = new RetryingSender(() => cluster.Gateway?.Http);
        await using var signals = new BackgroundSignals(workload, () => cluster.Gateway?.Http);
        await CrashRun.LoadAsync(cluster, workload, signals, requests, clock, output);

        var acknowledged = signals.Sender.Accepted;
        await cluster.KillSiloAsync(0);
        CrashRun.Log(output, clock, $"killed silo-0 (the oldest) with {acknowledged} of {ClusterWorkload.Signals} signals acknowledged");
        CrashRun.AssertSignalsInFlight(acknowledged, signals);

        await workload.RaiseApprovalsAsync(requests);
        await Eventually.HoldsAsync(async () => (await cluster.ActiveSilosAsync() == 1, "active silos"), TimeSpan.FromSeconds(90), "silo-0 declared dead");
        CrashRun.Log(output, clock, "membership lists 1 active silo");
        await CrashRun.WaitUntilSignalledAsync(signals, clock, output);
        await workload.WaitUntilAllDoneAsync(() => cluster.Http, RunDeadline, () => cluster.Output);
        CrashRun.Log(output, clock, $"all done; counters {await workload.CountersAsync(cluster.Http)}; starts and events: {requests.Summary}");
        await workload.AssertNoneRunningAsync(cluster.Http);
    }
}

/// <summary>The Azure Storage cluster tests run alone: they start Azurite and three processes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AzuriteProcessCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azure Storage cluster processes";
}
