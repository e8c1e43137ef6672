using System.Text.Json;
using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Recovery;

/// <summary>
/// A finished instance has decided about every message in its inbox (a finished instance applies none): messages left
/// there (they arrived during its last episode) do not keep it due, and a sweep that finds nothing to do writes nothing.
/// </summary>
[Collection(FaultyStoreCollection.Name)]
public sealed class FinishedInstanceSweepTests(FaultyStoreFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FinishedInstance_WithMessagesLeftInItsInbox_IsNotDueAfterOnePoke_AndLaterSweepsWriteNothing()
    {
        var id = $"finished-{Guid.NewGuid():N}";
        await fixture.Workflows.StartAsync("Noop", "done", id);
        await Eventually.UntilAsync(
            async () => (await fixture.Inner.GetRecordAsync(id))?.Status == OrchestrationRuntimeStatus.Completed,
            Timeout,
            "the instance completed");

        // A message the activation never saw (appended while its last episode committed): the store makes it due.
        var late = JsonSerializer.Serialize(new WorkflowMessage { Kind = WorkflowMessageKind.EventRaised, Name = "late" }, WorkflowJson.Options);
        await fixture.Inner.AppendInboxAsync(id, late, null, 0);
        Assert.NotNull((await fixture.Inner.GetRecordAsync(id))!.WakeAt);

        // Pokes are one-way: the sweep that found it due is followed by one that does not.
        var sweep = fixture.Client.GetGrain<IWakeSweepGrain>(0);
        await Eventually.UntilAsync(async () => (await fixture.Inner.GetRecordAsync(id))!.WakeAt is null, Timeout, "the finished instance is not due");
        var writes = fixture.Store.Writes(id);
        for (var i = 0; i < 3; i++)
        {
            await sweep.SweepAsync();
        }

        Assert.Null((await fixture.Inner.GetRecordAsync(id))!.WakeAt);
        Assert.Equal(writes, fixture.Store.Writes(id));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.Inner.GetRecordAsync(id))!.Status);
    }
}
