using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Configuration;
using OrleansWorkflows.Diagnostics;
using OrleansWorkflows.DurableTask.Grpc.Hosting;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Samples;
using OrleansWorkflows.Samples.Bench;
using OrleansWorkflows.Silo;

// A silo that runs the workflow engine with the samples and the Bench.* workloads of the benchmark tool (src/Bench).
// Storage:Kind picks the backend (default: a local SQLite
// file). Settings (README.md) come from the command line, environment variables (Orleans__SiloPort) or the
// appsettings.json next to the executable.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

// SettingsFile: one more JSON settings file, read after all the others (its values win) and followed while the silo
// runs, as appsettings.json is (e.g. Telemetry:Traces, which switches tracing on and off without a restart).
if (builder.Configuration["SettingsFile"] is { Length: > 0 } settingsFile)
{
    builder.Configuration.AddJsonFile(Path.GetFullPath(settingsFile), optional: false, reloadOnChange: true);
}

var siloPort = builder.Configuration.GetValue("Orleans:SiloPort", 11111);
var gatewayPort = builder.Configuration.GetValue("Orleans:GatewayPort", 30000);
var clusterId = builder.Configuration["Cluster:ClusterId"] ?? "dev";
var serviceId = builder.Configuration["Cluster:ServiceId"] ?? "dev";

var storage = StorageSettings.FromConfiguration(builder.Configuration);
var advertised = builder.Configuration["Orleans:AdvertisedIPAddress"] is { Length: > 0 } address
    ? System.Net.IPAddress.TryParse(address, out var ip) ? ip : throw new InvalidOperationException($"Orleans:AdvertisedIPAddress '{address}' is not an IP address.")
    : null;

// OpenTelemetry: the engine's spans and metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (configured by the
// standard OTEL_* variables), to the console with Telemetry:Console=true; nothing (and no cost) otherwise.
// OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER = none records a signal without exporting it, and Telemetry:Traces /
// Telemetry:Metrics = false does not record it at all (the benchmark's tracing-cost variants). Telemetry:Traces is
// followed while the silo runs (TracingSwitch): the tracer provider is built and disposed as it changes.
var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
var console = builder.Configuration.GetValue("Telemetry:Console", false);
if (otlp || console)
{
    var serviceName = string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]) ? "orleansworkflows-silo" : null;
    var configuration = builder.Configuration;
    var exportTraces = otlp && !IsNone(configuration["OTEL_TRACES_EXPORTER"]);
    TracerProvider BuildTracing()
    {
        // A provider of its own (not the host's), so it can be disposed and built again; it reads the OTEL_* settings
        // from the host's configuration, as the host's would.
        var traces = Sdk.CreateTracerProviderBuilder()
            .ConfigureServices(services => services.AddSingleton<IConfiguration>(configuration))
            .AddSource(WorkflowInstrumentation.ActivitySourceName);
        if (serviceName is not null)
        {
            traces.ConfigureResource(resource => resource.AddService(serviceName));
        }

        if (exportTraces)
        {
            traces.AddOtlpExporter(o => LargerBatches(o.BatchExportProcessorOptions, configuration));
        }

        if (console)
        {
            traces.AddConsoleExporter();
        }

        return traces.Build();
    }

    // Registered before the silo (UseOrleans below), so it starts first and stops last.
    builder.Services.AddHostedService(services => new TracingSwitch(configuration, BuildTracing, services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TracingSwitch>>()));

    if (builder.Configuration.GetValue("Telemetry:Metrics", true))
    {
        var telemetry = builder.Services.AddOpenTelemetry();
        if (serviceName is not null)
        {
            telemetry.ConfigureResource(resource => resource.AddService(serviceName));
        }

        var export = otlp && !IsNone(builder.Configuration["OTEL_METRICS_EXPORTER"]);
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(WorkflowInstrumentation.MeterName);
            if (export)
            {
                metrics.AddOtlpExporter();
            }

            if (console)
            {
                metrics.AddConsoleExporter();
            }
        });
    }
}

builder.UseOrleans(silo =>
{
    silo.UseConfiguredStorage(storage, siloPort, gatewayPort, advertised)
        .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId))
        .AddOrleansWorkflows(o => o.Registry.AddSamples().AddBenchWorkloads());

    // DurableTaskGrpc:RemoteWorkers=true: orchestrations and activities no silo registers run on the Durable Task workers
    // connected to the cluster's gateways (src/Gateway with DurableTaskGrpc:Port, a client of this cluster). Off by
    // default: then a start of an unknown name is refused as before.
    var durableTask = builder.Configuration.GetSection(DurableTaskGrpcOptions.Section);
    if (durableTask.GetValue("RemoteWorkers", false))
    {
        silo.AddDurableTaskRemoteWorkers(o => durableTask.Bind(o));
    }
});

await builder.Build().RunAsync();

static bool IsNone(string? exporter) => string.Equals(exporter?.Trim(), "none", StringComparison.OrdinalIgnoreCase);

// Spans leave in batches of 2,048 (queue 8,192) instead of the SDK's 512 (queue 2,048): every export request costs the
// silo a fixed amount (an HTTP request and its answer, the exporter thread's wake-ups), so larger batches cost less per
// span; the queue keeps about four batches, a few MB at most. OTEL_BSP_MAX_EXPORT_BATCH_SIZE / OTEL_BSP_MAX_QUEUE_SIZE
// still decide when set (docs/benchmarks.md, session 11).
static void LargerBatches(BatchExportProcessorOptions<System.Diagnostics.Activity> batches, IConfiguration configuration)
{
    if (string.IsNullOrWhiteSpace(configuration["OTEL_BSP_MAX_QUEUE_SIZE"]))
    {
        batches.MaxQueueSize = Math.Max(batches.MaxQueueSize, 8192);
    }

    if (string.IsNullOrWhiteSpace(configuration["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"]))
    {
        batches.MaxExportBatchSize = Math.Min(2048, batches.MaxQueueSize);
    }
}
