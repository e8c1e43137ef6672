using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace OrleansWorkflows.Silo;

/// <summary>
/// The silo's OTLP span export, from the standard settings (environment variables, the command line or a settings file):
/// the OTLP exporter behind a <see cref="SpanExportQueue"/>.
/// <list type="bullet">
/// <item><c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>_PROTOCOL</c>, <c>_HEADERS</c>, <c>_TIMEOUT</c> as the SDK reads them
/// (a value given in configuration but not in the environment is handed to the SDK through the process environment), and
/// the traces-specific <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> (used as given), <c>_TRACES_PROTOCOL</c>,
/// <c>_TRACES_HEADERS</c>, <c>_TRACES_TIMEOUT</c> over them;</item>
/// <item><c>OTEL_BSP_MAX_QUEUE_SIZE</c> (default 8,192), <c>OTEL_BSP_MAX_EXPORT_BATCH_SIZE</c> (default 2,048, at most the
/// queue) and <c>OTEL_BSP_SCHEDULE_DELAY</c> in milliseconds (default 5,000). Larger batches than the SDK's 512 cost less
/// per span (one HTTP request and one wake-up per batch); the queue keeps about four batches, a few MB.</item>
/// </list>
/// A value that is not a positive whole number fails with its name.
/// </summary>
internal static class SpanExport
{
    public const int DefaultMaxQueueSize = 8192;
    public const int DefaultMaxBatchSize = 2048;
    public const int DefaultDelayMilliseconds = 5000;

    private const string Prefix = "OTEL_EXPORTER_OTLP_";

    /// <summary>The processor that exports the silo's spans over OTLP as <paramref name="configuration"/> says.</summary>
    public static SpanExportQueue Create(IConfiguration configuration)
    {
        var (queue, batch, delay) = Batching(configuration);
        return new SpanExportQueue(new OtlpTraceExporter(ExporterOptions(configuration)), queue, batch, delay);
    }

    /// <summary>The queue size, batch size and delay <paramref name="configuration"/> asks for (or the defaults).</summary>
    public static (int MaxQueueSize, int MaxBatchSize, TimeSpan Delay) Batching(IConfiguration configuration)
    {
        var queue = Positive(configuration, "OTEL_BSP_MAX_QUEUE_SIZE") ?? DefaultMaxQueueSize;
        var batch = Math.Min(Positive(configuration, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE") ?? DefaultMaxBatchSize, queue);
        var delay = Positive(configuration, "OTEL_BSP_SCHEDULE_DELAY") ?? DefaultDelayMilliseconds;
        return (queue, batch, TimeSpan.FromMilliseconds(delay));
    }

    /// <summary>The OTLP exporter's options: the SDK's reading of the <c>OTEL_EXPORTER_OTLP_*</c> variables, then the traces-specific ones.</summary>
    public static OtlpExporterOptions ExporterOptions(IConfiguration configuration)
    {
        // The SDK's options read the environment only: settings given another way (the command line, a settings file)
        // reach it through the process environment, where nothing set them.
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is not null && key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && !key.Contains(':', StringComparison.Ordinal)
                && !key.StartsWith(Prefix + "TRACES_", StringComparison.OrdinalIgnoreCase) // read below
                && Environment.GetEnvironmentVariable(key.ToUpperInvariant()) is null)
            {
                Environment.SetEnvironmentVariable(key.ToUpperInvariant(), value);
            }
        }

        var options = new OtlpExporterOptions();
        if (configuration[Prefix + "TRACES_ENDPOINT"] is { Length: > 0 } endpoint)
        {
            options.Endpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
                ? uri
                : throw new InvalidOperationException($"{Prefix}TRACES_ENDPOINT must be an absolute URI, not '{endpoint}'.");
        }

        if (configuration[Prefix + "TRACES_PROTOCOL"] is { Length: > 0 } protocol)
        {
            options.Protocol = protocol.Trim() switch
            {
                "grpc" => OtlpExportProtocol.Grpc,
                "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
                _ => throw new InvalidOperationException($"{Prefix}TRACES_PROTOCOL must be grpc or http/protobuf, not '{protocol}'."),
            };
        }

        if (configuration[Prefix + "TRACES_HEADERS"] is { Length: > 0 } headers)
        {
            options.Headers = headers;
        }

        if (Positive(configuration, Prefix + "TRACES_TIMEOUT") is { } timeout)
        {
            options.TimeoutMilliseconds = timeout;
        }

        return options;
    }

    private static int? Positive(IConfiguration configuration, string key) =>
        configuration[key] is not { } text || string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new InvalidOperationException($"{key} must be a positive whole number, not '{text}'.");
}
