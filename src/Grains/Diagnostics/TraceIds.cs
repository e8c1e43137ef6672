using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace OrleansWorkflows.Diagnostics;

/// <summary>
/// Deterministic trace and span ids: a span's id is a hash of what identifies it in history (instance, execution, kind,
/// sequence number), so the activation that commits a step and any later one (after a replay, on another silo) name it
/// alike, and a child started elsewhere (an activity on another silo, a sub-orchestration) can be given its parent's id
/// in a W3C <c>traceparent</c> before the parent's span is written. .NET generates span ids itself and offers no way to
/// choose one, so <see cref="Stamp"/> sets the private fields of <see cref="Activity"/> right after it starts (the
/// technique the Durable Task SDKs use for the same reason); where those fields are missing the span keeps its random id.
/// </summary>
internal static class TraceIds
{
    // The hash of ids: 64-bit FNV-1a over the UTF-16 code units of each part (each part preceded by its length, so no
    // two tuples of parts hash the same input), then MurmurHash3's 64-bit finaliser to spread the bits. Not
    // cryptographic (ids need only be unlikely to collide within a trace) and allocation-free: a span id costs tens of
    // nanoseconds. Fixed forever: an activation on another silo or after an upgrade must name every step alike.
    private const ulong SpanSeed = 0xcbf29ce484222325; // FNV-1a's offset basis
    private const ulong TraceSeedHigh = 0x84222325cbf29ce4;
    private const ulong TraceSeedLow = 0x9e3779b97f4a7c15;
    private const ulong FnvPrime = 0x100000001b3;

    private static readonly Lock GeneratorGate = new();
    private static bool _generatorInstalled;

    [ThreadStatic]
    private static ActivityTraceId? _rootTraceId;

    /// <summary>Whether <see cref="Stamp"/> can set ids on this runtime: <see cref="Activity"/> keeps them in these string fields.</summary>
    public static bool CanStamp { get; } = IsStringField("_spanId") && IsStringField("_traceId") && IsStringField("_id");

    /// <summary>The span id of a step: (instance, execution, kind, sequence number, rewinds before it).</summary>
    public static ActivitySpanId Span(string instanceId, string executionId, string kind, int sequence, int rewinds)
    {
        var hash = Hash(SpanSeed, instanceId, executionId, kind, sequence, rewinds);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, hash == 0 ? 1 : hash); // an all-zero span id is invalid
        return ActivitySpanId.CreateFromBytes(bytes);
    }

    /// <summary>The trace id of an execution started without a caller's trace context.</summary>
    public static ActivityTraceId Trace(string instanceId, string executionId)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, Hash(TraceSeedHigh, instanceId, executionId, "trace", 0, 0));
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Hash(TraceSeedLow, instanceId, executionId, "trace", 0, 0));
        if (bytes.IndexOfAnyExcept((byte)0) < 0)
        {
            bytes[15] = 1; // an all-zero trace id is invalid
        }

        return ActivityTraceId.CreateFromBytes(bytes);
    }

    /// <summary>The W3C <c>traceparent</c> of a span: <c>00-trace-span-flags</c>.</summary>
    public static string TraceParent(ActivityTraceId traceId, ActivitySpanId spanId, ActivityTraceFlags flags) =>
        string.Create(CultureInfo.InvariantCulture, $"00-{traceId.ToHexString()}-{spanId.ToHexString()}-{(int)flags:x2}");

    /// <summary>Reads a W3C <c>traceparent</c>; <c>false</c> for <c>null</c> or a malformed one (then it is ignored).</summary>
    public static bool TryParse(string? traceParent, out System.Diagnostics.ActivityContext context)
    {
        context = default;
        return traceParent is not null && System.Diagnostics.ActivityContext.TryParse(traceParent, null, isRemote: true, out context);
    }

    /// <summary>
    /// Runs <paramref name="create"/> (which creates a root span) so that the new span's trace id is
    /// <paramref name="traceId"/> from the start: the id the sampler decides on, not a random one replaced afterwards.
    /// .NET takes a root span's trace id from <see cref="Activity.TraceIdGenerator"/>; the engine installs a generator
    /// (once, keeping any installed before it) that answers the id given here on this thread and a random id (or the
    /// previous generator's) otherwise.
    /// </summary>
    public static Activity? WithRootTraceId<TState, TArg>(ActivityTraceId traceId, TState state, Func<TState, TArg, Activity?> create, TArg arg)
    {
        EnsureGenerator();
        _rootTraceId = traceId;
        try
        {
            return create(state, arg);
        }
        finally
        {
            _rootTraceId = null;
        }
    }

    private static void EnsureGenerator()
    {
        if (Volatile.Read(ref _generatorInstalled))
        {
            return;
        }

        lock (GeneratorGate)
        {
            if (!_generatorInstalled)
            {
                var previous = Activity.TraceIdGenerator;
                Activity.TraceIdGenerator = () => _rootTraceId ?? previous?.Invoke() ?? ActivityTraceId.CreateRandom();
                Volatile.Write(ref _generatorInstalled, true);
            }
        }
    }

    /// <summary>Gives a just-started span the ids chosen for it (the trace id only for a root span).</summary>
    public static void Stamp(Activity activity, ActivitySpanId spanId, ActivityTraceId? rootTraceId)
    {
        if (!CanStamp)
        {
            return;
        }

        SpanIdOf(activity) = spanId.ToHexString();
        if (rootTraceId is { } traceId)
        {
            TraceIdOf(activity) = traceId.ToHexString();
        }

        IdOf(activity) = null; // the W3C id string is built from the fields on first read
    }

    private static bool IsStringField(string name) =>
        typeof(Activity).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)?.FieldType == typeof(string);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_spanId")]
    private static extern ref string? SpanIdOf(Activity activity);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_traceId")]
    private static extern ref string? TraceIdOf(Activity activity);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_id")]
    private static extern ref string? IdOf(Activity activity);

    private static ulong Hash(ulong seed, string instanceId, string executionId, string kind, int sequence, int rewinds)
    {
        var h = Add(Add(Add(seed, instanceId), executionId), kind);
        h = Add(h, (uint)sequence);
        h = Add(h, (uint)rewinds);
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccd;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53;
        h ^= h >> 33;
        return h;
    }

    private static ulong Add(ulong h, string part)
    {
        h = Add(h, (uint)part.Length);
        foreach (var c in part)
        {
            h = (h ^ c) * FnvPrime;
        }

        return h;
    }

    private static ulong Add(ulong h, uint value)
    {
        for (var i = 0; i < 4; i++)
        {
            h = (h ^ ((value >> (8 * i)) & 0xff)) * FnvPrime;
        }

        return h;
    }
}
