using OrleansWorkflows;
using OrleansWorkflows.AspNetCore;
using OrleansWorkflows.Hosting;

var builder = WebApplication.CreateBuilder(args);

// The silo, in this process: every orchestration, activity and entity class of this project, stored where Storage:Kind
// says (default Sqlite, the file ./data/orleansworkflows.db; Memory; PostgreSql with Storage:ConnectionString).
// Ports: Orleans:SiloPort, Orleans:GatewayPort.
var storage = StorageSettings.FromConfiguration(builder.Configuration);
builder.UseOrleans(silo => silo
    .UseConfiguredStorage(storage, builder.Configuration.GetValue("Orleans:SiloPort", 11111), builder.Configuration.GetValue("Orleans:GatewayPort", 30000))
    .AddOrleansWorkflows(o => o.Registry.AddWorkflowsFromAssembly(typeof(Program).Assembly)));

// The HTTP API (/runtime/webhooks/durabletask/...), the dashboard (/dashboard/) and the API page (/api-docs/); options
// from the "Workflows" section (RoutePrefix, ApiKeys, Dashboard, ...).
builder.Services.AddWorkflowEndpoints(builder.Configuration.GetSection("Workflows"));

var app = builder.Build();
app.MapWorkflowEndpoints();
app.Run();
