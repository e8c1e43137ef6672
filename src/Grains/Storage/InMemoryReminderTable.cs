using System.Globalization;

namespace OrleansWorkflows.Storage;

/// <summary>
/// An Orleans reminder table held in memory, for tests: unlike Orleans' own in-memory reminder service (a grain on one
/// silo), one instance is shared by every silo of an in-process cluster, so any silo may die without losing reminders.
/// Thread-safe. Rows are copied in and out, so callers never share an entry with the table. Every upsert gets a new
/// ETag; <see cref="RemoveRow"/> removes a row only when its ETag matches.
/// </summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, Dictionary<string, ReminderEntry>> _rows = [];
    private long _lastETag;

    /// <summary>The number of reminders stored (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _rows.Values.Sum(r => r.Count);
            }
        }
    }

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        lock (_lock)
        {
            var rows = _rows.TryGetValue(grainId, out var byName) ? byName.Values.Select(Copy) : [];
            return Task.FromResult(new ReminderTableData(rows));
        }
    }

    /// <summary>
    /// Reads the rows whose grain's uniform hash is in the ring range (<paramref name="begin"/>, <paramref name="end"/>]:
    /// <c>begin &lt; hash &lt;= end</c> when <c>begin &lt; end</c>, else (the range wraps around, or is the whole ring
    /// when they are equal) <c>hash &gt; begin || hash &lt;= end</c>.
    /// </summary>
    /// <param name="begin">The exclusive lower bound.</param>
    /// <param name="end">The inclusive upper bound.</param>
    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        lock (_lock)
        {
            var rows = _rows
                .Where(r => HashRingRange.Contains(begin, end, r.Key.GetUniformHashCode()))
                .SelectMany(r => r.Value.Values)
                .Select(Copy);
            return Task.FromResult(new ReminderTableData(rows));
        }
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        lock (_lock)
        {
            var row = _rows.TryGetValue(grainId, out var byName) && byName.TryGetValue(reminderName, out var entry) ? Copy(entry) : null;
            return Task.FromResult(row);
        }
    }

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            var row = Copy(entry);
            row.ETag = (++_lastETag).ToString(CultureInfo.InvariantCulture);
            if (!_rows.TryGetValue(row.GrainId, out var byName))
            {
                byName = _rows[row.GrainId] = new Dictionary<string, ReminderEntry>(StringComparer.Ordinal);
            }

            byName[row.ReminderName] = row;
            return Task.FromResult<string?>(row.ETag);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(grainId, out var byName)
                || !byName.TryGetValue(reminderName, out var row)
                || !string.Equals(row.ETag, eTag, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            byName.Remove(reminderName);
            if (byName.Count == 0)
            {
                _rows.Remove(grainId);
            }

            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task TestOnlyClearTable()
    {
        lock (_lock)
        {
            _rows.Clear();
            return Task.CompletedTask;
        }
    }

    private static ReminderEntry Copy(ReminderEntry entry) => new()
    {
        GrainId = entry.GrainId,
        ReminderName = entry.ReminderName,
        StartAt = entry.StartAt,
        Period = entry.Period,
        ETag = entry.ETag,
    };
}
