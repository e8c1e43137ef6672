using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.Sqlite;

namespace OrleansWorkflows.UnitTests.Storage.Sqlite;

/// <summary>Runs the store conformance tests on <see cref="SqliteWorkflowStore"/>, one temporary file per test.</summary>
public sealed class SqliteWorkflowStoreTests : WorkflowStoreConformanceTests, IDisposable
{
    private readonly TempSqliteDatabase _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IWorkflowStore> CreateStoreAsync() => Task.FromResult<IWorkflowStore>(new SqliteWorkflowStore(_file.Database));
}

/// <summary>Runs the reminder table conformance tests on <see cref="SqliteReminderTable"/>, one temporary file per test.</summary>
public sealed class SqliteReminderTableTests : ReminderTableConformanceTests, IDisposable
{
    private readonly TempSqliteDatabase _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IReminderTable> CreateTableAsync() => Task.FromResult<IReminderTable>(new SqliteReminderTable(_file.Database));
}
