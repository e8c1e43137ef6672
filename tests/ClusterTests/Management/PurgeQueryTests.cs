using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Management;

[Collection(ClusterCollection.Name)]
public sealed class PurgeQueryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Query_1000Instances_PagedBy100_ReturnsEachExactlyOnce()
    {
        var prefix = ClusterTestExtensions.NewId("q") + "-";
        var ids = Enumerable.Range(0, 1000).Select(i => $"{prefix}{i:D4}").ToList();
        foreach (var chunk in ids.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(id => fixture.Workflows.StartAsync("Noop", id, id)));
        }

        var seen = new List<string>();
        var query = new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 100, IncludeInputsAndOutputs = true };
        var pages = 0;
        do
        {
            var page = await fixture.Workflows.QueryInstancesAsync(query);
            Assert.All(page.Instances, i => Assert.Equal("Noop", i.Name));
            seen.AddRange(page.Instances.Select(i => i.InstanceId));
            query = query with { ContinuationToken = page.ContinuationToken };
            pages++;
        }
        while (query.ContinuationToken is not null);

        Assert.Equal(10, pages);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(1000, seen.Distinct().Count());
    }

    [Fact]
    public async Task Query_ByStatusAndName_AndABadToken()
    {
        var prefix = ClusterTestExtensions.NewId("qs") + "-";
        await fixture.Workflows.StartAsync("Approval", new { timeoutSeconds = 300 }, prefix + "running");
        await fixture.WaitAsync(await fixture.Workflows.StartAsync("Noop", "n", prefix + "done"));

        var running = await fixture.Workflows.QueryInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Running], Name = "approval",
        });
        Assert.Equal([prefix + "running"], running.Instances.Select(i => i.InstanceId));
        Assert.Null(running.Instances[0].SerializedInput);

        var bad = await Assert.ThrowsAsync<WorkflowClientException>(() =>
            fixture.Workflows.QueryInstancesAsync(new OrchestrationQuery { ContinuationToken = "garbage!" }));
        Assert.Equal(OperationOutcome.InvalidInput, bad.Outcome);
        await fixture.Workflows.TerminateAsync(prefix + "running");
    }

    [Fact]
    public async Task PurgeByFilter_RemovesExactlyTheMatchingInstances()
    {
        var from = DateTime.UtcNow;
        var prefix = ClusterTestExtensions.NewId("purge") + "-";
        var completed = Enumerable.Range(0, 10).Select(i => $"{prefix}ok{i}").ToList();
        await Task.WhenAll(completed.Select(id => fixture.Workflows.StartAsync("Noop", id, id)));
        foreach (var id in completed)
        {
            await fixture.WaitAsync(id);
        }

        var failed = $"{prefix}failed";
        await fixture.Workflows.StartAsync("NeedsFix", null, failed);
        await fixture.WaitAsync(failed);
        var running = $"{prefix}running";
        await fixture.Workflows.StartAsync("Approval", new { timeoutSeconds = 300 }, running);

        var deleted = await fixture.Workflows.PurgeInstancesAsync(new PurgeFilter(from, DateTime.UtcNow.AddSeconds(1), [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Running]));

        Assert.Equal(10, deleted);
        foreach (var id in completed)
        {
            Assert.Null(await fixture.Workflows.GetStatusAsync(id));
        }

        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.Workflows.GetStatusAsync(failed))!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await fixture.Workflows.GetStatusAsync(running))!.RuntimeStatus);
        await fixture.Workflows.TerminateAsync(running);
    }

    [Fact]
    public async Task PurgeInstance_RecursiveRemovesChildren_RunningIsNotAllowed_UnknownIsNotFound()
    {
        var id = ClusterTestExtensions.NewId("purge-tree");
        await fixture.Workflows.StartAsync("ParentOfNeedsFix", null, id);
        await fixture.WaitAsync(id);

        Assert.Equal(2, await fixture.Workflows.PurgeInstanceAsync(id, recursive: true));
        Assert.Null(await fixture.Workflows.GetStatusAsync(id));
        Assert.Null(await fixture.Workflows.GetStatusAsync($"{id}-child"));

        var missing = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.PurgeInstanceAsync(id));
        Assert.Equal(OperationOutcome.NotFound, missing.Outcome);

        var running = await fixture.Workflows.StartAsync("Approval", new { timeoutSeconds = 300 });
        var notAllowed = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.PurgeInstanceAsync(running));
        Assert.Equal(OperationOutcome.NotAllowed, notAllowed.Outcome);
        await fixture.Workflows.TerminateAsync(running);
    }

    [Fact]
    public async Task History_PagedRead_EqualsTheWholeHistory()
    {
        var id = await fixture.Workflows.StartAsync("HelloSequence");
        await fixture.WaitAsync(id);
        var whole = History.HistorySerializer.DeserializeHistory((await fixture.Workflows.GetHistoryAsync(id)).SerializedEvents);

        var paged = new List<History.HistoryEvent>();
        int? skip = 0;
        while (skip is { } from)
        {
            var page = await fixture.Workflows.GetHistoryAsync(id, from, 5);
            paged.AddRange(History.HistorySerializer.DeserializeHistory(page.SerializedEvents));
            skip = page.NextSkip;
        }

        Assert.Equal(12, whole.Count);
        Assert.Equal(whole, paged);
    }
}
