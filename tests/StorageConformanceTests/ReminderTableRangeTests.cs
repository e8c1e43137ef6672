using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

/// <summary>Range reads of the reminder table follow Orleans' ring ranges: (begin, end], wrapping around.</summary>
public sealed class ReminderTableRangeTests
{
    [Theory]
    [InlineData(10u, 20u, 10u, false)]
    [InlineData(10u, 20u, 11u, true)]
    [InlineData(10u, 20u, 20u, true)]
    [InlineData(10u, 20u, 21u, false)]
    [InlineData(20u, 10u, 15u, false)]
    [InlineData(20u, 10u, 20u, false)]
    [InlineData(20u, 10u, 21u, true)]
    [InlineData(20u, 10u, uint.MaxValue, true)]
    [InlineData(20u, 10u, 0u, true)]
    [InlineData(20u, 10u, 10u, true)]
    [InlineData(7u, 7u, 7u, true)]
    [InlineData(7u, 7u, 0u, true)]
    [InlineData(0u, 0u, uint.MaxValue, true)]
    [InlineData(0u, uint.MaxValue, 0u, false)]
    [InlineData(uint.MaxValue, 0u, 0u, true)]
    [InlineData(uint.MaxValue, 0u, uint.MaxValue, false)]
    public void Contains_FollowsTheRingRule(uint begin, uint end, uint hash, bool expected) =>
        Assert.Equal(expected, HashRingRange.Contains(begin, end, hash));

    [Fact]
    public async Task ReadRows_Range_SelectsByGrainHashWithWrapAround()
    {
        var table = new InMemoryReminderTable();
        var grains = Enumerable.Range(0, 3)
            .Select(i => ReminderTableConformanceTests.Grain($"g{i}"))
            .OrderBy(g => g.GetUniformHashCode())
            .ToArray();
        foreach (var grain in grains)
        {
            await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "r", Period = TimeSpan.FromMinutes(1) });
        }

        var (low, mid, high) = (grains[0].GetUniformHashCode(), grains[1].GetUniformHashCode(), grains[2].GetUniformHashCode());

        Assert.Equal([grains[1]], await ReadAsync(table, low, mid));
        Assert.Equal([grains[1], grains[2]], await ReadAsync(table, low, high));
        Assert.Equal([grains[0]], await ReadAsync(table, high, low));
        Assert.Equal([grains[0], grains[1]], await ReadAsync(table, high, mid));
        Assert.Equal(grains, await ReadAsync(table, mid, mid));
    }

    private static async Task<GrainId[]> ReadAsync(InMemoryReminderTable table, uint begin, uint end) =>
        [.. (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).OrderBy(g => g.GetUniformHashCode())];
}
