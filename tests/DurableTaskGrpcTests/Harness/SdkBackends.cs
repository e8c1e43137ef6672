namespace OrleansWorkflows.DurableTaskGrpcTests.Harness;

using Microsoft.DurableTask.Client;

/// <summary>
/// Both backends, started once for the collection. <see cref="SameOnBothAsync{T}"/> runs a scenario on each, one after
/// the other, and asserts they observed the same.
/// </summary>
public sealed class SdkBackends : IAsyncLifetime, IAsyncDisposable
{
    public OracleBackend Oracle { get; private set; } = null!;

    public OrleansWorkflowsBackend Ours { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Oracle = await OracleBackend.StartAsync();
        Ours = await OrleansWorkflowsBackend.StartAsync();
    }

    /// <summary>Both backends, for a test that needs stores of its own.</summary>
    public static async Task<SdkBackends> StartAsync()
    {
        var backends = new SdkBackends();
        await backends.InitializeAsync();
        return backends;
    }

    public async Task DisposeAsync()
    {
        await Ours.DisposeAsync();
        await Oracle.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>Runs <paramref name="scenario"/> against the oracle, then against OrleansWorkflows; both must observe the same.</summary>
    /// <returns>What both observed.</returns>
    public async Task<T> SameOnBothAsync<T>(Func<DurableTaskClient, CancellationToken, Task<T>> scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var expected = await scenario(Oracle.Client, timeout.Token);
        var actual = await scenario(Ours.Client, timeout.Token);
        Assert.Equal(expected, actual);
        return actual;
    }
}

[CollectionDefinition(Name)]
public sealed class SdkBackendsCollection : ICollectionFixture<SdkBackends>
{
    public const string Name = "SDK backends";
}
