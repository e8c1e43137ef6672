using OpenTelemetry;
using OpenTelemetry.Metrics;
using OrleansWorkflows.Diagnostics;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Telemetry;

/// <summary>
/// The engine's histograms carry bucket advice that OpenTelemetry uses: durations in seconds from 1 ms up, sizes in
/// counts, instead of the SDK's default bounds for milliseconds (which put every duration under 5 s in one bucket).
/// No cluster: it reads what an OpenTelemetry reader exports for measurements made here.
/// </summary>
public sealed class HistogramBucketsTests
{
    [Fact]
    public void DurationsAndSizes_AreExportedWithTheAdvisedBounds()
    {
        var exported = new List<MetricSnapshot>();
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(WorkflowInstrumentation.MeterName).AddInMemoryExporter(exported).Build())
        {
            WorkflowMetrics.EpisodeDuration.Record(0.003, new KeyValuePair<string, object?>(WorkflowMetrics.NameTag, "HistogramBucketsTests"));
            WorkflowMetrics.CommitSize.Record(7, new KeyValuePair<string, object?>(WorkflowMetrics.KindTag, "HistogramBucketsTests"));
            meters.ForceFlush();
        }

        var episode = Bounds(exported, "orleansworkflows.episode.duration", WorkflowMetrics.NameTag);
        double[] advised = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, double.PositiveInfinity];
        Assert.Equal(advised, episode.Select(b => b.Bound));
        Assert.Equal(1, episode.Single(b => b.Bound == 0.005).Count); // 3 ms: between 2.5 and 5 ms

        var size = Bounds(exported, "orleansworkflows.store.commit.size", WorkflowMetrics.KindTag);
        Assert.Equal(1, size.Single(b => b.Bound == 10).Count); // 7 rows: between 5 and 10
    }

    private static List<(double Bound, long Count)> Bounds(List<MetricSnapshot> exported, string name, string tag)
    {
        foreach (var metric in exported.Where(m => m.Name == name))
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var t in point.Tags)
                {
                    if (t.Key == tag && Equals(t.Value, "HistogramBucketsTests"))
                    {
                        var buckets = new List<(double, long)>();
                        foreach (var bucket in point.GetHistogramBuckets())
                        {
                            buckets.Add((bucket.ExplicitBound, bucket.BucketCount));
                        }

                        return buckets;
                    }
                }
            }
        }

        throw new Xunit.Sdk.XunitException($"no point of {name} with {tag}=HistogramBucketsTests was exported");
    }
}
