using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrleansWorkflows.AspNetCore;
using OrleansWorkflows.Diagnostics;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// OpenTelemetry for the gateway: the engine's spans (source <see cref="WorkflowInstrumentation.ActivitySourceName"/>,
/// from the embedded silo) under ASP.NET Core's request spans, and the engine's and the endpoints' metrics (meter
/// <see cref="WorkflowInstrumentation.MeterName"/>) with ASP.NET Core's. Exporters:
/// <list type="bullet">
/// <item>OTLP, traces and metrics, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; configured by the standard
/// <c>OTEL_*</c> variables (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>, ...);</item>
/// <item>Prometheus: <c>{RoutePrefix}/metrics</c>, behind the API key when keys are configured (<c>Telemetry:Prometheus</c>,
/// default on);</item>
/// <item>the console, in the Development environment (<c>Telemetry:Console</c>, default on there, off elsewhere).</item>
/// </list>
/// Tracing runs only when it goes somewhere (OTLP, the console, or <c>Telemetry:Tracing=true</c> for an exporter added in
/// code): with no listener the engine writes no span at all.
/// </summary>
internal static class GatewayTelemetry
{
    public const string DefaultServiceName = "orleansworkflows-gateway";

    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var console = configuration.GetValue("Telemetry:Console", builder.Environment.IsDevelopment());
        var prometheus = configuration.GetValue("Telemetry:Prometheus", true);
        var tracing = otlp || console || configuration.GetValue("Telemetry:Tracing", false);

        var telemetry = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
        {
            telemetry.ConfigureResource(resource => resource.AddService(DefaultServiceName));
        }

        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(WorkflowInstrumentation.MeterName).AddAspNetCoreInstrumentation();
            if (prometheus)
            {
                metrics.AddPrometheusExporter();
            }

            if (console)
            {
                metrics.AddConsoleExporter();
            }
        });
        if (tracing)
        {
            telemetry.WithTracing(traces =>
            {
                traces.AddSource(WorkflowInstrumentation.ActivitySourceName).AddAspNetCoreInstrumentation();
                if (console)
                {
                    traces.AddConsoleExporter();
                }
            });
        }

        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Maps the Prometheus scraping endpoint under the endpoints' route prefix (so the API key check covers it).</summary>
    public static WebApplication MapGatewayMetrics(this WebApplication app)
    {
        if (app.Configuration.GetValue("Telemetry:Prometheus", true))
        {
            var prefix = app.Services.GetRequiredService<IOptions<WorkflowEndpointsOptions>>().Value.RoutePrefix;
            app.MapPrometheusScrapingEndpoint($"{prefix}/metrics");
        }

        return app;
    }
}
