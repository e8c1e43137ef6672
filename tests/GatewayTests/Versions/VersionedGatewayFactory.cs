using Microsoft.AspNetCore.Hosting;
using OrleansWorkflows.Hosting;

namespace OrleansWorkflows.GatewayTests.Versions;

/// <summary>The embedded gateway with two versions of <c>Greeting</c> registered beside the samples: each returns
/// "v{version}: hello {input}".</summary>
public sealed class VersionedGatewayFactory : GatewayFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddOrleansWorkflows(o => o.Registry
            .AddOrchestrator("Greeting", "1", context => Task.FromResult<object?>($"v1: hello {context.GetInput<string>()}"))
            .AddOrchestrator("Greeting", "2", context => Task.FromResult<object?>($"v2: hello {context.GetInput<string>()}"))));
    }
}
