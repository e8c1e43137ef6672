using System.Collections.Concurrent;
using System.Globalization;
using System.Diagnostics.Metrics;

namespace OrleansWorkflows.Testing;

/// <summary>
/// Records the measurements of one meter (by default the engine's, <c>OrleansWorkflows</c>) for a test: per instrument
/// and tag set, how many measurements and their sum, the last value of a gauge (after <see cref="Observe"/>). A listener in
/// a test process sees every test's measurements: assert on tags only the test's workload uses (its own orchestration
/// names), or on differences.
/// </summary>
public sealed class MetricLog : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Totals> _totals = new(StringComparer.Ordinal);

    /// <summary>Starts listening to the instruments of <paramref name="meterName"/>.</summary>
    /// <param name="meterName">The meter.</param>
    public MetricLog(string meterName = "OrleansWorkflows")
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments (gauges) now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>How many measurements <paramref name="instrument"/> took with (at least) <paramref name="tags"/>.</summary>
    /// <param name="instrument">The instrument name.</param>
    /// <param name="tags">Tags the measurements must carry (<c>key=value</c>).</param>
    public long Count(string instrument, params string[] tags) => Matching(instrument, tags).Sum(t => t.Count);

    /// <summary>The sum of the measurements of <paramref name="instrument"/> with (at least) <paramref name="tags"/>.</summary>
    /// <param name="instrument">The instrument name.</param>
    /// <param name="tags">Tags the measurements must carry (<c>key=value</c>).</param>
    public double Sum(string instrument, params string[] tags) => Matching(instrument, tags).Sum(t => t.Sum);

    /// <summary>The smallest measurement of <paramref name="instrument"/> with (at least) <paramref name="tags"/>.</summary>
    /// <param name="instrument">The instrument name.</param>
    /// <param name="tags">Tags the measurements must carry (<c>key=value</c>).</param>
    public double Min(string instrument, params string[] tags) => Matching(instrument, tags).Select(t => t.Min).DefaultIfEmpty(double.NaN).Min();

    /// <summary>The largest measurement of <paramref name="instrument"/> with (at least) <paramref name="tags"/>.</summary>
    /// <param name="instrument">The instrument name.</param>
    /// <param name="tags">Tags the measurements must carry (<c>key=value</c>).</param>
    public double Max(string instrument, params string[] tags) => Matching(instrument, tags).Select(t => t.Max).DefaultIfEmpty(double.NaN).Max();

    /// <summary>The last measurement of <paramref name="instrument"/> with exactly <paramref name="tags"/> (a gauge's value).</summary>
    /// <param name="instrument">The instrument name.</param>
    /// <param name="tags">The measurement's tags (<c>key=value</c>).</param>
    public double? Last(string instrument, params string[] tags) => _totals.TryGetValue(Key(instrument, tags), out var t) ? t.Last : null;

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private IEnumerable<Totals> Matching(string instrument, string[] tags) =>
        _totals.Where(kv => kv.Key.Split('|') is var parts && parts[0] == instrument && tags.All(t => Array.IndexOf(parts, t, 1) >= 0)).Select(kv => kv.Value);

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var pairs = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            pairs[i] = string.Create(CultureInfo.InvariantCulture, $"{tags[i].Key}={tags[i].Value}");
        }

        _totals.GetOrAdd(Key(instrument.Name, pairs), _ => new Totals()).Add(value);
    }

    private static string Key(string instrument, string[] tags) => string.Join('|', [instrument, .. tags.Order(StringComparer.Ordinal)]);

    private sealed class Totals
    {
        private readonly Lock _gate = new();

        public long Count { get; private set; }

        public double Sum { get; private set; }

        public double Min { get; private set; } = double.MaxValue;

        public double Max { get; private set; } = double.MinValue;

        public double Last { get; private set; }

        public void Add(double value)
        {
            lock (_gate)
            {
                Count++;
                Sum += value;
                Min = Math.Min(Min, value);
                Max = Math.Max(Max, value);
                Last = value;
            }
        }
    }
}
