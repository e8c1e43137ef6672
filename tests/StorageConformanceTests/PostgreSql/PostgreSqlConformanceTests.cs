using Orleans.Storage;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.PostgreSql;
using OrleansWorkflows.TestSupport;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.PostgreSql;

/// <summary>Runs the store conformance tests on <see cref="PostgreSqlWorkflowStore"/>, one schema per test.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlWorkflowStoreTests(PostgreSqlServer server) : WorkflowStoreConformanceTests
{
    private PostgreSqlDatabase? _database;

    protected override async Task<IWorkflowStore> CreateStoreAsync()
    {
        _database = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = await server.CreateSchemaAsync(), MaxPoolSize = 10 });
        return new PostgreSqlWorkflowStore(_database);
    }

    protected override async Task DisposeStoreAsync(IWorkflowStore store)
    {
        await ((PostgreSqlWorkflowStore)store).DisposeAsync();
        await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    [Fact]
    public async Task Query_ByIdPrefix_ScansThePrimaryKeyByRange()
    {
        // Enough rows of other prefixes that a scan of the whole table is the expensive plan.
        var ids = Enumerable.Range(0, 2000).Select(i => $"{(char)('a' + (i % 20))}-{i:D4}").ToList();
        await Task.WhenAll(ids.Select(id => Store.CommitAsync(new InstanceCommit
        {
            Record = new InstanceRecord { InstanceId = id, Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running },
            ExpectedVersion = 0,
        })));
        var (sql, parameters) = PostgreSqlWorkflowStore.QueryCommand(new InstanceQuery { InstanceIdPrefix = "c-00" });
        await using var connection = await _database!.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("ANALYZE ow_instances", CancellationToken.None);
        await using var command = connection.Command("EXPLAIN " + sql, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        Assert.True(
            plan.Any(step => step.Contains("Index Cond: ((instance_id >=", StringComparison.Ordinal) && step.Contains("(instance_id <", StringComparison.Ordinal)),
            "the prefix is an index range on the id; plan:\n" + string.Join("\n", plan));
    }

    [Fact]
    public async Task Commit_ManyConcurrentEpisodesAndAppends_ShareTransactions()
    {
        var store = (PostgreSqlWorkflowStore)Store;
        var ids = Enumerable.Range(0, 200).Select(i => $"g-{i:D3}").ToList();
        await Task.WhenAll(ids.Select(id => store.CommitAsync(new InstanceCommit
        {
            Record = new InstanceRecord { InstanceId = id, Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running },
            ExpectedVersion = 0,
            AppendHistory = ["h1"],
        })));
        await Task.WhenAll(ids.Select(id => store.AppendInboxAsync(id, "m", "s", 1)));

        // 400 writes; group commit puts many of them in each transaction.
        Assert.InRange(store.WriteTransactions, 2, 100);
    }

    [Fact]
    public async Task Commit_EpisodesOfOneInstanceInOneGroupCommit_ApplyInOrder_AlsoANewExecution()
    {
        // One writer loop takes the commits in queue order, several per transaction when they wait together: a second
        // episode of an instance in the same transaction is written in a round of its own (PostgreSqlEpisodeRound).
        await using var database = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = _database!.Options.ConnectionString, MaxPoolSize = 2, WriterConcurrency = 1 });
        await using var store = new PostgreSqlWorkflowStore(database);
        var record = new InstanceRecord { InstanceId = "q", Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running };
        var grouped = false;
        for (var attempt = 0; attempt < 20 && !grouped; attempt++)
        {
            var before = store.WriteTransactions;
            var id = $"q-{attempt}";
            var r = record with { InstanceId = id };
            var commits = new[]
            {
                store.CommitAsync(new InstanceCommit { Record = r, ExpectedVersion = 0, ReplaceHistory = true, AppendHistory = ["h1"], AddOutbox = [new OutboxEntry(1, "x", "o1")], AddInbox = ["carried"] }),
                store.CommitAsync(new InstanceCommit { Record = r with { CustomStatus = "2" }, ExpectedVersion = 1, HistoryCountBefore = 1, AppendHistory = ["h2", "h3"], RemoveOutbox = [1], ConsumedInbox = [1] }),
                store.CommitAsync(new InstanceCommit { Record = r with { ExecutionId = "e2", CustomStatus = "3" }, ExpectedVersion = 2, ReplaceHistory = true, AppendHistory = ["n1"], AddInbox = ["next"] }),
                store.CommitAsync(new InstanceCommit { Record = r with { ExecutionId = "e2", CustomStatus = "4" }, ExpectedVersion = 3, HistoryCountBefore = 1, AppendHistory = ["n2"] }),
            };

            var versions = await Task.WhenAll(commits);
            Assert.Equal([1L, 2L, 3L, 4L], versions);
            var stored = (await store.LoadAsync(id))!;
            Assert.Equal(["n1", "n2"], stored.History);
            Assert.Equal(("4", "e2", 4L), (stored.Record.CustomStatus, stored.Record.ExecutionId, stored.Record.Version));
            Assert.Equal(["next"], stored.Inbox.Select(e => e.MessageJson));
            Assert.Empty(stored.Outbox);
            grouped = store.WriteTransactions - before < commits.Length;
        }

        Assert.True(grouped, "no attempt put two episodes of its instance in one transaction");
    }

    [Fact]
    public async Task Commit_TwoProcessesCreateOneInstance_OneWinsAndTheOthersBatchStillCommits()
    {
        await using var otherDatabase = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = _database!.Options.ConnectionString, MaxPoolSize = 4 });
        await using var other = new PostgreSqlWorkflowStore(otherDatabase);
        InstanceCommit Create(string id, string history) => new()
        {
            Record = new InstanceRecord { InstanceId = id, Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running },
            ExpectedVersion = 0,
            AppendHistory = [history],
        };

        for (var round = 0; round < 10; round++)
        {
            // Both stores create "race-n" at once, each in a batch with an instance of its own.
            var id = $"race-{round}";
            var writes = new[]
            {
                Store.CommitAsync(Create($"mine-{round}", "m")), Store.CommitAsync(Create(id, "mine")),
                other.CommitAsync(Create($"theirs-{round}", "t")), other.CommitAsync(Create(id, "theirs")),
            };
            var outcomes = await Task.WhenAll(writes.Select(async w =>
            {
                try
                {
                    return await w;
                }
                catch (ConcurrencyException)
                {
                    return -1;
                }
            }));

            Assert.Equal([1, 1], new[] { outcomes[0], outcomes[2] });
            Assert.Equal(1, new[] { outcomes[1], outcomes[3] }.Count(o => o == -1));
            Assert.Equal(outcomes[1] == 1 ? ["mine"] : ["theirs"], await Store.ReadHistoryAsync(id));
        }
    }
}

/// <summary>Runs the reminder table conformance tests on <see cref="PostgreSqlReminderTable"/>, one schema per test.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlReminderTableTests(PostgreSqlServer server) : ReminderTableConformanceTests
{
    private PostgreSqlDatabase? _database;

    public override async Task DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<IReminderTable> CreateTableAsync()
    {
        _database = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = await server.CreateSchemaAsync(), MaxPoolSize = 70 });
        return new PostgreSqlReminderTable(_database);
    }
}

/// <summary>Runs the membership conformance tests on <see cref="PostgreSqlMembershipTable"/>, one schema per test.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlMembershipTableTests(PostgreSqlServer server) : MembershipTableConformanceTests
{
    private PostgreSqlDatabase? _database;

    public override async Task DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<MembershipTableBase> CreateTableAsync() => await PostgreSqlMembership.CreateAsync(server, d => _database = d);
}

/// <summary>Runs the membership maintenance tests on <see cref="PostgreSqlMembershipTable"/>, one schema per test.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlMembershipMaintenanceTests(PostgreSqlServer server) : MembershipTableMaintenanceConformanceTests
{
    private PostgreSqlDatabase? _database;

    public override async Task DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<MembershipTableBase> CreateTableAsync() => await PostgreSqlMembership.CreateAsync(server, d => _database = d);
}

/// <summary>Runs the grain storage conformance tests on <see cref="PostgreSqlGrainStorage"/>, one schema per test.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlGrainStorageTests(PostgreSqlServer server) : GrainStorageConformanceTests
{
    private PostgreSqlDatabase? _database;

    public override async Task DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<IGrainStorage> CreateStorageAsync()
    {
        _database = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = await server.CreateSchemaAsync(), MaxPoolSize = 10 });
        await _database.EnsureReadyAsync();
        return new PostgreSqlGrainStorage(_database, new JsonTestSerializer());
    }
}

internal static class PostgreSqlMembership
{
    public static async Task<MembershipTableBase> CreateAsync(PostgreSqlServer server, Action<PostgreSqlDatabase> keep)
    {
        var database = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = await server.CreateSchemaAsync(), MaxPoolSize = 20 });
        keep(database);
        var table = new PostgreSqlMembershipTable(database, "cluster");
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }
}
