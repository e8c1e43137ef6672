using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Management;

[Collection(ClusterCollection.Name)]
public sealed class PurgeReuseTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SenderPurgedAndStartedAgainUnderTheSameId_ItsNewMessagesAreNotTakenForDuplicates()
    {
        var counterKey = ClusterTestExtensions.NewId("reuse-counter");
        var id = ClusterTestExtensions.NewId("reuse-sender");
        var counter = new EntityId("Counter", counterKey);

        await fixture.Workflows.StartAsync("SignalCounterOnce", counterKey, id);
        await fixture.WaitAsync(id);
        await Eventually.UntilAsync(async () => await fixture.Workflows.GetEntityStateAsync<int>(counter) == 1, ClusterTestExtensions.Timeout, "first signal applied");

        await fixture.Workflows.PurgeInstanceAsync(id);
        await fixture.Workflows.StartAsync("SignalCounterOnce", counterKey, id);
        await fixture.WaitAsync(id);

        await Eventually.UntilAsync(async () => await fixture.Workflows.GetEntityStateAsync<int>(counter) == 2, ClusterTestExtensions.Timeout, "the re-created sender's signal applied");
    }
}
