using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrleansWorkflows.UpgradeTests;

/// <summary>
/// What a fixture store holds and what the upgrade test must do with it (<c>manifest.json</c> beside the store). Written
/// by the generator from what the store held when its silo was killed; read by the upgrade test. Every JSON value
/// (outputs, payloads, states, history) is kept as JSON, not as a CLR type.
/// </summary>
/// <param name="Fixture">The fixture folder name (date and commit of the code that wrote it).</param>
/// <param name="Backend">"sqlite" or "postgresql".</param>
/// <param name="Commit">The commit whose code wrote the store.</param>
/// <param name="GeneratedAt">When the silo was killed, UTC.</param>
/// <param name="ClusterId">The Orleans cluster id the store was written under (membership rows).</param>
/// <param name="ServiceId">The Orleans service id the store was written under (reminder rows).</param>
/// <param name="Store">The store file beside the manifest (SQLite database or <c>pg_dump</c> SQL).</param>
/// <param name="Reminders">The reminder rows the store holds, as the product wrote them.</param>
/// <param name="Instances">Every orchestration instance written (including purged ones).</param>
/// <param name="Entities">Every entity written, with its exact final state.</param>
public sealed record FixtureManifest(
    string Fixture,
    string Backend,
    string Commit,
    DateTime GeneratedAt,
    string ClusterId,
    string ServiceId,
    string Store,
    IReadOnlyList<StoredReminder> Reminders,
    IReadOnlyList<FixtureInstance> Instances,
    IReadOnlyList<FixtureEntity> Entities)
{
    /// <summary>Indented, camelCase JSON; enums as strings.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <param name="path">The manifest file.</param>
    public static FixtureManifest Read(string path) =>
        JsonSerializer.Deserialize<FixtureManifest>(File.ReadAllText(path), JsonOptions) ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>Writes the manifest to <paramref name="path"/>.</summary>
    /// <param name="path">The manifest file.</param>
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions) + "\n");
}

/// <summary>A reminder row of the store: the grain id as stored (its type part names a grain class) and the reminder name.</summary>
/// <param name="GrainId">The stored grain id, e.g. <c>orchestration/timer-far</c>.</param>
/// <param name="Name">The reminder name.</param>
public sealed record StoredReminder(string GrainId, string Name);

/// <summary>One orchestration instance of the fixture.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="Name">The orchestration name.</param>
/// <param name="Case">What the instance stands for (e.g. "waits on an in-flight activity").</param>
/// <param name="StoredStatus">Its status in the store ("Absent" for a purged one).</param>
/// <param name="Actions">What the upgrade test does to it, in order.</param>
/// <param name="Expect">What it must show once the actions are done and it has finished.</param>
public sealed record FixtureInstance(
    string Id, string Name, string Case, string StoredStatus, IReadOnlyList<FixtureAction> Actions, ExpectedInstance Expect);

/// <summary>Something the upgrade test does to an instance.</summary>
/// <param name="Kind">What: raise an event, resume, rewind.</param>
/// <param name="EventName">For <see cref="FixtureActionKind.RaiseEvent"/>: the event name.</param>
/// <param name="Payload">For <see cref="FixtureActionKind.RaiseEvent"/>: the event payload.</param>
public sealed record FixtureAction(FixtureActionKind Kind, string? EventName = null, JsonNode? Payload = null);

/// <summary>The kinds of <see cref="FixtureAction"/>.</summary>
public enum FixtureActionKind
{
    /// <summary>Raise an external event.</summary>
    RaiseEvent,

    /// <summary>Resume a suspended instance.</summary>
    Resume,

    /// <summary>Rewind a failed instance.</summary>
    Rewind,
}

/// <summary>What an instance must show at the end of the upgrade test.</summary>
/// <param name="Status">The runtime status, or "Absent" (purged: no status, no history).</param>
/// <param name="Output">The exact output (for a failed instance: its failure details), or <c>null</c>.</param>
/// <param name="CustomStatus">The exact custom status, or <c>null</c>.</param>
/// <param name="History">For an instance finished in the store: its history as stored; every property of every event
/// must read back with the same value (newer code may add properties, never drop or change one).</param>
public sealed record ExpectedInstance(string Status, JsonNode? Output = null, JsonNode? CustomStatus = null, JsonArray? History = null);

/// <summary>One entity of the fixture.</summary>
/// <param name="Name">The entity name.</param>
/// <param name="Key">The entity key.</param>
/// <param name="Case">What it stands for (e.g. "locked by locker-1, signals queued behind the lock").</param>
/// <param name="State">Its exact state at the end of the upgrade test.</param>
public sealed record FixtureEntity(string Name, string Key, string Case, JsonNode State);
