using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Recovery;

/// <summary>
/// A finished instance whose outgoing messages are not delivered yet (a child's result to its parent) is not purged,
/// by a user or by retention, until they are: purging it would drop the message and leave the parent waiting forever.
/// </summary>
[Collection(FaultyStoreCollection.Name)]
public sealed class PurgeUndeliveredTests(FaultyStoreFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ChildWhoseResultFailedToDeliver_IsNotPurged_UntilTheParentHasIt()
    {
        var parent = $"purge-undelivered-{Guid.NewGuid():N}";
        var child = $"{parent}-child";
        fixture.Store.FailInboxAppendTo = id => id == parent;
        try
        {
            await fixture.Workflows.StartAsync("ParentOfNoop", null, parent);
            await Eventually.UntilAsync(
                async () => fixture.Store.FailedAppends > 0 && (await fixture.Inner.LoadAsync(child)) is { Outbox.Count: > 0 } s
                    && s.Record.Status == OrchestrationRuntimeStatus.Completed,
                Timeout,
                "the child completed and its result to the parent failed to deliver");

            // A user's purge is refused with a retryable answer, and changes nothing.
            var refusal = await Assert.ThrowsAsync<InstanceReloadingException>(() => fixture.Client.GetGrain<IOrchestrationGrain>(child).PurgeAsync(null));
            Assert.Contains("undelivered", refusal.Message, StringComparison.Ordinal);
            Assert.NotNull(await fixture.Inner.GetRecordAsync(child));

            // Retention postpones it (and purges nothing it must not).
            await fixture.Client.GetGrain<IRetentionGrain>(0).PurgeOlderThanAsync(DateTime.UtcNow.AddMinutes(1));
            Assert.NotNull(await fixture.Inner.GetRecordAsync(child));
            Assert.Equal(OrchestrationRuntimeStatus.Running, (await fixture.Inner.GetRecordAsync(parent))!.Status);
        }
        finally
        {
            fixture.Store.FailInboxAppendTo = null;
        }

        // Delivered now (a retry or the recovery sweep): the parent gets its child's result, then the child can go.
        using var wait = new CancellationTokenSource(Timeout);
        var done = await fixture.Workflows.WaitForCompletionAsync(parent, wait.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal($"from {child}", done.ReadOutputAs<string>());
        Assert.Equal(1, await fixture.Workflows.PurgeInstanceAsync(child, cancellationToken: wait.Token));
        Assert.Null(await fixture.Inner.GetRecordAsync(child));
    }
}
