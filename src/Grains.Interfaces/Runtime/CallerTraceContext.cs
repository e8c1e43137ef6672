namespace OrleansWorkflows.Runtime;

/// <summary>
/// Carries a client's W3C trace context (<c>Activity.Current</c>'s id) to the grain it calls in Orleans'
/// <see cref="RequestContext"/>, for calls whose signature has no place for it (a client's entity signal): the grain reads
/// it as the parent of the work the call causes. Never persisted under this key; absent when the caller traces nothing.
/// </summary>
internal static class CallerTraceContext
{
    /// <summary>The request-context key.</summary>
    public const string Key = "ow.traceparent";

    /// <summary>The caller's trace context of the grain call being served, or <c>null</c>.</summary>
    public static string? Current => RequestContext.Get(Key) as string;

    /// <summary>Makes <paramref name="call"/> with <paramref name="traceParent"/> in its request context (unchanged when <c>null</c>).</summary>
    /// <typeparam name="T">The call's result.</typeparam>
    /// <param name="traceParent">The caller's trace context, or <c>null</c>.</param>
    /// <param name="call">The grain call.</param>
    public static async Task<T> CallAsync<T>(string? traceParent, Func<Task<T>> call)
    {
        if (traceParent is null)
        {
            return await call();
        }

        // An async method: the change of the request context stays inside this call (the caller's context is restored).
        RequestContext.Set(Key, traceParent);
        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Remove(Key);
        }
    }
}
