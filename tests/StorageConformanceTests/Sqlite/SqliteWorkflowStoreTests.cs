using Orleans.Storage;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.Sqlite;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.Sqlite;

/// <summary>Runs the store conformance tests on <see cref="SqliteWorkflowStore"/>, one temporary file per test.</summary>
public sealed class SqliteWorkflowStoreTests : WorkflowStoreConformanceTests, IDisposable
{
    private readonly TempSqliteDatabase _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IWorkflowStore> CreateStoreAsync() => Task.FromResult<IWorkflowStore>(new SqliteWorkflowStore(_file.Database));

    [Fact]
    public void Query_ByIdPrefix_SearchesThePrimaryKeyByRange()
    {
        var (sql, parameters) = SqliteWorkflowStore.QueryCommand(new InstanceQuery { InstanceIdPrefix = "order-" });
        using var connection = _file.Database.OpenRead();
        using var command = connection.Command(null, "EXPLAIN QUERY PLAN " + sql, [.. parameters]);
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        Assert.Contains(plan, step => step.Contains("USING PRIMARY KEY (instance_id>? AND instance_id<?)", StringComparison.Ordinal));
    }
}

/// <summary>Runs the reminder table conformance tests on <see cref="SqliteReminderTable"/>, one temporary file per test.</summary>
public sealed class SqliteReminderTableTests : ReminderTableConformanceTests, IDisposable
{
    private readonly TempSqliteDatabase _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IReminderTable> CreateTableAsync() => Task.FromResult<IReminderTable>(new SqliteReminderTable(_file.Database));
}

/// <summary>Runs the grain storage conformance tests on <see cref="SqliteGrainStorage"/>, one temporary file per test.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageConformanceTests, IDisposable
{
    private readonly TempSqliteDatabase _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(new SqliteGrainStorage(_file.Database, new JsonTestSerializer()));
}
