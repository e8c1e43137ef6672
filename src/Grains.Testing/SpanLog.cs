using System.Collections;
using System.Diagnostics;

namespace OrleansWorkflows.Testing;

/// <summary>
/// A thread-safe collection of finished spans for OpenTelemetry's in-memory exporter
/// (<c>tracing.AddInMemoryExporter(spanLog)</c>): silos write to it from their threads while a test reads
/// <see cref="Snapshot"/>. Filter by trace id: a listener in a test process sees the spans of every test.
/// </summary>
public sealed class SpanLog : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <summary>The spans written so far, in the order they ended.</summary>
    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    /// <summary>The spans of one trace, in the order they ended.</summary>
    /// <param name="traceId">The trace.</param>
    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => [.. Snapshot().Where(s => s.TraceId == traceId)];

    /// <inheritdoc />
    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    /// <inheritdoc />
    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    /// <inheritdoc />
    public bool Contains(Activity item)
    {
        lock (_spans)
        {
            return _spans.Contains(item);
        }
    }

    /// <inheritdoc />
    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    /// <inheritdoc />
    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    /// <inheritdoc />
    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
