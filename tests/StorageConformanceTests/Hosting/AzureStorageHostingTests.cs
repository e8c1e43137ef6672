using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.AzureStorage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.Hosting;

/// <summary>
/// <c>Storage:Kind = AzureStorage</c>: the settings, and what a silo and a client get — the workflow store on the
/// account and Orleans' own Azure providers for reminders, membership, the gateway list and the default grain storage.
/// </summary>
public sealed class AzureStorageHostingTests
{
    private const string Azurite = "UseDevelopmentStorage=true";

    [Fact]
    public void Settings_AzureStorage_AreReadWithTheirConnectionString_AndKeepMembership()
    {
        var settings = StorageSettings.FromConfiguration(Configuration(("Storage:Kind", "azurestorage"), ("Storage:ConnectionString", Azurite)));

        Assert.Equal((StorageKind.AzureStorage, Azurite, true), (settings.Kind, settings.ConnectionString, settings.IsClustered));
        Assert.False(StorageSettings.FromConfiguration(Configuration(("Storage:Kind", "Sqlite"))).IsClustered);
    }

    [Fact]
    public void Settings_AzureStorageWithoutConnectionString_FailNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageSettings.FromConfiguration(Configuration(("Storage:Kind", "AzureStorage"))));

        Assert.Contains("Storage:ConnectionString is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentStorage=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_ConfiguredForAzureStorage_GetsTheStoreAndOrleansAzureProviders()
    {
        var silo = new TestBuilder();

        silo.UseConfiguredStorage(new StorageSettings(StorageKind.AzureStorage, Azurite), 11111, 30000);

        await using var services = silo.Services.BuildServiceProvider();
        Assert.IsType<AzureWorkflowStore>(services.GetRequiredService<IWorkflowStore>());
        Assert.Contains(silo.Services, s => s.ServiceType == typeof(IReminderTable) && Describes(s, "Azure"));
        Assert.Contains(silo.Services, s => s.ServiceType == typeof(IMembershipTable) && Describes(s, "Azure"));
        Assert.Contains(silo.Services, s => s.ServiceType == typeof(IGrainStorage) && s.IsKeyedService && Equals(s.ServiceKey, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
    }

    [Fact]
    public void Client_ConfiguredForAzureStorage_FindsGatewaysInTheMembershipTable()
    {
        var client = new TestBuilder();

        client.UseConfiguredClustering(new StorageSettings(StorageKind.AzureStorage, Azurite));

        Assert.Contains(client.Services, s => s.ServiceType == typeof(Orleans.Messaging.IGatewayListProvider) && Describes(s, "Azure"));
    }

    [Fact]
    public void Silo_AzureStorageWithBadOptions_FailsNamingEachOption()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new TestBuilder().UseAzureStorageWorkflowStore(string.Empty, o =>
        {
            o.Prefix = "9x";
            o.IndexShards = 0;
        }));

        Assert.Equal(
            "The Azure Storage workflow store needs a connection string (Storage:ConnectionString) or both a TableServiceClient and a BlobServiceClient. " +
            "AzureStorageOptions.Prefix is '9x'; allowed: 1 to 20 ASCII letters or digits, starting with a letter. " +
            "AzureStorageOptions.IndexShards is 0; allowed: 1 to 64.",
            error.Message);
    }

    private static bool Describes(ServiceDescriptor descriptor, string text) =>
        (descriptor.ImplementationType?.FullName ?? descriptor.ImplementationFactory?.Method.ReturnType.FullName ?? descriptor.KeyedImplementationFactory?.Method.ReturnType.FullName ?? string.Empty)
            .Contains(text, StringComparison.Ordinal)
        || (descriptor.ImplementationFactory?.Target?.GetType().FullName ?? string.Empty).Contains(text, StringComparison.Ordinal);

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
