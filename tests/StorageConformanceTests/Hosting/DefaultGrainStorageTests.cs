using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Storage;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Storage.PostgreSql;
using OrleansWorkflows.Storage.Sqlite;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.Hosting;

/// <summary>
/// Every durable backend gives the silo a default grain storage in its own database (so application grains beside the
/// workflows keep their state there too), unless the app registered a default grain storage first.
/// </summary>
public sealed class DefaultGrainStorageTests
{
    public static TheoryData<string> Backends() => ["Sqlite", "PostgreSql", "AzureStorage"];

    [Theory]
    [MemberData(nameof(Backends))]
    public void Silo_GetsADefaultGrainStorageOfItsBackend(string backend)
    {
        var silo = new TestBuilder();

        Use(silo, backend);

        var descriptor = Assert.Single(DefaultGrainStorages(silo));
        using var services = silo.Services.BuildServiceProvider();
        if (backend != "AzureStorage")
        {
            var storage = services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
            Assert.IsType(backend == "Sqlite" ? typeof(SqliteGrainStorage) : typeof(PostgreSqlGrainStorage), storage);
        }
        else
        {
            // Orleans' own Azure Table grain storage (built when the silo starts), on the account's client.
            Assert.NotNull(descriptor.KeyedImplementationFactory);
            var options = services.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
            Assert.Equal("devstoreaccount1", options.TableServiceClient?.AccountName);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Silo_WhoseAppChoseADefaultGrainStorage_KeepsIt(string backend)
    {
        var silo = new TestBuilder();
        var chosen = new ServiceDescriptor(typeof(IGrainStorage), ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (_, _) => null!, ServiceLifetime.Singleton);
        silo.Services.Add(chosen);

        Use(silo, backend);

        Assert.Same(chosen, Assert.Single(DefaultGrainStorages(silo)));
    }

    private static void Use(TestBuilder silo, string backend)
    {
        silo.Services.AddSingleton<IGrainStorageSerializer, JsonTestSerializer>();
        _ = backend switch
        {
            "Sqlite" => silo.UseSqliteWorkflowStore("./data/grain-storage.db"),
            "PostgreSql" => silo.UsePostgreSqlWorkflowStore("Host=127.0.0.1;Port=1;Username=u;Database=d"),
            _ => silo.UseAzureStorageWorkflowStore("UseDevelopmentStorage=true"),
        };
    }

    private static IEnumerable<ServiceDescriptor> DefaultGrainStorages(TestBuilder silo) =>
        silo.Services.Where(s => s.ServiceType == typeof(IGrainStorage) && s.IsKeyedService && Equals(s.ServiceKey, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
}
