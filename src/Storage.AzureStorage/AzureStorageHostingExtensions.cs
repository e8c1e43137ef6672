using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Providers;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.AzureStorage;

namespace OrleansWorkflows.Hosting;

/// <summary>Puts a cluster's workflow store, reminders, membership and grain state in one Azure Storage account.</summary>
public static class AzureStorageHostingExtensions
{
    /// <summary>
    /// Uses one Azure Storage account for this silo's workflow store (<see cref="AzureWorkflowStore"/>) and, through
    /// Orleans' own Azure providers, for reminders (<c>UseAzureTableReminderService</c>), cluster membership
    /// (<c>UseAzureStorageClustering</c>: the silo joins the cluster of its <c>ClusterOptions.ClusterId</c>) and the default
    /// grain storage (<c>AddAzureTableGrainStorageAsDefault</c>, so application grains beside the workflows persist to the
    /// same account). The store's tables and container are created when the silo starts; an unreachable account stops the
    /// start with an error naming it. Calling it again replaces the store's settings.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="connectionString">The account's connection string (empty when <paramref name="configure"/> sets the clients).</param>
    /// <param name="configure">Further options: the clients (e.g. with a token credential), the table prefix, the index shards.</param>
    public static ISiloBuilder UseAzureStorageWorkflowStore(this ISiloBuilder builder, string connectionString, Action<AzureStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = Options(connectionString, configure);
        var tables = options.TableServiceClient!;
        var services = builder.Services;
        services.RemoveAll<AzureStorageAccount>();
        services.AddSingleton(new AzureStorageAccount(options));
        services.RemoveAll<IWorkflowStore>();
        services.AddSingleton<IWorkflowStore>(sp => new AzureWorkflowStore(sp.GetRequiredService<AzureStorageAccount>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, AzureStorageStartup>());
        builder.UseAzureTableReminderService(o => o.TableServiceClient = tables);
        builder.UseAzureStorageClustering(o => o.TableServiceClient = tables);
        if (!services.Any(s => s.IsKeyedService && Equals(s.ServiceKey, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME) && s.ServiceType == typeof(Orleans.Storage.IGrainStorage)))
        {
            builder.AddAzureTableGrainStorageAsDefault(o => o.TableServiceClient = tables);
        }

        return builder;
    }

    /// <summary>
    /// Makes this client find the cluster's gateways in the Azure Storage membership table (Orleans' gateway list
    /// provider for Azure Tables).
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="connectionString">The account's connection string (empty when <paramref name="configure"/> sets the clients).</param>
    /// <param name="configure">Further options (the clients).</param>
    public static IClientBuilder UseAzureStorageClustering(this IClientBuilder builder, string connectionString, Action<AzureStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tables = Options(connectionString, configure).TableServiceClient!;
        return builder.UseAzureStorageClustering(o => o.TableServiceClient = tables);
    }

    private static AzureStorageOptions Options(string connectionString, Action<AzureStorageOptions>? configure)
    {
        var options = new AzureStorageOptions { ConnectionString = connectionString ?? string.Empty };
        configure?.Invoke(options);
        options.Validate();
        options.TableServiceClient ??= new TableServiceClient(options.ConnectionString);
        options.BlobServiceClient ??= new BlobServiceClient(options.ConnectionString);
        return options;
    }

    /// <summary>Creates the store's tables and container as the silo starts, so an unusable account fails the start.</summary>
    private sealed class AzureStorageStartup(AzureStorageAccount account) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(AzureStorageStartup), ServiceLifecycleStage.RuntimeInitialize, account.EnsureReadyAsync);
    }
}
