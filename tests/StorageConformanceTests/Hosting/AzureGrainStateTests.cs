using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.StorageConformanceTests.AzureStorage;
using OrleansWorkflows.TestSupport;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.Hosting;

/// <summary>
/// An application grain hosted beside the workflows on <c>Storage:Kind = AzureStorage</c> keeps its state in the
/// account through Orleans' Azure Table grain storage (the silo's default): written on one silo, read back after the
/// silo restarted.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureGrainStateTests(AzuriteServer azurite)
{
    [Fact]
    public async Task ApplicationGrainState_WrittenBeforeASiloRestart_IsReadBackAfterIt()
    {
        var (cluster, service) = ("c" + Guid.NewGuid().ToString("N")[..8], "s" + Guid.NewGuid().ToString("N")[..8]);
        using (var silo = await StartSiloAsync(cluster, service))
        {
            var wallet = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IWalletGrain>("ada");
            await wallet.DepositAsync(40);
            await wallet.DepositAsync(2);
            await silo.StopAsync();
        }

        using (var silo = await StartSiloAsync(cluster, service))
        {
            Assert.Equal(42, await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IWalletGrain>("ada").BalanceAsync());
            Assert.Equal(0, await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IWalletGrain>("bob").BalanceAsync());
            await silo.StopAsync();
        }

        // In Orleans' grain state table of the account, under this service.
        var rows = new TableServiceClient(azurite.ConnectionString).GetTableClient("OrleansGrainState").QueryAsync<TableEntity>(select: ["PartitionKey"]);
        Assert.Contains(await rows.ToListAsync(), r => r.PartitionKey.Contains(service, StringComparison.Ordinal));
    }

    private async Task<IHost> StartSiloAsync(string cluster, string service)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging();
        builder.UseOrleans(silo => silo
            .UseConfiguredStorage(new StorageSettings(StorageKind.AzureStorage, azurite.ConnectionString), FreePort(), FreePort())
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster, service)));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>An application grain with persistent state in the silo's default grain storage.</summary>
public interface IWalletGrain : IGrainWithStringKey
{
    /// <summary>Adds to the balance and writes the state.</summary>
    Task DepositAsync(int amount);

    /// <summary>The balance as stored.</summary>
    Task<int> BalanceAsync();
}

/// <summary>The state of <see cref="IWalletGrain"/>.</summary>
[GenerateSerializer]
public sealed class Wallet
{
    /// <summary>The balance.</summary>
    [Id(0)]
    public int Balance { get; set; }
}

/// <summary>The application grain: its state in the default grain storage.</summary>
public sealed class WalletGrain([PersistentState("wallet")] IPersistentState<Wallet> state) : Grain, IWalletGrain
{
    /// <inheritdoc />
    public async Task DepositAsync(int amount)
    {
        state.State.Balance += amount;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<int> BalanceAsync() => Task.FromResult(state.State.Balance);
}
