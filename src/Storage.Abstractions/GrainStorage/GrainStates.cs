using Orleans.Storage;

namespace OrleansWorkflows.Storage;

/// <summary>
/// What a backend's grain storage (the silo's default Orleans grain storage in the backend's database) does to the
/// grain's <see cref="IGrainState{T}"/> after each read, write or clear, and the error of a write at a stale ETag:
/// written once for every backend.
/// </summary>
public static class GrainStates
{
    /// <summary>A stored state was read: its ETag and its state as <paramref name="serializer"/> wrote it.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="grainState">The grain's state.</param>
    /// <param name="etag">The stored ETag.</param>
    /// <param name="state">The stored state.</param>
    /// <param name="serializer">The silo's grain storage serializer.</param>
    public static void Found<T>(IGrainState<T> grainState, string etag, byte[] state, IGrainStorageSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        ArgumentNullException.ThrowIfNull(serializer);
        grainState.ETag = etag;
        grainState.State = serializer.Deserialize<T>(new BinaryData(state));
        grainState.RecordExists = true;
    }

    /// <summary>No state is stored (none was written, or it was cleared): a new state, no ETag.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="grainState">The grain's state.</param>
    public static void Missing<T>(IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        grainState.ETag = null;
        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }

    /// <summary>The state was written under <paramref name="etag"/>.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="grainState">The grain's state.</param>
    /// <param name="etag">The new ETag.</param>
    public static void Written<T>(IGrainState<T> grainState, string etag)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    /// <summary>The error of a write or clear at <paramref name="expected"/> when the stored ETag is <paramref name="stored"/>.</summary>
    /// <param name="stateName">The state name.</param>
    /// <param name="grainId">The grain.</param>
    /// <param name="stored">The stored ETag, or <c>null</c> when nothing is stored.</param>
    /// <param name="expected">The ETag the grain read, or <c>null</c> for none.</param>
    public static InconsistentStateException Conflict(string stateName, GrainId grainId, string? stored, string? expected) =>
        new($"The state '{stateName}' of grain {grainId} is at ETag '{stored ?? "none"}', not '{expected ?? "none"}'.", stored, expected);
}
