using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

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
    private static readonly FieldInfo? SpanIdField = typeof(Activity).GetField("_spanId", BindingFlags.Instance | BindingFlags.NonPublic);
    private static readonly FieldInfo? TraceIdField = typeof(Activity).GetField("_traceId", BindingFlags.Instance | BindingFlags.NonPublic);
    private static readonly FieldInfo? IdField = typeof(Activity).GetField("_id", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>Whether <see cref="Stamp"/> can set ids on this runtime.</summary>
    public static bool CanStamp => SpanIdField?.FieldType == typeof(string) && TraceIdField?.FieldType == typeof(string);

    /// <summary>The span id of a step: (instance, execution, kind, sequence number, rewinds before it).</summary>
    public static ActivitySpanId Span(string instanceId, string executionId, string kind, int sequence, int rewinds)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{instanceId}\n{executionId}\n{kind}\n{sequence}\n{rewinds}")), hash);
        if (hash[..8].IndexOfAnyExcept((byte)0) < 0)
        {
            hash[7] = 1; // an all-zero span id is invalid
        }

        return ActivitySpanId.CreateFromBytes(hash[..8]);
    }

    /// <summary>The trace id of an execution started without a caller's trace context.</summary>
    public static ActivityTraceId Trace(string instanceId, string executionId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"trace\n{instanceId}\n{executionId}"), hash);
        if (hash[..16].IndexOfAnyExcept((byte)0) < 0)
        {
            hash[15] = 1; // an all-zero trace id is invalid
        }

        return ActivityTraceId.CreateFromBytes(hash[..16]);
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

    /// <summary>Gives a just-started span the ids chosen for it (the trace id only for a root span).</summary>
    public static void Stamp(Activity activity, ActivitySpanId spanId, ActivityTraceId? rootTraceId)
    {
        if (!CanStamp)
        {
            return;
        }

        SpanIdField!.SetValue(activity, spanId.ToHexString());
        if (rootTraceId is { } traceId)
        {
            TraceIdField!.SetValue(activity, traceId.ToHexString());
        }

        IdField?.SetValue(activity, null); // the W3C id string is built from the fields on first read
    }
}
