using System.Text.Json;

namespace OrleansWorkflows.Runtime;

/// <summary>
/// The format version of the engine's stored JSON (engine state, entity engine state, inbox and outbox messages): written
/// first as <c>"v"</c> on every write. Text without it was written before versions existed and has the shape of version 1
/// (read as version 0). A version newer than <see cref="Current"/> fails to read with an error that says so, instead of
/// being misread.
/// </summary>
internal static class StoredFormat
{
    /// <summary>The stored name of the version property.</summary>
    public const string VersionProperty = "v";

    /// <summary>The version this code writes, and the newest it reads.</summary>
    public const int Current = 1;

    /// <summary>Accepts a version this code reads (0 to <see cref="Current"/>); throws for any other.</summary>
    /// <param name="version">The stored version.</param>
    /// <param name="what">What was stored, for the message (e.g. <c>"engine state"</c>).</param>
    public static void Check(int version, string what)
    {
        if (version is < 0 or > Current)
        {
            throw new JsonException(
                $"The stored {what} has format version {version}, but this version of the engine reads format versions up to {Current}: "
                + "it was written by a newer version of OrleansWorkflows. Run that version (or a later one) on this store; a store "
                + "a newer version has written to cannot be downgraded.");
        }
    }
}
