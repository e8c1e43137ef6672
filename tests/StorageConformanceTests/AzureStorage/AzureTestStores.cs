using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using OrleansWorkflows.Storage.AzureStorage;
using OrleansWorkflows.TestSupport;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>Fresh stores on Azurite: each with tables and a container of its own (a random prefix), deleted afterwards.</summary>
internal static class AzureTestStores
{
    public static async Task<AzureWorkflowStore> CreateAsync(AzuriteServer azurite, TimeProvider? time = null, int shards = 4)
    {
        var account = new AzureStorageAccount(Options(azurite, "t" + Guid.NewGuid().ToString("N")[..12], shards));
        await account.EnsureReadyAsync();
        return new AzureWorkflowStore(account, time);
    }

    /// <summary>
    /// A fresh store whose instances table requests pass <paramref name="instances"/> and whose index table requests pass
    /// <paramref name="index"/>; <paramref name="prefix"/> names its tables (another store on the same prefix is another
    /// process on the same account).
    /// </summary>
    public static async Task<AzureWorkflowStore> CreateObservedAsync(AzuriteServer azurite, string prefix, RequestGate instances, RequestGate index, TimeProvider? time = null)
    {
        var options = Options(azurite, prefix, 4);
        options.TableServiceClient = new TableServiceClient(azurite.ConnectionString, WithPolicy(instances));
        options.IndexTableServiceClient = new TableServiceClient(azurite.ConnectionString, WithPolicy(index));
        options.BlobServiceClient = new BlobServiceClient(azurite.ConnectionString);
        var account = new AzureStorageAccount(options);
        await account.EnsureReadyAsync();
        return new AzureWorkflowStore(account, time);
    }

    /// <summary>Another process's store on the tables of <paramref name="prefix"/>.</summary>
    public static async Task<AzureWorkflowStore> OpenAsync(AzuriteServer azurite, string prefix, TimeProvider? time = null)
    {
        var account = new AzureStorageAccount(Options(azurite, prefix, 4));
        await account.EnsureReadyAsync();
        return new AzureWorkflowStore(account, time);
    }

    public static async Task DeleteAsync(AzureWorkflowStore store)
    {
        await store.DisposeAsync();
        await store.Account.DeleteAsync();
    }

    private static AzureStorageOptions Options(AzuriteServer azurite, string prefix, int shards) => new()
    {
        ConnectionString = azurite.ConnectionString,
        Prefix = prefix,
        IndexShards = shards,
    };

    private static TableClientOptions WithPolicy(RequestGate gate)
    {
        var options = new TableClientOptions();
        options.AddPolicy(gate, HttpPipelinePosition.PerCall);
        return options;
    }
}
