using Npgsql;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>
/// The schema as numbered migrations, recorded in <c>ow_schema_version</c>. Several processes start at once, so
/// migrations run under a session advisory lock and re-read the version inside it; each migration commits with its
/// version row. Never edit a released migration: add the next one. Tables live in the connection's search path.
/// </summary>
internal static class PostgreSqlMigrations
{
    /// <summary>The advisory lock key ("OWMIGR" in ASCII).</summary>
    private const long LockKey = 0x4F574D494752;

    private static readonly string[] Steps =
    [
        // 1: workflow store, reminders, membership.
        """
        CREATE TABLE ow_instances (
            instance_id text COLLATE "C" NOT NULL PRIMARY KEY,
            name text NOT NULL,
            name_key text NOT NULL,
            execution_id text NOT NULL,
            status integer NOT NULL,
            input text NULL,
            output text NULL,
            custom_status text NULL,
            parent_instance_id text NULL,
            created_at bigint NOT NULL,
            last_updated_at bigint NOT NULL,
            completed_at bigint NULL,
            version bigint NOT NULL,
            engine_state text NULL,
            history_count bigint NOT NULL,
            last_inbox_id bigint NOT NULL
        );
        CREATE INDEX ix_ow_instances_created ON ow_instances (created_at, instance_id);
        CREATE INDEX ix_ow_instances_status ON ow_instances (status, created_at, instance_id);
        CREATE INDEX ix_ow_instances_name ON ow_instances (name_key, created_at, instance_id);
        CREATE TABLE ow_history (
            instance_id text COLLATE "C" NOT NULL,
            seq bigint NOT NULL,
            event text NOT NULL,
            PRIMARY KEY (instance_id, seq)
        );
        CREATE TABLE ow_inbox (
            instance_id text COLLATE "C" NOT NULL,
            id bigint NOT NULL,
            message text NOT NULL,
            sender text NULL,
            sequence bigint NOT NULL,
            PRIMARY KEY (instance_id, id)
        );
        CREATE UNIQUE INDEX ux_ow_inbox_sender ON ow_inbox (instance_id, sender, sequence) WHERE sender IS NOT NULL;
        CREATE TABLE ow_outbox (
            instance_id text COLLATE "C" NOT NULL,
            id bigint NOT NULL,
            receiver text NOT NULL,
            message text NOT NULL,
            PRIMARY KEY (instance_id, id)
        );
        CREATE TABLE ow_reminders (
            grain_id text NOT NULL,
            name text NOT NULL,
            grain_hash bigint NOT NULL,
            start_at bigint NOT NULL,
            period bigint NOT NULL,
            etag text NOT NULL,
            PRIMARY KEY (grain_id, name)
        );
        CREATE INDEX ix_ow_reminders_hash ON ow_reminders (grain_hash);
        CREATE TABLE ow_membership_version (
            cluster_id text NOT NULL PRIMARY KEY,
            version bigint NOT NULL,
            etag text NOT NULL
        );
        CREATE TABLE ow_membership (
            cluster_id text NOT NULL,
            address text NOT NULL,
            status integer NOT NULL,
            entry text NOT NULL,
            i_am_alive bigint NOT NULL,
            etag text NOT NULL,
            PRIMARY KEY (cluster_id, address)
        );
        """,

        // 2: durable wake-ups, found by the recovery sweep (IWakeIndex).
        """
        ALTER TABLE ow_instances ADD COLUMN wake_at bigint NULL;
        CREATE INDEX ix_ow_instances_wake ON ow_instances (wake_at, instance_id) WHERE wake_at IS NOT NULL;
        """,

        // 3: client request ids, remembered for the deduplication window (IWorkflowStore.AppendRequestAsync).
        """
        CREATE TABLE ow_requests (
            instance_id text COLLATE "C" NOT NULL,
            request_id text COLLATE "C" NOT NULL,
            received_at bigint NOT NULL,
            PRIMARY KEY (instance_id, request_id)
        );
        CREATE INDEX ix_ow_requests_received ON ow_requests (received_at);
        """,

        // 4: the silo's default Orleans grain storage (PostgreSqlGrainStorage).
        """
        CREATE TABLE ow_grain_state (
            grain_id text COLLATE "C" NOT NULL,
            state_name text COLLATE "C" NOT NULL,
            etag text NOT NULL,
            state bytea NOT NULL,
            PRIMARY KEY (grain_id, state_name)
        );
        """,

        // 5: the orchestration version of each instance (side-by-side versions), shown in lists and filtered on
        // (version_key: upper-cased, as name_key). Rows written before it read as unversioned.
        """
        ALTER TABLE ow_instances ADD COLUMN orchestration_version text NULL;
        ALTER TABLE ow_instances ADD COLUMN version_key text NULL;
        CREATE INDEX ix_ow_instances_version ON ow_instances (version_key, created_at, instance_id) WHERE version_key IS NOT NULL;
        """,
    ];

    /// <summary>The schema version this code writes.</summary>
    public static int LatestVersion => Steps.Length;

    public static async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS ow_schema_version (version integer NOT NULL)", cancellationToken);
            var current = await ReadVersionAsync(connection, cancellationToken);
            if (current > Steps.Length)
            {
                throw new InvalidOperationException(
                    $"The database has schema version {current}; this build knows up to {Steps.Length}. Use a newer build.");
            }

            for (var next = current + 1; next <= Steps.Length; next++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, Steps[next - 1], cancellationToken);
                await ExecuteAsync(connection, $"DELETE FROM ow_schema_version; INSERT INTO ow_schema_version VALUES ({next})", cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT max(version) FROM ow_schema_version", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is int version ? version : 0;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
