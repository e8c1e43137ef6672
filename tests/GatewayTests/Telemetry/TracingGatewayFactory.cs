using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace OrleansWorkflows.GatewayTests.Telemetry;

/// <summary>The gateway with tracing on (<c>Telemetry:Tracing</c>) and OpenTelemetry's in-memory exporter added to its tracer provider.</summary>
public sealed class TracingGatewayFactory : GatewayFactory
{
    /// <summary>Every span the gateway's tracer provider exported.</summary>
    public SpanLog Spans { get; } = new();

    protected override IEnumerable<(string Key, string Value)> Settings => [("Telemetry:Tracing", "true")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
    }
}
