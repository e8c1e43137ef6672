using Orleans.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

/// <summary>
/// What every backend's default grain storage must show (as Orleans' <c>IPersistentState</c> relies on it): a state is
/// read back as written, and a write or clear at an ETag other than the stored one fails and changes nothing.
/// </summary>
public abstract class GrainStorageConformanceTests : IAsyncLifetime
{
    private static readonly GrainId Grain = GrainId.Create("account", "ada");
    private IGrainStorage? _storage;

    private IGrainStorage Storage => _storage ?? throw new InvalidOperationException("The storage is not created yet.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _storage = await CreateStorageAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Creates an empty storage.</summary>
    protected abstract Task<IGrainStorage> CreateStorageAsync();

    private async Task<GrainState<Balance>> ReadAsync(string name = "balance", GrainId? grain = null)
    {
        var state = new GrainState<Balance>();
        await Storage.ReadStateAsync(name, grain ?? Grain, state);
        return state;
    }

    [Fact]
    public async Task Read_Missing_IsAnEmptyStateWithoutETag()
    {
        var state = await ReadAsync();

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(new Balance(), state.State);
    }

    [Fact]
    public async Task Write_ThenRead_ReturnsTheStateUnderANewETag_PerGrainAndName()
    {
        var state = await ReadAsync();
        state.State = new Balance { Amount = 42, Owner = "Ada \u00e9\U0001F600" };
        await Storage.WriteStateAsync("balance", Grain, state);
        var first = state.ETag;
        state.State = state.State with { Amount = 43 };
        await Storage.WriteStateAsync("balance", Grain, state);

        var read = await ReadAsync();
        Assert.True(read.RecordExists);
        Assert.Equal(new Balance { Amount = 43, Owner = "Ada \u00e9\U0001F600" }, read.State);
        Assert.Equal(state.ETag, read.ETag);
        Assert.NotEqual(first, read.ETag);
        Assert.False((await ReadAsync("other")).RecordExists);
        Assert.False((await ReadAsync(grain: GrainId.Create("account", "bob"))).RecordExists);
    }

    [Fact]
    public async Task Write_StaleOrMissingETag_ThrowsAndChangesNothing()
    {
        var state = await ReadAsync();
        state.State = new Balance { Amount = 1 };
        await Storage.WriteStateAsync("balance", Grain, state);
        var stale = await ReadAsync();
        state.State = new Balance { Amount = 2 };
        await Storage.WriteStateAsync("balance", Grain, state);

        stale.State = new Balance { Amount = 99 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("balance", Grain, stale));
        var fresh = new GrainState<Balance> { State = new Balance { Amount = 100 } };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("balance", Grain, fresh));

        Assert.Equal(2, (await ReadAsync()).State!.Amount);
    }

    [Fact]
    public async Task Clear_AtTheETag_RemovesTheState_AtAStaleOne_Throws()
    {
        var state = await ReadAsync();
        state.State = new Balance { Amount = 1 };
        await Storage.WriteStateAsync("balance", Grain, state);
        var stale = new GrainState<Balance> { ETag = "stale" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync("balance", Grain, stale));
        Assert.True((await ReadAsync()).RecordExists);
        await Storage.ClearStateAsync("balance", Grain, state);

        Assert.False(state.RecordExists);
        Assert.False((await ReadAsync()).RecordExists);
        state.State = new Balance { Amount = 5 };
        await Storage.WriteStateAsync("balance", Grain, state);
        Assert.Equal(5, (await ReadAsync()).State!.Amount);
    }

    /// <summary>An application grain's state.</summary>
    public sealed record Balance
    {
        public int Amount { get; init; }

        public string Owner { get; init; } = string.Empty;
    }
}

/// <summary>A grain storage serializer for the tests (the silo's is Orleans' own).</summary>
internal sealed class JsonTestSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => BinaryData.FromObjectAsJson(input);

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>()!;
}
