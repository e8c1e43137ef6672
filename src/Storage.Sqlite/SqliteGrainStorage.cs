using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace OrleansWorkflows.Storage.Sqlite;

/// <summary>
/// Orleans grain storage in the workflow store's SQLite file (table <c>grain_state</c>: grain id, state name, ETag and
/// the state as the silo's <see cref="IGrainStorageSerializer"/> writes it), registered as the silo's default grain
/// storage so that application grains beside the workflows keep their state in the same file. A write or clear succeeds
/// only at the ETag the grain read (none: the state must not exist) and sets a new one; otherwise it throws
/// <see cref="InconsistentStateException"/> and changes nothing.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private readonly SqliteDatabase _database;
    private readonly IGrainStorageSerializer _serializer;

    /// <summary>Creates the storage over <paramref name="database"/>.</summary>
    /// <param name="database">The database (shared with the workflow store).</param>
    /// <param name="serializer">How states are written.</param>
    public SqliteGrainStorage(SqliteDatabase database, IGrainStorageSerializer serializer)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        using var connection = _database.OpenRead();
        using var command = connection.Command(
            null, "SELECT etag, state FROM grain_state WHERE grain_id = $grain AND state_name = $name", ("$grain", grainId.ToString()), ("$name", stateName));
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            GrainStates.Found(grainState, reader.GetString(0), (byte[])reader.GetValue(1), _serializer);
        }
        else
        {
            GrainStates.Missing(grainState);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var state = _serializer.Serialize(grainState.State).ToArray();
        var etag = Guid.NewGuid().ToString("N");
        var expected = grainState.ETag;
        await _database.Writer.WriteAsync((connection, transaction) =>
        {
            Check(connection, transaction, grainId, stateName, expected);
            return connection.Execute(
                transaction,
                """
                INSERT INTO grain_state (grain_id, state_name, etag, state) VALUES ($grain, $name, $etag, $state)
                ON CONFLICT (grain_id, state_name) DO UPDATE SET etag = excluded.etag, state = excluded.state
                """,
                ("$grain", grainId.ToString()),
                ("$name", stateName),
                ("$etag", etag),
                ("$state", state));
        });
        GrainStates.Written(grainState, etag);
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var expected = grainState.ETag;
        await _database.Writer.WriteAsync((connection, transaction) =>
        {
            Check(connection, transaction, grainId, stateName, expected);
            return connection.Execute(
                transaction, "DELETE FROM grain_state WHERE grain_id = $grain AND state_name = $name", ("$grain", grainId.ToString()), ("$name", stateName));
        });
        GrainStates.Missing(grainState);
    }

    private static void Check(SqliteConnection connection, SqliteTransaction transaction, GrainId grainId, string stateName, string? expected)
    {
        var stored = connection.Scalar(
            transaction, "SELECT etag FROM grain_state WHERE grain_id = $grain AND state_name = $name", ("$grain", grainId.ToString()), ("$name", stateName)) as string;
        if (stored != expected)
        {
            throw GrainStates.Conflict(stateName, grainId, stored, expected);
        }
    }
}
