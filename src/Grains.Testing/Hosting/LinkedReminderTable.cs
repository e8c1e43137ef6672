namespace OrleansWorkflows.Hosting;

/// <summary>A silo's view of a shared reminder table that fails once the silo's <see cref="SiloStorageLink"/> is severed.</summary>
internal sealed class LinkedReminderTable(IReminderTable inner, SiloStorageLink link) : IReminderTable
{
    public Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        link.ThrowIfSevered();
        return inner.ReadRows(grainId);
    }

    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        link.ThrowIfSevered();
        return inner.ReadRows(begin, end);
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        link.ThrowIfSevered();
        return inner.ReadRow(grainId, reminderName);
    }

    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        link.ThrowIfSevered();
        return inner.UpsertRow(entry);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        link.ThrowIfSevered();
        return inner.RemoveRow(grainId, reminderName, eTag);
    }

    public Task TestOnlyClearTable()
    {
        link.ThrowIfSevered();
        return inner.TestOnlyClearTable();
    }
}
