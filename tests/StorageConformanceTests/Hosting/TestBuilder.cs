using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansWorkflows.StorageConformanceTests.Hosting;

/// <summary>A silo or client builder without a host: only its service collection matters here.</summary>
internal sealed class TestBuilder : ISiloBuilder, IClientBuilder
{
    public IServiceCollection Services { get; } = new ServiceCollection();

    public IConfiguration Configuration { get; } = new ConfigurationManager();
}
