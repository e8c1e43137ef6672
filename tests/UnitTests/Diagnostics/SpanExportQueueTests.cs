using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrleansWorkflows.Silo;
using Xunit;

namespace OrleansWorkflows.UnitTests.Diagnostics;

/// <summary>The silo's span export queue: every span exported once, in batches, with the provider's resource; a full
/// queue drops and counts; disposing the provider exports what waits.</summary>
public sealed class SpanExportQueueTests : IDisposable
{
    private readonly ActivitySource _source = new($"SpanExportQueueTests-{Guid.NewGuid():N}");

    public void Dispose() => _source.Dispose();

    [Fact]
    public void SpansFromManyThreads_LeaveInBatchesAsSoonAsABatchIsFull_AndEachIsExportedOnce_WithTheProvidersResource()
    {
        // A delay of ten minutes: whatever is exported before the provider is disposed left because a batch was full.
        var exporter = new BatchRecorder();
        var queue = new SpanExportQueue(exporter, maxQueueSize: 100_000, maxBatchSize: 64, delay: TimeSpan.FromMinutes(10));
        using (var provider = Provider(queue))
        {
            Parallel.For(0, 4, thread =>
            {
                for (var i = 0; i < 1_000; i++)
                {
                    using var span = _source.StartActivity($"span {thread}/{i}");
                }
            });

            Assert.True(
                SpinWait.SpinUntil(() => queue.Waiting < 64 && exporter.Count + queue.Waiting == 4_000, TimeSpan.FromSeconds(30)),
                $"{exporter.Count} exported, {queue.Waiting} waiting");
            Assert.Equal("span-export-tests", exporter.ServiceName);
        }

        // Disposing the provider exported the rest.
        Assert.Equal(4_000, exporter.Count);
        Assert.Equal(4_000, exporter.Names.Distinct().Count());
        Assert.All(exporter.BatchSizes, size => Assert.InRange(size, 1, 64));
        Assert.Equal(0, queue.Dropped);
    }

    [Fact]
    public void AFullQueue_DropsTheNewestAndCountsThem_AndDisposingTheProviderExportsWhatWaits()
    {
        var exporter = new BatchRecorder { Blocked = new ManualResetEventSlim(false) };
        var queue = new SpanExportQueue(exporter, maxQueueSize: 10, maxBatchSize: 10, delay: TimeSpan.FromMilliseconds(1));
        var provider = Provider(queue);
        try
        {
            // The first span's batch holds the exporter thread; then ten spans fill the queue and five more are dropped.
            using (_source.StartActivity("first"))
            {
            }

            Assert.True(SpinWait.SpinUntil(() => exporter.Exporting, TimeSpan.FromSeconds(30)), "the exporter thread took the first span");
            for (var i = 0; i < 15; i++)
            {
                using var span = _source.StartActivity($"span {i}");
            }

            Assert.Equal(10, queue.Waiting);
            Assert.Equal(5, queue.Dropped);
        }
        finally
        {
            exporter.Blocked.Set();
            provider.Dispose();
        }

        Assert.Equal(11, exporter.Count);
        Assert.Equal(["first", .. Enumerable.Range(0, 10).Select(i => $"span {i}")], exporter.Names);
    }

    [Fact]
    public void SpansNotSampled_AreNotQueued()
    {
        var exporter = new BatchRecorder();
        var queue = new SpanExportQueue(exporter, maxQueueSize: 100, maxBatchSize: 10, delay: TimeSpan.FromMilliseconds(5));
        using (Sdk.CreateTracerProviderBuilder().AddSource(_source.Name).SetSampler(new AlwaysOffSampler()).AddProcessor(queue).Build())
        {
            using var span = _source.StartActivity("not sampled");
            Assert.False(span?.Recorded ?? false); // the SDK may still create it, to propagate its context
            Assert.Equal(0, queue.Waiting);
        }

        Assert.Equal(0, exporter.Count);
    }

    [Fact]
    public void Batching_ReadsTheStandardVariables_WithLargerDefaultsThanTheSdk_AndRefusesWhatIsNotAPositiveNumber()
    {
        Assert.Equal((8192, 2048, TimeSpan.FromSeconds(5)), SpanExport.Batching(Configuration([])));
        Assert.Equal(
            (1000, 1000, TimeSpan.FromMilliseconds(250)),
            SpanExport.Batching(Configuration([new("OTEL_BSP_MAX_QUEUE_SIZE", "1000"), new("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "4096"), new("OTEL_BSP_SCHEDULE_DELAY", "250")])));

        var bad = Assert.Throws<InvalidOperationException>(() => SpanExport.Batching(Configuration([new("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "-3")])));
        Assert.Contains("OTEL_BSP_MAX_EXPORT_BATCH_SIZE must be a positive whole number, not '-3'", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExporterOptions_TheTracesEndpointAndProtocolWinAndAreUsedAsGiven_AndABadOneIsRefusedByName()
    {
        var options = SpanExport.ExporterOptions(Configuration([
            new("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector.example:4318/custom/traces"),
            new("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"),
            new("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "1234"),
        ]));

        Assert.Equal(new Uri("http://collector.example:4318/custom/traces"), options.Endpoint);
        Assert.Equal(OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf, options.Protocol);
        Assert.Equal(1234, options.TimeoutMilliseconds);

        var bad = Assert.Throws<InvalidOperationException>(() => SpanExport.ExporterOptions(Configuration([new("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "carrier-pigeon")])));
        Assert.Contains("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be grpc or http/protobuf", bad.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(KeyValuePair<string, string?>[] values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private TracerProvider Provider(SpanExportQueue queue) => Sdk.CreateTracerProviderBuilder()
        .ConfigureResource(resource => resource.AddService("span-export-tests"))
        .AddSource(_source.Name)
        .AddProcessor(queue)
        .Build();

    /// <summary>Records each batch's size and every span's name; can hold the exporter thread inside its first export.</summary>
    private sealed class BatchRecorder : BaseExporter<Activity>
    {
        private readonly Lock _lock = new();
        private readonly List<string> _names = [];
        private readonly List<int> _sizes = [];

        public ManualResetEventSlim? Blocked { get; init; }

        public bool Exporting { get; private set; }

        public string? ServiceName { get; private set; }

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _names.Count;
                }
            }
        }

        public List<string> Names
        {
            get
            {
                lock (_lock)
                {
                    return [.. _names];
                }
            }
        }

        public List<int> BatchSizes
        {
            get
            {
                lock (_lock)
                {
                    return [.. _sizes];
                }
            }
        }

        public override ExportResult Export(in Batch<Activity> batch)
        {
            var names = new List<string>();
            foreach (var span in batch)
            {
                names.Add(span.DisplayName);
            }

            lock (_lock)
            {
                _names.AddRange(names);
                _sizes.Add(names.Count);
                ServiceName ??= ParentProvider?.GetResource().Attributes.FirstOrDefault(a => a.Key == "service.name").Value as string;
            }

            Exporting = true;
            Blocked?.Wait();
            return ExportResult.Success;
        }
    }
}
