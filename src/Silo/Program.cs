using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Samples;

// A silo that runs the workflow engine with the samples. Clustering is localhost for now (a later issue adds
// PostgreSQL); ports come from configuration (Orleans:SiloPort, Orleans:GatewayPort; command line, environment
// variables as Orleans__SiloPort, or appsettings.json).
var builder = Host.CreateApplicationBuilder(args);
var siloPort = builder.Configuration.GetValue("Orleans:SiloPort", 11111);
var gatewayPort = builder.Configuration.GetValue("Orleans:GatewayPort", 30000);

builder.UseOrleans(silo => silo
    .UseLocalhostClustering(siloPort, gatewayPort)
    .AddOrleansWorkflows(o => o.Registry.AddSamples())
    .UseInMemoryReminderService());

await builder.Build().RunAsync();
