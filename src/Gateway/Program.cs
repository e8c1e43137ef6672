using OrleansWorkflows.Gateway.Api;
using OrleansWorkflows.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddWorkflowBackend();
    builder.AddGatewayApi();
}
catch (GatewayStartupException ex)
{
    // A refused configuration (e.g. listening beyond loopback without an API key): the reason, no stack trace.
    await Console.Error.WriteLineAsync($"The gateway does not start: {ex.Message}");
    return 2;
}

var app = builder.Build();
app.UseGatewayErrorHandling();
app.UseGatewayAccess();
app.MapOpenApi();
app.MapGatewayEndpoints();
await app.RunAsync();
return 0;

/// <summary>The gateway's entry point (public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>).</summary>
public partial class Program;
