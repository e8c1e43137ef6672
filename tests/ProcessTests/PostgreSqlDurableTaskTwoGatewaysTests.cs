using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;
using Dt = Microsoft.DurableTask;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// Several stock gateways of one cluster serving Durable Task SDK workers at once (<see cref="TwoGatewayCluster"/>: two
/// silos, gateways A and B, an app on each and a split app whose work comes from B and whose answers go through A). Work
/// is spread over the workers of both gateways, a completion that reaches the gateway that did not hand out its work
/// item is routed by its token, and a gateway killed mid-run loses nothing: its workers reconnect to the other one and
/// every instance completes exactly once with its exact output.
/// </summary>
[Collection(PostgreSqlProcessCollection.Name)]
public sealed class PostgreSqlDurableTaskTwoGatewaysTests(PostgreSqlProcessServer server, ITestOutputHelper output)
{
    private const int Silos = 2;
    private const int Hellos = 50;
    private const int FanOuts = 5;
    private const int FanOutWidth = 20;
    private const string Hello = """["Hello Tokyo!","Hello Seattle!","Hello London!"]""";
    private const string Gated = """["Hello Tokyo!","Gated Seattle!","Hello London!"]""";

    /// <summary>The sum of the squares of 1..<see cref="FanOutWidth"/>.</summary>
    private const string SumOfSquares = "2870";

    /// <summary>The kill test's: work a silo handed to the dead gateway is asked for again once that call fails (within
    /// Orleans' 30 s response timeout) and the gateway's offer has lapsed (15 s).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(300);

    [Fact]
    public async Task TwoGateways_SpreadTheWorkOverTheWorkersOfBoth_AndRouteACompletionToTheGatewayThatHandedOutItsWork()
    {
        var clock = Stopwatch.StartNew();
        await using var gateways = await TwoGatewayCluster.StartAsync(server.Server, Silos, m => Log(clock, m));
        using var timeout = new CancellationTokenSource(Deadline);

        var expected = await StartBatchAsync(gateways.AppA.Client, "spread", timeout.Token);
        await AssertEachCompletedOnceAsync(gateways, expected, timeout.Token);
        Log(clock, $"{expected.Count} instances completed once; {Did(gateways)}");

        Assert.True(gateways.AppA.ActivityCalls > 0 && gateways.AppA.Episodes > 0, $"gateway A's worker did no work: {Did(gateways)}");
        Assert.True(gateways.AppB.ActivityCalls > 0 && gateways.AppB.Episodes > 0, $"gateway B's worker did no work: {Did(gateways)}");
        Assert.True(gateways.Split.ActivityCalls > 0 && gateways.Split.Episodes > 0, $"the split worker did no work: {Did(gateways)}");

        // Every work item of the split worker came from gateway B and its answer went through gateway A, which routed it
        // to B's hub by its token (an answer not routed would leave its activity call or episode unanswered).
        Assert.True(gateways.Split.Router.CallsTo(gateways.A, "CompleteActivityTask") > 0, "no activity result of the split worker went through gateway A");
        Assert.True(gateways.Split.Router.CallsTo(gateways.A, "CompleteOrchestratorTask") > 0, "no episode answer of the split worker went through gateway A");
    }

    [Fact]
    public async Task GatewayKilledMidRun_ItsWorkersReconnectToTheOther_AndEveryInstanceCompletesOnce()
    {
        var clock = Stopwatch.StartNew();
        await using var gateways = await TwoGatewayCluster.StartAsync(server.Server, Silos, m => Log(clock, m));
        using var timeout = new CancellationTokenSource(Deadline);
        var client = gateways.AppA.Client;

        var gated = await client.ScheduleNewOrchestrationInstanceAsync("SdkHelloGated", input: null, new Dt.StartOrchestrationOptions($"gated-{Guid.NewGuid():N}"), timeout.Token);
        await gateways.AppB.GateEntered.Task.WaitAsync(timeout.Token);
        var expected = await StartBatchAsync(client, "kill", timeout.Token, concurrently: true);
        expected.Add(new Expected(gated, Gated, Activities: 3));
        var connectsBefore = gateways.WorkerConnectsAtA;
        await gateways.GatewayB.KillAsync();
        Log(clock, $"killed gateway B right after every start returned, while its worker ran the gated activity; {Did(gateways)} of {(Hellos * 3) + (FanOuts * FanOutWidth) + 3}");
        gateways.AppB.Gate.TrySetResult();

        await AssertEachCompletedOnceAsync(gateways, expected, timeout.Token);
        Log(clock, $"{expected.Count} instances completed once; {Did(gateways)}; worker connects at A {gateways.WorkerConnectsAtA}");

        // Only AppB serves the gated activity: the call B had handed out was run again after AppB reconnected to A.
        Assert.True(gateways.AppB.GateCalls >= 2, $"the gated activity ran {gateways.AppB.GateCalls} time(s)");
        await Eventually.HoldsAsync(
            () => Task.FromResult((gateways.WorkerConnectsAtA >= connectsBefore + 2, $"{gateways.WorkerConnectsAtA} connects (before the kill {connectsBefore})")),
            TimeSpan.FromSeconds(60),
            "AppB and the split worker reconnecting to gateway A");
    }

    /// <summary>One instance and what it must end with.</summary>
    private sealed record Expected(string Id, string Output, int Activities);

    /// <summary>Starts <see cref="Hellos"/> hello sequences and <see cref="FanOuts"/> fan-outs of <see cref="FanOutWidth"/>,
    /// interleaved: one after the other, or all at once.</summary>
    private static async Task<List<Expected>> StartBatchAsync(DurableTaskClient client, string prefix, CancellationToken cancellationToken, bool concurrently = false)
    {
        var starts = new List<Func<Task<Expected>>>();
        for (var i = 0; i < Hellos; i++)
        {
            var hello = $"{prefix}-hello-{Guid.NewGuid():N}";
            starts.Add(async () => new Expected(await client.ScheduleNewOrchestrationInstanceAsync("SdkHelloCities", input: null, new Dt.StartOrchestrationOptions(hello), cancellationToken), Hello, 3));
            if (i % (Hellos / FanOuts) == 0)
            {
                var fan = $"{prefix}-fan-{Guid.NewGuid():N}";
                starts.Add(async () => new Expected(await client.ScheduleNewOrchestrationInstanceAsync("SdkSumOfSquares", FanOutWidth, new Dt.StartOrchestrationOptions(fan), cancellationToken), SumOfSquares, FanOutWidth));
            }
        }

        if (concurrently)
        {
            return [.. await Task.WhenAll(starts.Select(start => start()))];
        }

        var expected = new List<Expected>();
        foreach (var start in starts)
        {
            expected.Add(await start());
        }

        return expected;
    }

    /// <summary>Each instance completes with its exact output, and its history holds one completion and one result per activity.</summary>
    private static async Task AssertEachCompletedOnceAsync(TwoGatewayCluster gateways, List<Expected> expected, CancellationToken cancellationToken)
    {
        foreach (var (id, result, activities) in expected)
        {
            var done = await gateways.AppA.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);
            Assert.True(done.RuntimeStatus == Dt.Client.OrchestrationRuntimeStatus.Completed, $"{id}: {done.RuntimeStatus} {done.FailureDetails?.ErrorMessage}\n{gateways.Output}");
            Assert.Equal(result, done.SerializedOutput);
            var page = await gateways.Cluster.Http.GetFromJsonAsync<JsonElement>(new Uri($"/runtime/webhooks/durabletask/instances/{id}/history?take=1000", UriKind.Relative), cancellationToken);
            var events = page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventType").GetString()).ToList();
            Assert.Equal(1, events.Count(e => e == "ExecutionCompleted"));
            Assert.Equal(activities, events.Count(e => e == "TaskCompleted"));
        }
    }

    private static string Did(TwoGatewayCluster g) =>
        $"episodes / activity calls: AppA {g.AppA.Episodes} / {g.AppA.ActivityCalls}, AppB {g.AppB.Episodes} / {g.AppB.ActivityCalls}, split {g.Split.Episodes} / {g.Split.ActivityCalls}";

    private void Log(Stopwatch clock, string message) => CrashRun.Log(output, clock, message);
}
