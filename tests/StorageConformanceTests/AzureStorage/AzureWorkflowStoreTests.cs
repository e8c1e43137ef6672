using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.AzureStorage;
using OrleansWorkflows.TestSupport;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>Runs the store conformance tests on <see cref="AzureWorkflowStore"/> against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureWorkflowStoreTests(AzuriteServer azurite) : WorkflowStoreConformanceTests
{
    protected override async Task<IWorkflowStore> CreateStoreAsync() => await AzureTestStores.CreateAsync(azurite);

    protected override Task DisposeStoreAsync(IWorkflowStore store) => AzureTestStores.DeleteAsync((AzureWorkflowStore)store);
}
