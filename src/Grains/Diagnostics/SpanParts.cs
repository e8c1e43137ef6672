using System.Collections.Concurrent;

namespace OrleansWorkflows.Diagnostics;

/// <summary>
/// Parts of span names and attributes that repeat across spans, made once: a span name such as <c>activity:SayHello</c>
/// per (prefix, name), and the boxes of small integer attribute values (sequence numbers, attempts). Each span would
/// otherwise allocate its name string and two boxes (about 100 bytes of the 700 a span allocates).
/// </summary>
internal static class SpanParts
{
    /// <summary>Names kept at most: step names are bounded (registered activities, orchestrations, entity operations);
    /// past the cap a name is built per span as before, so an unbounded set of names cannot grow the cache.</summary>
    private const int MaxNames = 4096;

    private const int BoxedInts = 256;

    private static readonly ConcurrentDictionary<(string Prefix, string Name), string> Names = new();
    private static int _names;

    private static readonly object[] Ints = [.. Enumerable.Range(0, BoxedInts).Select(i => (object)i)];

    /// <summary>The span name <c>{prefix}:{name}</c> (e.g. <c>activity:SayHello</c>), the same string for every span of it.</summary>
    /// <param name="prefix">The kind of step: <c>activity</c>, <c>orchestration</c>, <c>entity</c>, <c>event</c>.</param>
    /// <param name="name">The step's name (an activity's, an orchestration's, an entity operation's, an event's).</param>
    public static string Name(string prefix, string? name)
    {
        name ??= string.Empty;
        if (Names.TryGetValue((prefix, name), out var cached))
        {
            return cached;
        }

        var built = string.Concat(prefix, ":", name);
        if (Volatile.Read(ref _names) >= MaxNames)
        {
            return built;
        }

        var kept = Names.GetOrAdd((prefix, name), built);
        if (ReferenceEquals(kept, built))
        {
            Interlocked.Increment(ref _names); // counted here: ConcurrentDictionary.Count takes every lock
        }

        return kept;
    }

    /// <summary>A boxed <paramref name="value"/>: shared for small values (a step's sequence number, an attempt).</summary>
    /// <param name="value">The integer attribute value.</param>
    public static object Boxed(int value) => (uint)value < BoxedInts ? Ints[value] : value;
}
