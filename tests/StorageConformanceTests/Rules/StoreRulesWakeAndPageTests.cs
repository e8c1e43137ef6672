using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.Rules;

/// <summary>Due-at-once, the order and paging of due wake-ups, and query page trimming (<see cref="StoreRules"/>).</summary>
public sealed class StoreRulesWakeAndPageTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void WakeAt_WithAnInboxEntryTheWriterDoesNotKnow_IsDueAtOnce()
    {
        Assert.Equal(InstanceRecord.DueAtOnce, StoreRules.EffectiveWakeAt(T0, highestInboxId: 5, inboxSeenUpTo: 4));
        Assert.Equal(InstanceRecord.DueAtOnce, StoreRules.EffectiveWakeAt(null, highestInboxId: 1, inboxSeenUpTo: 0));
        Assert.Equal(InstanceRecord.DueAtOnce, StoreRules.WakeAtAfterAppend);
    }

    [Fact]
    public void WakeAt_WhenTheWriterKnowsEveryEntry_IsTheRequestedOne()
    {
        Assert.Equal(T0, StoreRules.EffectiveWakeAt(T0, highestInboxId: 5, inboxSeenUpTo: 5));
        Assert.Null(StoreRules.EffectiveWakeAt(null, highestInboxId: 0, inboxSeenUpTo: 0));
    }

    [Fact]
    public void DuePage_IsDueOnly_InTimeThenIdOrder_AfterTheCursor_AtMostMax()
    {
        (string, DateTime?)[] stored =
        [
            ("b", T0), ("a", T0), ("late", T0.AddMinutes(5)), ("none", null), ("early", T0.AddMinutes(-1)), ("c", T0),
        ];
        Assert.Equal(["early", "a", "b", "c"], StoreRules.DuePage(stored, T0, null, 10).Select(w => w.InstanceId));
        Assert.Equal(["early", "a"], StoreRules.DuePage(stored, T0, null, 2).Select(w => w.InstanceId));
        Assert.Equal(["b", "c"], StoreRules.DuePage(stored, T0, new DueWakeUp("a", T0), 10).Select(w => w.InstanceId));
        Assert.Empty(StoreRules.DuePage(stored, T0, new DueWakeUp("c", T0), 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => StoreRules.DuePage(stored, T0, null, 0));
    }

    [Fact]
    public void IsDue_AtOrBeforeTheTime_NeverWithoutAWakeUp()
    {
        Assert.True(StoreRules.IsDue(T0, T0));
        Assert.False(StoreRules.IsDue(T0.AddTicks(1), T0));
        Assert.False(StoreRules.IsDue(null, DateTime.MaxValue));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Query_WithAPageSizeOutOfRange_IsRefused(int pageSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StoreRules.CheckQuery(new InstanceQuery { PageSize = pageSize }));

    [Fact]
    public void TrimPage_WithTheExtraRow_KeepsThePageAndContinuesAfterItsLast()
    {
        var rows = Enumerable.Range(0, 4).Select(Record).ToList();
        Assert.Equal(4, StoreRules.RowsToRead(new InstanceQuery { PageSize = 3 }));
        var page = StoreRules.TrimPage(rows, 3);
        Assert.Equal(["i0", "i1", "i2"], page.Instances.Select(r => r.InstanceId));
        Assert.Equal(QueryCursor.After(Record(2)), page.ContinuationToken);
        Assert.Equal((T0.AddSeconds(2), "i2"), QueryCursor.Parse(page.ContinuationToken!));
    }

    [Fact]
    public void TrimPage_WithoutTheExtraRow_IsTheLastPage()
    {
        var page = StoreRules.TrimPage(Enumerable.Range(0, 3).Select(Record).ToList(), 3);
        Assert.Equal(3, page.Instances.Count);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public void ForQuery_NeverReturnsEngineState_AndPayloadsOnlyWhenAsked_ButAlwaysFailureDetails()
    {
        var running = Record(0) with { Input = "in", Output = "out", CustomStatus = "cs", EngineState = "es" };
        Assert.Equal(running with { EngineState = null }, StoreRules.ForQuery(running, true));
        Assert.Equal(running with { Input = null, Output = null, CustomStatus = null, EngineState = null }, StoreRules.ForQuery(running, false));
        var failed = running with { Status = OrchestrationRuntimeStatus.Failed };
        Assert.Equal("out", StoreRules.ForQuery(failed, false).Output);
    }

    private static InstanceRecord Record(int i) => new()
    {
        InstanceId = $"i{i}", Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running, CreatedAt = T0.AddSeconds(i),
    };
}
