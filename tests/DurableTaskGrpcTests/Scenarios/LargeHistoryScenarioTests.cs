namespace OrleansWorkflows.DurableTaskGrpcTests.Scenarios;

using OrleansWorkflows.DurableTaskGrpcTests.Harness;

/// <summary>
/// A history larger than a gRPC message may be (5 MB against the worker's default 4 MB receive limit): its past events
/// reach the worker through history streaming, on both backends.
/// </summary>
[Collection(SdkBackendsCollection.Name)]
public sealed class LargeHistoryScenarioTests(SdkBackends backends)
{
    [Fact]
    public async Task FiveMegabyteHistory_IsStreamedToTheWorker_AndTheOrchestrationCompletes()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => OrchestrationScenarioTests.RunAsync(client, "BigHistory", 5, ct));

        Assert.Equal(new Observed("Completed", (5L * 2 * 512 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, null), observed);
    }
}
