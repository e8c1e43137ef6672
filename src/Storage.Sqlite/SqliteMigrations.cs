using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrleansWorkflows.Storage.Sqlite;

/// <summary>
/// The schema, as numbered migrations recorded in <c>PRAGMA user_version</c>. Each runs once, in its own immediate
/// (write-locking) transaction that re-reads the version, so processes starting at once apply it exactly once.
/// Never edit a released migration: add the next one.
/// </summary>
internal static class SqliteMigrations
{
    private static readonly string[] Steps =
    [
        // 1: instances (the queryable index + engine bookkeeping), append-only history, inbox, outbox, reminders.
        """
        CREATE TABLE instances (
            instance_id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            status INTEGER NOT NULL,
            input TEXT NULL,
            output TEXT NULL,
            custom_status TEXT NULL,
            parent_instance_id TEXT NULL,
            created_at INTEGER NOT NULL,
            last_updated_at INTEGER NOT NULL,
            completed_at INTEGER NULL,
            version INTEGER NOT NULL,
            engine_state TEXT NULL,
            history_count INTEGER NOT NULL,
            last_inbox_id INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_instances_created ON instances (created_at, instance_id);
        CREATE INDEX ix_instances_status ON instances (status, created_at, instance_id);
        CREATE INDEX ix_instances_name ON instances (name_key, created_at, instance_id);
        CREATE TABLE history (
            instance_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            event TEXT NOT NULL,
            PRIMARY KEY (instance_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE inbox (
            instance_id TEXT NOT NULL,
            id INTEGER NOT NULL,
            message TEXT NOT NULL,
            sender TEXT NULL,
            sequence INTEGER NOT NULL,
            PRIMARY KEY (instance_id, id)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX ux_inbox_sender ON inbox (instance_id, sender, sequence) WHERE sender IS NOT NULL;
        CREATE TABLE outbox (
            instance_id TEXT NOT NULL,
            id INTEGER NOT NULL,
            receiver TEXT NOT NULL,
            message TEXT NOT NULL,
            PRIMARY KEY (instance_id, id)
        ) WITHOUT ROWID;
        CREATE TABLE reminders (
            grain_id TEXT NOT NULL,
            name TEXT NOT NULL,
            grain_hash INTEGER NOT NULL,
            start_at INTEGER NOT NULL,
            period INTEGER NOT NULL,
            etag TEXT NOT NULL,
            PRIMARY KEY (grain_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX ix_reminders_hash ON reminders (grain_hash);
        """,

        // 2: durable wake-ups, found by the recovery sweep (IWakeIndex).
        """
        ALTER TABLE instances ADD COLUMN wake_at INTEGER NULL;
        CREATE INDEX ix_instances_wake ON instances (wake_at, instance_id) WHERE wake_at IS NOT NULL;
        """,

        // 3: client request ids, remembered for the deduplication window (IWorkflowStore.AppendRequestAsync).
        """
        CREATE TABLE requests (
            instance_id TEXT NOT NULL,
            request_id TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            UNIQUE (instance_id, request_id)
        );
        CREATE INDEX ix_requests_received ON requests (received_at);
        """,

        // 4: the silo's default Orleans grain storage (SqliteGrainStorage).
        """
        CREATE TABLE grain_state (
            grain_id TEXT NOT NULL,
            state_name TEXT NOT NULL,
            etag TEXT NOT NULL,
            state BLOB NOT NULL,
            PRIMARY KEY (grain_id, state_name)
        ) WITHOUT ROWID;
        """,

        // 5: the orchestration version of each instance (side-by-side versions), shown in lists and filtered on
        // (version_key: upper-cased, as name_key). Rows written before it read as unversioned.
        """
        ALTER TABLE instances ADD COLUMN orchestration_version TEXT NULL;
        ALTER TABLE instances ADD COLUMN version_key TEXT NULL;
        CREATE INDEX ix_instances_version ON instances (version_key, created_at, instance_id) WHERE version_key IS NOT NULL;
        """,
    ];

    /// <summary>The schema version this code writes.</summary>
    public static int LatestVersion => Steps.Length;

    /// <summary>Applies every migration the database has not seen; fails when it was written by a newer version.</summary>
    public static void Apply(SqliteConnection connection)
    {
        for (var next = ReadVersion(connection) + 1; next <= Steps.Length; next++)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var current = ReadVersion(connection, transaction);
            if (current < next)
            {
                SqliteDatabase.Execute(connection, Steps[next - 1], transaction);
                SqliteDatabase.Execute(connection, $"PRAGMA user_version = {next.ToString(CultureInfo.InvariantCulture)};", transaction);
            }

            transaction.Commit();
        }

        var version = ReadVersion(connection);
        if (version > Steps.Length)
        {
            throw new InvalidOperationException(
                $"The database has schema version {version}; this build knows up to {Steps.Length}. Use a newer build.");
        }
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
