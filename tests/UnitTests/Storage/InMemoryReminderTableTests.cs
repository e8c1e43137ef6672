using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.UnitTests.Storage;

public sealed class InMemoryReminderTableTests
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly InMemoryReminderTable _table = new();

    [Fact]
    public async Task UpsertRow_NewRow_ReturnsETagOfTheStoredRow()
    {
        var etag = await _table.UpsertRow(Entry("g1", "r1"));

        var row = await _table.ReadRow(Grain("g1"), "r1");
        Assert.NotNull(row);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(etag, row.ETag);
        Assert.Equal((T0, TimeSpan.FromMinutes(1)), (row.StartAt, row.Period));
    }

    [Fact]
    public async Task UpsertRow_ExistingRow_ReplacesItUnderANewETag()
    {
        var first = await _table.UpsertRow(Entry("g1", "r1"));

        var second = await _table.UpsertRow(Entry("g1", "r1", period: TimeSpan.FromMinutes(5)));

        var row = await _table.ReadRow(Grain("g1"), "r1");
        Assert.NotEqual(first, second);
        Assert.Equal((second, TimeSpan.FromMinutes(5)), (row!.ETag, row.Period));
        Assert.Equal(1, _table.Count);
    }

    [Fact]
    public async Task RemoveRow_CurrentETag_RemovesTheRow()
    {
        var etag = await _table.UpsertRow(Entry("g1", "r1"));

        Assert.True(await _table.RemoveRow(Grain("g1"), "r1", etag!));

        Assert.Null(await _table.ReadRow(Grain("g1"), "r1"));
        Assert.Equal(0, _table.Count);
    }

    [Fact]
    public async Task RemoveRow_StaleETag_ReturnsFalseAndKeepsTheRow()
    {
        var stale = await _table.UpsertRow(Entry("g1", "r1"));
        var current = await _table.UpsertRow(Entry("g1", "r1"));

        Assert.False(await _table.RemoveRow(Grain("g1"), "r1", stale!));

        Assert.Equal(current, (await _table.ReadRow(Grain("g1"), "r1"))!.ETag);
    }

    [Fact]
    public async Task RemoveRow_UnknownRow_ReturnsFalse()
    {
        var etag = await _table.UpsertRow(Entry("g1", "r1"));

        Assert.False(await _table.RemoveRow(Grain("g1"), "other", etag!));
        Assert.False(await _table.RemoveRow(Grain("g2"), "r1", etag!));
    }

    [Fact]
    public async Task ReadRows_ByGrain_ReturnsOnlyThatGrainsReminders()
    {
        await _table.UpsertRow(Entry("g1", "r1"));
        await _table.UpsertRow(Entry("g1", "r2"));
        await _table.UpsertRow(Entry("g2", "r1"));

        var rows = (await _table.ReadRows(Grain("g1"))).Reminders;

        Assert.Equal(["r1", "r2"], rows.Select(r => r.ReminderName).Order());
        Assert.Empty((await _table.ReadRows(Grain("g3"))).Reminders);
    }

    [Fact]
    public async Task Rows_ReadAndWritten_AreCopies()
    {
        var entry = Entry("g1", "r1");
        await _table.UpsertRow(entry);
        entry.Period = TimeSpan.FromDays(1);

        var read = await _table.ReadRow(Grain("g1"), "r1");
        read!.Period = TimeSpan.FromDays(2);

        Assert.Equal(TimeSpan.FromMinutes(1), (await _table.ReadRow(Grain("g1"), "r1"))!.Period);
    }

    [Fact]
    public async Task CancellableOverloads_ReachTheTable()
    {
        IReminderTable table = _table;
        var etag = await table.UpsertRow(Entry("g1", "r1"), CancellationToken.None);

        Assert.Single((await table.ReadRows(0, 0, CancellationToken.None)).Reminders);
        Assert.True(await table.RemoveRow(Grain("g1"), "r1", etag!, CancellationToken.None));
    }

    [Fact]
    public async Task UpsertRow_ConcurrentWriters_GetDistinctETags()
    {
        var etags = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => _table.UpsertRow(Entry($"g{i % 8}", $"r{i}")))));

        Assert.Equal(64, etags.Distinct().Count());
        Assert.Equal(64, _table.Count);
    }

    [Fact]
    public async Task TestOnlyClearTable_RemovesEverything()
    {
        await _table.UpsertRow(Entry("g1", "r1"));

        await _table.TestOnlyClearTable();

        Assert.Equal(0, _table.Count);
    }

    internal static GrainId Grain(string key) => GrainId.Create("test", key);

    private static ReminderEntry Entry(string grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = Grain(grain),
        ReminderName = name,
        StartAt = T0,
        Period = period ?? TimeSpan.FromMinutes(1),
    };
}
