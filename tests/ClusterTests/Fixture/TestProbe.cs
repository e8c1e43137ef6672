using System.Collections.Concurrent;

namespace OrleansWorkflows.ClusterTests.Fixture;

/// <summary>
/// One object shared by every silo of the test cluster (registered as a singleton instance in each silo), through
/// which test grains, orchestrations and activities report what happened: records per key, in arrival order.
/// </summary>
public sealed class TestProbe
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _records = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="value"/> under <paramref name="key"/>.</summary>
    /// <param name="key">What it is about (use a key unique to the test, e.g. its instance id).</param>
    /// <param name="value">What happened.</param>
    public void Record(string key, string value) => _records.GetOrAdd(key, _ => new()).Enqueue(value);

    /// <summary>The records under <paramref name="key"/>, oldest first.</summary>
    /// <param name="key">The key.</param>
    public IReadOnlyList<string> Records(string key) => _records.TryGetValue(key, out var queue) ? [.. queue] : [];

    /// <summary>How many records <paramref name="key"/> has.</summary>
    /// <param name="key">The key.</param>
    public int Count(string key) => _records.TryGetValue(key, out var queue) ? queue.Count : 0;
}
