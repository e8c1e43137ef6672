using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

/// <summary>
/// The behaviour every <see cref="IWorkflowStore"/> backend must show. A backend's test class derives from this and
/// creates a fresh, empty store per test; the facts live in the partial files by capability (commit, inbox, outbox).
/// </summary>
public abstract partial class WorkflowStoreConformanceTests : IAsyncLifetime
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private IWorkflowStore? _store;

    /// <summary>The store under test.</summary>
    protected IWorkflowStore Store => _store ?? throw new InvalidOperationException("The store is not created yet.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    /// <inheritdoc />
    public Task DisposeAsync() => _store is null ? Task.CompletedTask : DisposeStoreAsync(_store);

    /// <summary>Creates an empty store.</summary>
    protected abstract Task<IWorkflowStore> CreateStoreAsync();

    /// <summary>Releases the store (drop a database, delete a file).</summary>
    /// <param name="store">The store.</param>
    protected virtual Task DisposeStoreAsync(IWorkflowStore store) => Task.CompletedTask;

    private static InstanceRecord Record(string id, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Running, string executionId = "exec-1") => new()
    {
        InstanceId = id,
        Name = "Orchestration",
        ExecutionId = executionId,
        Status = status,
        CreatedAt = T0,
        LastUpdatedAt = T0,
    };

    private static InstanceCommit Start(string id, params string[] history) => new()
    {
        Record = Record(id),
        ExpectedVersion = 0,
        ReplaceHistory = true,
        AppendHistory = history,
    };

    /// <summary>The next episode after <paramref name="before"/>: expected version and history count taken from it.</summary>
    private static InstanceCommit Next(InstanceSnapshot before, params string[] history) => new()
    {
        Record = before.Record with { LastUpdatedAt = before.Record.LastUpdatedAt.AddSeconds(1) },
        ExpectedVersion = before.Record.Version,
        HistoryCountBefore = before.History.Count,
        AppendHistory = history,
    };

    private async Task<InstanceSnapshot> LoadExistingAsync(string id) =>
        await Store.LoadAsync(id) ?? throw new InvalidOperationException($"Instance '{id}' does not exist.");

    /// <summary>Creates an instance with two history events, two inbox entries and two outbox entries.</summary>
    private async Task<InstanceSnapshot> CreateBusyInstanceAsync(string id)
    {
        await Store.CommitAsync(Start(id, "h1", "h2") with
        {
            AddOutbox = [new OutboxEntry(1, "peer-a", "o1"), new OutboxEntry(2, "peer-b", "o2")],
        });
        await Store.AppendInboxAsync(id, "m1", "sender", 1);
        await Store.AppendInboxAsync(id, "m2", null, 0);
        return await LoadExistingAsync(id);
    }

    private static void AssertSameState(InstanceSnapshot expected, InstanceSnapshot? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Record, actual.Record);
        Assert.Equal(expected.History, actual.History);
        Assert.Equal(expected.Inbox, actual.Inbox);
        Assert.Equal(expected.Outbox, actual.Outbox);
    }
}
