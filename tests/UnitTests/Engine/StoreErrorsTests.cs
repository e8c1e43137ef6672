using System.Data.Common;
using System.Net.Sockets;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>
/// The engine/store boundary for errors: a store's own exception, anywhere in the chain, leaves a grain as the
/// engine's serializable <see cref="StoreUnavailableException"/> (transient for clients) without the provider type;
/// engine exceptions keep their type without a store exception inside; everything else passes as it is.
/// </summary>
public sealed class StoreErrorsTests
{
    [Fact]
    public void ProviderException_BecomesStoreUnavailable_NamingTheCause_WithoutCarryingIt()
    {
        var translated = StoreErrors.Translate(new ProviderException("connection refused"));

        var unavailable = Assert.IsType<StoreUnavailableException>(translated);
        Assert.Null(unavailable.InnerException);
        Assert.Contains("ProviderException: connection refused", unavailable.Message, StringComparison.Ordinal);
        Assert.True(WorkflowClient.IsTransient(unavailable));
    }

    [Fact]
    public void StoreFailureInsideAnotherException_IsFound()
    {
        var wrapped = new InvalidOperationException("commit failed", new IOException("disk", new SocketException()));

        Assert.IsType<StoreUnavailableException>(StoreErrors.Translate(wrapped));
    }

    [Fact]
    public void ReloadingWithAStoreCause_StaysReloading_WithoutTheCause()
    {
        var translated = StoreErrors.Translate(new InstanceReloadingException("reloading", new ProviderException("down")));

        var reloading = Assert.IsType<InstanceReloadingException>(translated);
        Assert.Null(reloading.InnerException);
        Assert.Contains("down", reloading.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherErrors_PassAsTheyAre()
    {
        Assert.Null(StoreErrors.Translate(new ArgumentException("bad id")));
        Assert.Null(StoreErrors.Translate(new InstanceReloadingException("conflict")));
        Assert.Null(StoreErrors.Translate(new StoreUnavailableException("already translated")));
    }

    [Fact]
    public async Task Guard_TranslatesAStoreFailureOfActivation()
    {
        await Assert.ThrowsAsync<StoreUnavailableException>(() => StoreErrors.GuardAsync(() => throw new ProviderException("down")));
    }

    private sealed class ProviderException(string message) : DbException(message);
}
