using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.EngineInternals;

/// <summary>The engine's cached grain references address exactly the grains <c>GetGrain</c> does.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("plain")]
    [InlineData("with spaces and ünïcode")]
    [InlineData("@counter@key")]
    public void StringKeys_SameGrainIdAsGetGrain(string key)
    {
        var grains = fixture.Client;
        Assert.Equal(grains.GetGrain<IOrchestrationGrain>(key).GetGrainId(), GrainReferences.Get<IOrchestrationGrain>(grains, key).GetGrainId());
        Assert.Equal(grains.GetGrain<IEntityGrain>(key).GetGrainId(), GrainReferences.Get<IEntityGrain>(grains, key).GetGrainId());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(255L)]
    [InlineData(-7L)]
    public void IntegerKeys_SameGrainIdAsGetGrain(long key)
    {
        var grains = fixture.Client;
        Assert.Equal(grains.GetGrain<IActivityWorkerGrain>(key).GetGrainId(), GrainReferences.Get<IActivityWorkerGrain>(grains, key).GetGrainId());
    }

    [Fact]
    public void ActivityPartition_IsStableAndInRange()
    {
        var request = new ActivityRequest { InstanceId = "order-42", ExecutionId = "e1", TaskId = 3, Name = "Charge" };
        var partition = ActivityWorkerGrain.PartitionOf(request, 256);
        Assert.InRange(partition, 0, 255);
        Assert.Equal(partition, ActivityWorkerGrain.PartitionOf(request with { Input = "\"other input\"", Attempt = 2 }, 256));
        var spread = Enumerable.Range(0, 1000)
            .Select(i => ActivityWorkerGrain.PartitionOf(request with { TaskId = i }, 16))
            .GroupBy(p => p)
            .ToList();
        Assert.Equal(16, spread.Count);
        Assert.All(spread, g => Assert.InRange(g.Count(), 30, 100));
    }
}
