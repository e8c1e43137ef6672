using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace OrleansWorkflows.Silo;

/// <summary>
/// Hands ended spans to an exporter in batches, on a thread of its own: the silo's replacement for OpenTelemetry's
/// <c>BatchActivityExportProcessor</c>, with the same settings (<c>OTEL_BSP_*</c>) and the same promise (a span is
/// exported once, in a batch of at most <see cref="MaxBatchSize"/>, at the latest <see cref="Delay"/> after it ended;
/// past <see cref="MaxQueueSize"/> waiting spans the newest are dropped and counted).
/// Ending a span costs the recording thread one interlocked increment and one enqueue, and the exporter thread is woken
/// once per full batch. The SDK's processor also pays, per span, a shutdown fence of two interlocked operations and,
/// while a batch or more waits, a wake-up call; measured with the bench's paired runs
/// (<c>docs/benchmarks.md</c>, session 13) this processor cut tracing's cost on hello3 from about 15 % to about 12 %.
/// </summary>
internal sealed class SpanExportQueue : BaseExportProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> _queue = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Lock _exporting = new();
    private readonly Activity[] _batch;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _count;
    private long _dropped;

    /// <summary>Starts the exporter thread.</summary>
    /// <param name="exporter">Where batches go.</param>
    /// <param name="maxQueueSize">The most spans waiting (<c>OTEL_BSP_MAX_QUEUE_SIZE</c>).</param>
    /// <param name="maxBatchSize">The most spans per export (<c>OTEL_BSP_MAX_EXPORT_BATCH_SIZE</c>); at most <paramref name="maxQueueSize"/>.</param>
    /// <param name="delay">The longest a span waits for a batch to fill (<c>OTEL_BSP_SCHEDULE_DELAY</c>).</param>
    public SpanExportQueue(BaseExporter<Activity> exporter, int maxQueueSize, int maxBatchSize, TimeSpan delay)
        : base(exporter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueueSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBatchSize, maxQueueSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.FromMilliseconds(1));
        (MaxQueueSize, MaxBatchSize, Delay) = (maxQueueSize, maxBatchSize, delay);
        _batch = new Activity[maxBatchSize];
        _thread = new Thread(Run) { IsBackground = true, Name = "OW span export" };
        _thread.Start();
    }

    public int MaxQueueSize { get; }

    public int MaxBatchSize { get; }

    public TimeSpan Delay { get; }

    /// <summary>Spans dropped because <see cref="MaxQueueSize"/> spans were waiting.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Spans waiting for export.</summary>
    public int Waiting => Volatile.Read(ref _count);

    protected override void OnExport(Activity data)
    {
        if (!data.Recorded || _stopping)
        {
            return;
        }

        var waiting = Interlocked.Increment(ref _count);
        if (waiting > MaxQueueSize)
        {
            Interlocked.Decrement(ref _count);
            Interlocked.Increment(ref _dropped);
            return;
        }

        _queue.Enqueue(data);
        if (waiting == MaxBatchSize)
        {
            _wake.Set(); // once per batch, not once per span
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        ExportWaiting(everything: true);
        return base.OnForceFlush(timeoutMilliseconds);
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        _stopping = true;
        _wake.Set();
        _thread.Join(timeoutMilliseconds < 0 ? Timeout.Infinite : Math.Max(timeoutMilliseconds, 1));
        ExportWaiting(everything: true);
        return base.OnShutdown(timeoutMilliseconds);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !_thread.IsAlive)
        {
            _wake.Dispose();
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            if (Volatile.Read(ref _count) < MaxBatchSize)
            {
                _wake.WaitOne(Delay);
            }

            ExportWaiting(everything: false);
        }
    }

    /// <summary>Exports one batch of what waits, or (<paramref name="everything"/>) batches until nothing waits.</summary>
    private void ExportWaiting(bool everything)
    {
        lock (_exporting)
        {
            do
            {
                var count = 0;
                while (count < _batch.Length && _queue.TryDequeue(out var span))
                {
                    _batch[count++] = span;
                }

                if (count == 0)
                {
                    return;
                }

                Interlocked.Add(ref _count, -count);
                try
                {
                    exporter.Export(new Batch<Activity>(_batch, count));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // An exporter reports failures in its result; one that throws loses this batch, not the thread.
                    Trace.TraceWarning($"Span export failed: {ex.Message}");
                }
                finally
                {
                    Array.Clear(_batch, 0, count);
                }
            }
            while (everything);
        }
    }
}
