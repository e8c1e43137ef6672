using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

/// <summary>
/// The behaviour every <see cref="IReminderTable"/> backend must show (as Orleans' reminder service relies on it). A
/// backend's test class derives from this and creates a fresh, empty table per test.
/// </summary>
public abstract class ReminderTableConformanceTests : IAsyncLifetime
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private IReminderTable? _table;

    private IReminderTable Table => _table ?? throw new InvalidOperationException("The table is not created yet.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _table = await CreateTableAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Creates an empty table.</summary>
    protected abstract Task<IReminderTable> CreateTableAsync();

    private async Task<int> CountAsync() => (await Table.ReadRows(0, 0)).Reminders.Count;

    [Fact]
    public async Task UpsertRow_NewRow_ReturnsETagOfTheStoredRow()
    {
        var etag = await Table.UpsertRow(Entry("g1", "r1"));

        var row = await Table.ReadRow(Grain("g1"), "r1");
        Assert.NotNull(row);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(etag, row.ETag);
        Assert.Equal((T0, TimeSpan.FromMinutes(1)), (row.StartAt, row.Period));
    }

    [Fact]
    public async Task UpsertRow_ExistingRow_ReplacesItUnderANewETag()
    {
        var first = await Table.UpsertRow(Entry("g1", "r1"));

        var second = await Table.UpsertRow(Entry("g1", "r1", period: TimeSpan.FromMinutes(5)));

        var row = await Table.ReadRow(Grain("g1"), "r1");
        Assert.NotEqual(first, second);
        Assert.Equal((second, TimeSpan.FromMinutes(5)), (row!.ETag, row.Period));
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task RemoveRow_CurrentETag_RemovesTheRow()
    {
        var etag = await Table.UpsertRow(Entry("g1", "r1"));

        Assert.True(await Table.RemoveRow(Grain("g1"), "r1", etag!));

        Assert.Null(await Table.ReadRow(Grain("g1"), "r1"));
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task RemoveRow_StaleETag_ReturnsFalseAndKeepsTheRow()
    {
        var stale = await Table.UpsertRow(Entry("g1", "r1"));
        var current = await Table.UpsertRow(Entry("g1", "r1"));

        Assert.False(await Table.RemoveRow(Grain("g1"), "r1", stale!));

        Assert.Equal(current, (await Table.ReadRow(Grain("g1"), "r1"))!.ETag);
    }

    [Fact]
    public async Task RemoveRow_UnknownRow_ReturnsFalse()
    {
        var etag = await Table.UpsertRow(Entry("g1", "r1"));

        Assert.False(await Table.RemoveRow(Grain("g1"), "other", etag!));
        Assert.False(await Table.RemoveRow(Grain("g2"), "r1", etag!));
    }

    [Fact]
    public async Task ReadRows_ByGrain_ReturnsOnlyThatGrainsReminders()
    {
        await Table.UpsertRow(Entry("g1", "r1"));
        await Table.UpsertRow(Entry("g1", "r2"));
        await Table.UpsertRow(Entry("g2", "r1"));

        var rows = (await Table.ReadRows(Grain("g1"))).Reminders;

        Assert.Equal(["r1", "r2"], rows.Select(r => r.ReminderName).Order());
        Assert.Empty((await Table.ReadRows(Grain("g3"))).Reminders);
    }

    [Fact]
    public async Task Rows_ReadAndWritten_AreCopies()
    {
        var entry = Entry("g1", "r1");
        await Table.UpsertRow(entry);
        entry.Period = TimeSpan.FromDays(1);

        var read = await Table.ReadRow(Grain("g1"), "r1");
        read!.Period = TimeSpan.FromDays(2);

        Assert.Equal(TimeSpan.FromMinutes(1), (await Table.ReadRow(Grain("g1"), "r1"))!.Period);
    }

    [Fact]
    public async Task CancellableOverloads_ReachTheTable()
    {
        var table = Table;
        var etag = await table.UpsertRow(Entry("g1", "r1"), CancellationToken.None);

        Assert.Single((await table.ReadRows(0, 0, CancellationToken.None)).Reminders);
        Assert.True(await table.RemoveRow(Grain("g1"), "r1", etag!, CancellationToken.None));
    }

    [Fact]
    public async Task UpsertRow_ConcurrentWriters_GetDistinctETags()
    {
        var etags = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => Table.UpsertRow(Entry($"g{i % 8}", $"r{i}")))));

        Assert.Equal(64, etags.Distinct().Count());
        Assert.Equal(64, await CountAsync());
    }

    [Fact]
    public async Task TestOnlyClearTable_RemovesEverything()
    {
        await Table.UpsertRow(Entry("g1", "r1"));

        await Table.TestOnlyClearTable();

        Assert.Equal(0, await CountAsync());
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

/// <summary>Runs the reminder table conformance tests on <see cref="InMemoryReminderTable"/>.</summary>
public sealed class InMemoryReminderTableTests : ReminderTableConformanceTests
{
    protected override Task<IReminderTable> CreateTableAsync() => Task.FromResult<IReminderTable>(new InMemoryReminderTable());
}
