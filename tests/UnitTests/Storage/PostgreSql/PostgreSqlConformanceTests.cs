using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.PostgreSql;
using Xunit;

namespace OrleansWorkflows.UnitTests.Storage.PostgreSql;

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

    protected override async Task DisposeStoreAsync(IWorkflowStore store) => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
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
