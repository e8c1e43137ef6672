using Orleans.Storage;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>
/// Orleans grain storage in the cluster's PostgreSQL database (table <c>ow_grain_state</c>: grain id, state name, ETag and
/// the state as the silo's <see cref="IGrainStorageSerializer"/> writes it), registered as the silo's default grain
/// storage so that application grains beside the workflows keep their state in the same database. Each write or clear
/// is one statement conditional on the ETag the grain read (none: the state must not exist) and sets a new one; when
/// the condition fails it throws <see cref="InconsistentStateException"/> and changes nothing.
/// </summary>
public sealed class PostgreSqlGrainStorage : IGrainStorage
{
    private readonly PostgreSqlDatabase _database;
    private readonly IGrainStorageSerializer _serializer;

    /// <summary>Creates the storage over <paramref name="database"/>.</summary>
    /// <param name="database">The database (shared with the workflow store).</param>
    /// <param name="serializer">How states are written.</param>
    public PostgreSqlGrainStorage(PostgreSqlDatabase database, IGrainStorageSerializer serializer)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
    }

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await using var connection = await _database.OpenAsync();
        await using var command = connection.Command(
            "SELECT etag, state FROM ow_grain_state WHERE grain_id = @grain AND state_name = @name", ("grain", grainId.ToString()), ("name", stateName));
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            GrainStates.Found(grainState, reader.GetString(0), (byte[])reader.GetValue(1), _serializer);
        }
        else
        {
            GrainStates.Missing(grainState);
        }
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var etag = Guid.NewGuid().ToString("N");
        var sql = grainState.ETag is null
            ? "INSERT INTO ow_grain_state (grain_id, state_name, etag, state) VALUES (@grain, @name, @etag, @state) ON CONFLICT DO NOTHING"
            : "UPDATE ow_grain_state SET etag = @etag, state = @state WHERE grain_id = @grain AND state_name = @name AND etag = @expected";
        await ExecuteConditionallyAsync(
            sql, stateName, grainId, grainState.ETag, ("etag", etag), ("state", _serializer.Serialize(grainState.State).ToArray()));
        GrainStates.Written(grainState, etag);
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (grainState.ETag is not null)
        {
            await ExecuteConditionallyAsync(
                "DELETE FROM ow_grain_state WHERE grain_id = @grain AND state_name = @name AND etag = @expected", stateName, grainId, grainState.ETag);
        }
        else
        {
            await using var connection = await _database.OpenAsync();
            if (await connection.ScalarAsync("SELECT etag FROM ow_grain_state WHERE grain_id = @grain AND state_name = @name", CancellationToken.None, ("grain", grainId.ToString()), ("name", stateName)) is string stored)
            {
                throw GrainStates.Conflict(stateName, grainId, stored, null);
            }
        }

        GrainStates.Missing(grainState);
    }

    private async Task ExecuteConditionallyAsync(string sql, string stateName, GrainId grainId, string? expected, params (string Name, object? Value)[] values)
    {
        await using var connection = await _database.OpenAsync();
        (string, object?)[] parameters = [("grain", grainId.ToString()), ("name", stateName), .. expected is null ? [] : new[] { ("expected", (object?)expected) }, .. values];
        if (await connection.ExecuteAsync(sql, CancellationToken.None, parameters) == 0)
        {
            var stored = await connection.ScalarAsync(
                "SELECT etag FROM ow_grain_state WHERE grain_id = @grain AND state_name = @name", CancellationToken.None, ("grain", grainId.ToString()), ("name", stateName)) as string;
            throw GrainStates.Conflict(stateName, grainId, stored, expected);
        }
    }
}
