using OrleansWorkflows.Storage.AzureStorage;
using OrleansWorkflows.TestSupport;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>Fresh stores on Azurite: each with tables and a container of its own (a random prefix), deleted afterwards.</summary>
internal static class AzureTestStores
{
    public static async Task<AzureWorkflowStore> CreateAsync(AzuriteServer azurite, TimeProvider? time = null, int shards = 4)
    {
        var account = new AzureStorageAccount(new AzureStorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            Prefix = "t" + Guid.NewGuid().ToString("N")[..12],
            IndexShards = shards,
        });
        await account.EnsureReadyAsync();
        return new AzureWorkflowStore(account, time);
    }

    public static async Task DeleteAsync(AzureWorkflowStore store)
    {
        await store.DisposeAsync();
        await store.Account.DeleteAsync();
    }
}
