using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Storage.PostgreSql;
using OrleansWorkflows.Storage.Sqlite;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.Hosting;

/// <summary>
/// The store options are checked when the host starts (<c>IValidateOptions</c> + <c>ValidateOnStart</c>), also when an
/// app changes them after the <c>Use…</c> call (<c>services.Configure&lt;…&gt;</c>): the start fails naming every option,
/// its value and what is allowed (the host runs this check before any hosted service, so before the silo opens a file or
/// a connection).
/// </summary>
public sealed class StoreOptionsValidationTests
{
    [Fact]
    public void Sqlite_OptionsChangedAfterUse_OutOfRange_FailTheStartNamingEachOption()
    {
        var silo = new TestBuilder();
        silo.UseSqliteWorkflowStore("./data/x.db");
        silo.Services.Configure<SqliteStoreOptions>(o =>
        {
            o.MaxWritesPerTransaction = 0;
            o.Synchronous = (SqliteSynchronous)7;
        });

        var error = StartupFailure(silo.Services);

        Assert.Equal(
            [
                "SqliteStoreOptions.Synchronous is 7; allowed: Full or Normal.",
                "SqliteStoreOptions.MaxWritesPerTransaction is 0; allowed: 1 to 10,000.",
            ],
            error.Failures);
    }

    [Fact]
    public void Sqlite_OptionsChangedAfterUse_ToAnInMemoryDatabase_FailTheStart()
    {
        var silo = new TestBuilder();
        silo.UseSqliteWorkflowStore("./data/x.db");
        silo.Services.Configure<SqliteStoreOptions>(o => o.ConnectionString = ":memory:");

        var error = StartupFailure(silo.Services);

        Assert.Equal(["The SQLite workflow store needs a database file (not an in-memory database)."], error.Failures);
    }

    [Fact]
    public void PostgreSql_OptionsChangedAfterUse_OutOfRange_FailTheSiloStartNamingEachOption()
    {
        var silo = new TestBuilder();
        silo.UsePostgreSqlWorkflowStore("Host=127.0.0.1;Port=1;Username=u;Database=d");
        silo.Services.Configure<PostgreSqlStoreOptions>(o =>
        {
            o.MaxPoolSize = 4;
            o.WriterConcurrency = 5;
            o.MaxWritesPerBatch = 20_000;
        });

        var error = StartupFailure(silo.Services);

        Assert.Equal(
            [
                "PostgreSqlStoreOptions.WriterConcurrency is 5; allowed: 1 to MaxPoolSize (4).",
                "PostgreSqlStoreOptions.MaxWritesPerBatch is 20000; allowed: 1 to 10,000.",
            ],
            error.Failures);
    }

    [Fact]
    public void PostgreSql_ClientOptionsChangedAfterUse_WithoutHost_FailTheClientStart()
    {
        var client = new TestBuilder();
        client.UsePostgreSqlClustering("Host=127.0.0.1;Port=1;Username=u;Database=d");
        client.Services.Configure<PostgreSqlStoreOptions>(o => o.ConnectionString = "Port=5432;Username=u");

        var error = StartupFailure(client.Services);

        Assert.Equal(["The PostgreSQL connection string names no Host."], error.Failures);
    }

    [Fact]
    public void ValidOptions_PassTheStartCheck_AndReachTheStore()
    {
        var silo = new TestBuilder();
        silo.UseSqliteWorkflowStore("./data/ok.db", o => o.MaxWritesPerTransaction = 64);
        using var services = silo.Services.BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(64, services.GetRequiredService<SqliteDatabase>().Options.MaxWritesPerTransaction);
    }

    /// <summary>Runs what the host runs at start (<c>ValidateOnStart</c>'s startup validator) and returns its error.</summary>
    private static OptionsValidationException StartupFailure(IServiceCollection collection)
    {
        using var services = collection.BuildServiceProvider();
        var validator = services.GetRequiredService<IStartupValidator>();
        return Assert.Throws<OptionsValidationException>(validator.Validate);
    }
}
