using OrleansWorkflows.Gateway.Api;
using OrleansWorkflows.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWorkflowBackend();
builder.AddGatewayApi();

var app = builder.Build();
app.UseGatewayErrorHandling();
app.UseGatewayAccess();
app.MapOpenApi();
app.MapGatewayEndpoints();
app.Run();

/// <summary>The gateway's entry point (public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>).</summary>
public partial class Program;
