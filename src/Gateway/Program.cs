using OrleansWorkflows.AspNetCore;
using OrleansWorkflows.DurableTask.Grpc.Hosting;
using OrleansWorkflows.Gateway.Hosting;

// A refused configuration (e.g. listening beyond loopback without an API key) ends the process with its reason and
// exit code 2, not a stack trace. (Hosted by a test factory, the exception reaches the factory instead.)
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    if (e.ExceptionObject is GatewayStartupException refused)
    {
        Console.Error.WriteLine($"The gateway does not start: {refused.Message}");
        Environment.Exit(2);
    }
};

// The host: an embedded silo or a cluster client (configuration), the workflow endpoints of OrleansWorkflows.AspNetCore and,
// when DurableTaskGrpc:Port is set, the Durable Task sidecar endpoint of OrleansWorkflows.DurableTask.Grpc.
var builder = WebApplication.CreateBuilder(args);
builder.AddWorkflowBackend();
builder.AddGatewayHosting();
builder.AddGatewayTelemetry();
builder.AddGatewayDurableTaskGrpc();

var app = builder.Build();
app.UseGatewayHosting();
app.MapWorkflowEndpoints();
app.MapGatewayMetrics();
app.MapDurableTaskGrpc();
app.Run();

/// <summary>The gateway's entry point (public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>).</summary>
public partial class Program;
