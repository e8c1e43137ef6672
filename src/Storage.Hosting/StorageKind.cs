namespace OrleansWorkflows.Hosting;

/// <summary>Where a silo keeps workflow state and reminders (configuration key <c>Storage:Kind</c>).</summary>
public enum StorageKind
{
    /// <summary>In memory: lost when the process exits (tests, throwaway runs).</summary>
    Memory = 0,

    /// <summary>A local SQLite file: durable across restarts of one host (the default).</summary>
    Sqlite = 1,

    /// <summary>PostgreSQL: store, reminders and cluster membership for many silos.</summary>
    PostgreSql = 2,

    /// <summary>An Azure Storage account (Azurite for development): store, reminders, membership and grain state for many silos.</summary>
    AzureStorage = 3,
}
