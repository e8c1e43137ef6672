using OrleansWorkflows.Storage.AzureStorage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>The sets of present inbox and outbox entries the status row keeps as ranges.</summary>
public sealed class IdSetTests
{
    [Fact]
    public void AddAndRemove_KeepDisjointSortedRanges_AndRoundTripAsText()
    {
        var set = new IdSet();
        foreach (var id in new long[] { 5, 1, 2, 3, 9, 4, 7 })
        {
            set.Add(id);
        }

        Assert.Equal("1-5,7,9", set.ToString());
        Assert.True(set.Remove(3));
        Assert.False(set.Remove(3));
        Assert.True(set.Remove(9));
        Assert.True(set.Remove(1));
        set.Add(8);

        Assert.Equal("2,4-5,7-8", set.ToString());
        Assert.Equal([2L, 4, 5, 7, 8], set.All());
        Assert.Equal((5L, 8L), (set.Count, set.Max));
        Assert.Equal(set.ToString(), IdSet.Parse(set.ToString()).ToString());
        Assert.True(set.Contains(7) && !set.Contains(6) && !set.Contains(3));
        Assert.True(IdSet.Parse(string.Empty).IsEmpty);
        Assert.Equal(0, IdSet.Parse(null).Max);
    }

    [Fact]
    public void Random_AddsAndRemoves_MatchASortedSet()
    {
        var random = new Random(14);
        var set = new IdSet();
        var expected = new SortedSet<long>();
        for (var i = 0; i < 5_000; i++)
        {
            var id = random.Next(1, 300);
            if (random.Next(3) == 0)
            {
                Assert.Equal(expected.Remove(id), set.Remove(id));
            }
            else
            {
                expected.Add(id);
                set.Add(id);
            }
        }

        Assert.Equal(expected, set.All());
        Assert.Equal(expected, IdSet.Parse(set.ToString()).All());
    }
}
