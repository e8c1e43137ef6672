namespace OrleansWorkflows;

/// <summary>
/// Names the engine keeps for its own messages (such as the internal wake-up event <c>$ow-wake</c>): an external event
/// named so would be taken for the engine's own and dropped, so clients and orchestrations may not send one.
/// </summary>
internal static class ReservedNames
{
    /// <summary>The prefix of every engine-internal event name (compared case-insensitively).</summary>
    public const string Prefix = "$ow-";

    /// <summary>Returns why <paramref name="eventName"/> may not be sent, or <c>null</c> when it may.</summary>
    public static string? ValidateEventName(string? eventName) =>
        eventName is not null && eventName.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            ? $"Event names starting with '{Prefix}' are reserved for the engine."
            : null;
}
