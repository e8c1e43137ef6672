using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansWorkflows.Bench;

/// <summary>
/// A stand-in OpenTelemetry collector for <c>--otlp</c>: an OTLP/HTTP endpoint on a loopback port that reads every
/// export request (traces, metrics) to its end and answers it as a collector does (200, an empty protobuf response), so
/// the silo's tracing runs exactly as it would against a real collector: spans recorded, batched, serialised and sent.
/// It counts what it received; it keeps nothing. It is served by Kestrel (session 11): the managed
/// <see cref="HttpListener"/> used before cost the bench process 60-230 µs of CPU per hello3 orchestration with spans
/// exported, CPU taken from the silo on a two-core machine, so the throughput row charged the stand-in collector's own
/// cost to tracing. A real collector runs elsewhere.
/// </summary>
internal sealed class OtlpSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _traceRequests;
    private long _bytes;

    private OtlpSink(int port)
    {
        Endpoint = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        // No configuration file watcher: with reloadOnChange the host watches its content root (the bench's output
        // folder, where results and profiles are written), which cost the bench process about 1 % of a core.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, port);
            o.Limits.MaxRequestBodySize = null; // a batch of spans is as large as the exporter makes it
        });
        _app = builder.Build();
        _app.MapPost("/v1/{signal}", ReceiveAsync);
    }

    /// <summary>The OTLP/HTTP base address the silo exports to.</summary>
    public string Endpoint { get; }

    /// <summary>Export requests received.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Export requests of spans (<c>/v1/traces</c>) received.</summary>
    public long TraceRequests => Interlocked.Read(ref _traceRequests);

    /// <summary>Bytes of export requests received.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Waits until at least one export request arrived (or <paramref name="timeout"/> passed).</summary>
    /// <param name="timeout">How long to wait at most.</param>
    public Task WaitForExportAsync(TimeSpan timeout) => Poll.UntilAsync(() => Requests > 0, timeout);

    /// <summary>Starts a sink on a free loopback port.</summary>
    public static OtlpSink Start()
    {
        var sink = new OtlpSink(ChildProcess.FreePorts(1)[0]);
        sink._app.StartAsync().GetAwaiter().GetResult();
        return sink;
    }

    /// <summary>
    /// The silo settings that turn its tracing and metrics on and send them here: OTLP over HTTP/protobuf with the SDK's
    /// defaults (batches of 512 spans), except a batch queue large enough that no span is dropped at this load (the
    /// default queue of 2,048 could drop some and so understate the cost) and a short delay, so the last spans of a run
    /// are sent before the silo is killed. (Session 8 used batches of 4,096, which keep every span alive eight times
    /// longer before it is exported; <c>OTEL_BSP_MAX_EXPORT_BATCH_SIZE</c> in the tool's environment still sets it.)
    /// </summary>
    public Dictionary<string, string> SiloSettings() => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_MAX_QUEUE_SIZE"] = "200000",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long read = 0;
            int n;
            while ((n = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                read += n;
            }

            Interlocked.Increment(ref _requests);
            if (context.Request.RouteValues["signal"] is "traces")
            {
                Interlocked.Increment(ref _traceRequests);
            }

            Interlocked.Add(ref _bytes, read);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.ContentLength = 0;
    }
}
