namespace OrleansWorkflows.DurableTaskGrpcTests.Scenarios;

using Microsoft.DurableTask.Client;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;

/// <summary>
/// Purge by filter on fresh backends of its own: the oracle's in-memory store purges every instance of the chosen
/// statuses whatever their creation time, so only stores that hold this test's instances alone can be compared.
/// </summary>
public sealed class PurgeByFilterScenarioTests
{
    [Fact]
    public async Task Purge_ByFilter_RemovesTheFinishedInstancesItSelects()
    {
        await using var backends = await SdkBackends.StartAsync();
        var observed = await backends.SameOnBothAsync(async (client, ct) =>
        {
            var from = DateTimeOffset.UtcNow.AddSeconds(-1);
            var ids = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                ids.Add(await client.ScheduleNewOrchestrationInstanceAsync("HelloSequence", cancellation: ct));
            }

            foreach (var id in ids)
            {
                await client.WaitForInstanceCompletionAsync(id, ct);
            }

            var purged = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(from, null, [OrchestrationRuntimeStatus.Completed]), ct);
            var left = 0;
            foreach (var id in ids)
            {
                left += await client.GetInstanceAsync(id, ct) is null ? 0 : 1;
            }

            return $"purged={purged.PurgedInstanceCount} left={left}";
        });

        Assert.Equal("purged=3 left=0", observed);
    }
}
