using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansWorkflows.Hosting;

namespace OrleansWorkflows.UpgradeTests;

/// <summary>
/// The silo of the upgrade fixtures, configured as the product's silo (<c>src/Silo</c>) configures one: the store,
/// reminders and clustering of the backend through <see cref="StorageHostingExtensions.UseConfiguredStorage"/>, with
/// the fixture workflows registered. The generator runs it (in a process it kills) to write a fixture; the upgrade
/// test runs it with today's code on a copy of the fixture.
/// </summary>
public static class FixtureSilo
{
    /// <summary>Builds (does not start) the silo host.</summary>
    /// <param name="storage">The backend and its connection string.</param>
    /// <param name="clusterId">The cluster id.</param>
    /// <param name="serviceId">The service id (reminder rows belong to it).</param>
    /// <param name="mode">Generating the fixture, or running it.</param>
    /// <param name="ports">The silo port and the gateway port (loopback).</param>
    /// <param name="configure">Further silo settings (engine options of the test).</param>
    public static IHost Build(
        StorageSettings storage, string clusterId, string serviceId, FixtureMode mode, (int Silo, int Gateway) ports, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(mode);
        builder.UseOrleans(silo =>
        {
            silo.UseConfiguredStorage(storage, ports.Silo, ports.Gateway)
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId))
                .AddOrleansWorkflows(o => o.Registry.AddFixture1());
            configure?.Invoke(silo);
        });
        return builder.Build();
    }
}
