using Orleans.TestingHost;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Samples;
using OrleansWorkflows.Samples.Bench;
using Xunit;
using Xunit.Abstractions;

namespace OrleansWorkflows.ClusterTests.Storage;

/// <summary>
/// Bytes written per episode do not grow with history length: a real 1,000-step sequential orchestration on a
/// one-silo cluster of its own, every commit measured as written (<see cref="MeasuringWorkflowStore"/>).
/// </summary>
[Collection(EpisodeWriteSizeCollection.Name)]
public sealed class EpisodeWriteSizeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Steps = 1000;
    private readonly SharedInMemoryCluster _shared = new();
    private MeasuringWorkflowStore? _store;
    private InProcessTestCluster? _cluster;

    public async Task InitializeAsync()
    {
        _store = new MeasuringWorkflowStore(_shared.Store);
        _cluster = await MeasuredCluster.StartAsync(_shared, _store, o => o.Registry.AddSamples().AddBenchWorkloads());
    }

    public Task DisposeAsync() => MeasuredCluster.StopAsync(_cluster);

    [Fact]
    public async Task SequentialOrchestration_Of1000Steps_LastEpisodeWritesAtMostTwiceTheFirst()
    {
        var client = new WorkflowClient(_cluster!.Client);
        var id = await client.StartAsync("Bench.Sequence", Steps);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var status = await client.WaitForCompletionAsync(id, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal($"Hello city{Steps - 1}", status.ReadOutputAs<string>());

        var episodes = _store!.EpisodeBytes(id);
        var steady = episodes.Skip(1).Take(episodes.Count - 2).ToList();
        output.WriteLine(
            $"{episodes.Count} episodes; bytes: first {episodes[0]}, second {episodes[1]}, middle {episodes[episodes.Count / 2]}, " +
            $"last {episodes[^1]}, between first and last min {steady.Min()} max {steady.Max()}; last/first {(double)episodes[^1] / episodes[0]:0.00}");

        Assert.True(episodes.Count >= Steps, $"{episodes.Count} episodes");
        Assert.True(episodes[^1] <= 2 * episodes[0], $"last episode {episodes[^1]} bytes, first {episodes[0]}");
        Assert.True(steady.Max() <= 2 * steady.Min(), $"episodes between first and last: {steady.Min()} to {steady.Max()} bytes");
    }
}

/// <summary>The write-size test runs its own cluster, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EpisodeWriteSizeCollection
{
    public const string Name = "Episode write size";
}
