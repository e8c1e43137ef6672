using System.Collections.Concurrent;

namespace OrleansWorkflows.UpgradeTests;

/// <summary>
/// Reads the fixture's reminder rows through today's reminder table as the silo starts, after the store is migrated
/// and before anything can fire or remove a reminder (the reminder service and grains start only when the silo becomes
/// active): every stored row must still be readable as stored.
/// </summary>
/// <param name="table">The silo's reminder table (the backend's, as the product configures it).</param>
/// <param name="stored">The rows the manifest lists.</param>
internal sealed class StoredReminderProbe(IReminderTable table, IReadOnlyList<StoredReminder> stored) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>What today's table read for each stored row (<c>null</c>: not found).</summary>
    public ConcurrentDictionary<StoredReminder, ReminderEntry?> Read { get; } = new();

    /// <summary>True once every row was read.</summary>
    public bool Done { get; private set; }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StoredReminderProbe), ServiceLifecycleStage.ApplicationServices, async _ =>
        {
            foreach (var row in stored)
            {
                Read[row] = await table.ReadRow(GrainId.Parse(row.GrainId), row.Name);
            }

            Done = true;
        });
}
