namespace OrleansWorkflows.Runtime;

/// <summary>
/// The placement hint a start carries in Orleans' <see cref="RequestContext"/>: which orchestration (name, version) the
/// instance it addresses will run, so that the engine places a new instance on a silo that registers that version (the
/// instance's record does not exist yet). Keyed to the instance id: calls the started instance makes in the same turn
/// carry the value along and must not be placed by it.
/// </summary>
internal static class StartPlacement
{
    /// <summary>The request-context key.</summary>
    public const string Key = "ow.start";

    /// <summary>Runs <paramref name="call"/> (a call to instance <paramref name="instanceId"/>) with the hint set.</summary>
    public static async Task<T> WithHintAsync<T>(string instanceId, string name, string? version, Func<Task<T>> call)
    {
        RequestContext.Set(Key, $"{instanceId}\n{name}\n{version}");
        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Remove(Key);
        }
    }

    /// <summary>The (name, version) a start hint in <paramref name="data"/> gives for <paramref name="instanceId"/>, if any.</summary>
    public static (string Name, string? Version)? Read(IReadOnlyDictionary<string, object>? data, string instanceId)
    {
        if (data is null || !data.TryGetValue(Key, out var value) || value is not string text)
        {
            return null;
        }

        var parts = text.Split('\n');
        return parts.Length == 3 && parts[0] == instanceId ? (parts[1], parts[2].Length == 0 ? null : parts[2]) : null;
    }
}
