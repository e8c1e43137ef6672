using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.Runtime;
using Xunit;
using static OrleansWorkflows.ClusterTests.Entities.EntityTestWorkflows;

namespace OrleansWorkflows.ClusterTests.Entities;

/// <summary>Signals from clients and orchestrations: every one applied exactly once, each sender's in order.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EntitySignalTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ThousandSignalsFromConcurrentClientSenders_CountExactly_AlsoAcrossDeactivation()
    {
        var counter = new EntityId("Counter", ClusterTestExtensions.NewId("signals"));
        var senders = Enumerable.Range(0, 4).Select(async sender =>
        {
            for (var i = 0; i < 250; i++)
            {
                await fixture.Workflows.SignalEntityAsync(counter, "add", 1);
                if (sender == 0 && i == 125)
                {
                    await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IEntityGrain>(counter.ToString()).GetGrainId());
                }
            }
        });
        await Task.WhenAll(senders);

        await WaitForStateAsync(counter, 1000);
        Assert.Equal(1000, await fixture.Workflows.GetEntityStateAsync<int>(counter));
    }

    [Fact]
    public async Task SignalsFromOrchestrations_ArriveExactlyOnceAndInOrderPerSender()
    {
        var recorder = ClusterTestExtensions.NewId("recorder");
        var ids = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => fixture.Workflows.StartAsync("SignalSequence", new SequenceInput(recorder, 100))));
        foreach (var id in ids)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(id)).RuntimeStatus);
        }

        var entity = new EntityId(nameof(Recorder), recorder);
        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetEntityStateAsync<RecorderState>(entity))?.BySender.Values.Sum(l => l.Count) == 500,
            ClusterTestExtensions.Timeout,
            "the recorder received 500 signals");
        var state = (await fixture.Workflows.GetEntityStateAsync<RecorderState>(entity))!;
        Assert.Equal(ids.Order(), state.BySender.Keys.Order());
        Assert.All(state.BySender.Values, list => Assert.Equal(Enumerable.Range(1, 100), list));
    }

    [Fact]
    public async Task ClientBadInput_IsRefusedWithClearErrors()
    {
        var unknown = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.SignalEntityAsync(new EntityId("NoSuchEntity", "k"), "add", 1));
        Assert.Equal((OperationOutcome.NotFound, "No entity named 'nosuchentity' is registered."), (unknown.Outcome, unknown.Message));

        var badJson = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.SignalEntityJsonAsync(new EntityId("Counter", "k"), "add", "{nope"));
        Assert.Equal(OperationOutcome.InvalidInput, badJson.Outcome);

        var noOperation = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.SignalEntityAsync(new EntityId("Counter", "k"), " "));
        Assert.Equal(OperationOutcome.InvalidInput, noOperation.Outcome);
        Assert.Null(await fixture.Workflows.GetEntityAsync(new EntityId("Counter", ClusterTestExtensions.NewId("never"))));
    }

    private Task WaitForStateAsync(EntityId entity, int expected) => Eventually.UntilAsync(
        async () => await fixture.Workflows.GetEntityStateAsync<int>(entity) == expected,
        ClusterTestExtensions.Timeout,
        $"{entity} reached {expected}");
}
